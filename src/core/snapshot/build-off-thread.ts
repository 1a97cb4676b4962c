import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { Fingerprint } from './fingerprint.js';

export interface BuildRequest {
  id: number;
  corpusDir: string;
  maxFileBytes?: number;
  /** Written into the snapshot's header, so the bytes can be saved as they are. */
  fingerprint: Fingerprint;
}

/** A whole snapshot file (see format.ts) and its article count, or why the build failed. */
export type BuildReply = { id: number; bytes: ArrayBuffer; articles: number; error?: undefined } | { id: number; error: string };

export interface BuildLimits {
  /** Caps the worker's heap (V8 old generation); a build that needs more fails instead of growing the process. */
  maxHeapMb?: number;
}

/** Builds snapshots in a worker thread; see createOffThreadBuilder. */
export type OffThreadBuilder = (request: Omit<BuildRequest, 'id'>) => Promise<{ bytes: Buffer; articles: number }>;

/**
 * Reads and indexes corpus folders in a worker thread, resolving with the snapshot bytes of each
 * result. The worker is started on the first build and kept for the next ones, so a reload does
 * not pay for loading the code and warming it up again; it does not keep the process alive while
 * idle. A build rejects when the worker cannot start, throws, runs out of memory or exits; the
 * next build then starts a new worker.
 */
export function createOffThreadBuilder(limits: BuildLimits = {}): OffThreadBuilder {
  const resourceLimits: ResourceLimits | undefined = limits.maxHeapMb ? { maxOldGenerationSizeMb: limits.maxHeapMb } : undefined;
  const pending = new Map<number, { resolve: (built: { bytes: Buffer; articles: number }) => void; reject: (error: Error) => void }>();
  let worker: Worker | undefined;
  let nextId = 1;

  const started = (): Worker => {
    if (worker) return worker;
    const current = startWorker(resourceLimits);
    const fail = (error: Error) => {
      if (worker === current) worker = undefined;
      for (const { reject } of pending.values()) reject(error);
      pending.clear();
    };
    current.on('message', (reply: BuildReply) => {
      const request = pending.get(reply.id);
      if (!request) return;
      pending.delete(reply.id);
      if (pending.size === 0) current.unref();
      if (reply.error !== undefined) request.reject(new Error(reply.error));
      else request.resolve({ bytes: Buffer.from(reply.bytes), articles: reply.articles });
    });
    current.on('error', fail);
    current.on('messageerror', fail);
    current.on('exit', (code) => fail(new Error(`the build worker exited (code ${code})`)));
    worker = current;
    return current;
  };

  return (request) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      try {
        const current = started();
        pending.set(id, { resolve, reject });
        current.ref();
        current.postMessage({ ...request, id } satisfies BuildRequest);
      } catch (error) {
        pending.delete(id);
        reject(error as Error);
      }
    });
}

function startWorker(resourceLimits: ResourceLimits | undefined): Worker {
  const built = new URL('./build-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return new Worker(built, { resourceLimits });
  // Running from the TypeScript sources (tsx, vitest). Node 20 does not apply `--import tsx` to a
  // worker, so the worker registers tsx itself before loading its entry.
  const source = new URL('./build-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(bootstrap, { eval: true, resourceLimits });
}
