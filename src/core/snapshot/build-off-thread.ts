import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Fingerprint } from './fingerprint.js';

export interface BuildRequest {
  corpusDir: string;
  maxFileBytes?: number;
  /** Written into the snapshot's header, so the bytes can be saved as they are. */
  fingerprint: Fingerprint;
}

export interface BuildResult {
  /** A whole snapshot file (see format.ts). */
  bytes: ArrayBuffer;
  articles: number;
}

export interface BuildLimits {
  /** Caps the worker's heap (V8 old generation); a build that needs more fails instead of growing the process. */
  maxHeapMb?: number;
}

/**
 * Reads and indexes a corpus folder in a worker thread and resolves with the snapshot bytes of
 * the result. Rejects when the worker cannot start, throws, runs out of memory or exits early.
 */
export function buildSnapshotOffThread(request: BuildRequest, limits: BuildLimits = {}): Promise<{ bytes: Buffer; articles: number }> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
    };
    const resourceLimits = limits.maxHeapMb ? { maxOldGenerationSizeMb: limits.maxHeapMb } : undefined;
    let worker: Worker;
    try {
      worker = startWorker(request, resourceLimits);
    } catch (error) {
      reject(error as Error);
      return;
    }
    worker.once('message', (result: BuildResult) =>
      settle(() => resolve({ bytes: Buffer.from(result.bytes), articles: result.articles })),
    );
    worker.once('error', (error) => settle(() => reject(error)));
    worker.once('messageerror', (error) => settle(() => reject(error)));
    worker.once('exit', (code) => settle(() => reject(new Error(`the build worker exited (code ${code}) without a result`))));
  });
}

function startWorker(request: BuildRequest, resourceLimits: { maxOldGenerationSizeMb: number } | undefined): Worker {
  const built = new URL('./build-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return new Worker(built, { workerData: request, resourceLimits });
  // Running from the TypeScript sources (tsx, vitest). Node 20 does not apply `--import tsx` to a
  // worker, so the worker loads tsx itself before its entry.
  const source = new URL('./build-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: request, resourceLimits });
}
