import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort, type ResourceLimits } from 'node:worker_threads';
import type { CoreConfig } from '../config.js';
import type { Fingerprint } from './fingerprint.js';

export interface BuildRequest {
  id: number;
  /** The corpus folders, read in order. */
  corpusDirs: string[];
  maxFileBytes?: number;
  /** Files not to read, with the reason to report (files that stalled an earlier build). */
  refused?: Array<[file: string, reason: string]>;
  /** Written into the snapshot's header, so the bytes can be saved as they are. */
  fingerprint: Fingerprint;
  /**
   * The previous version to update rather than build every article again: its snapshot file, the
   * fingerprint it must carry, and the stamps its files had when they were read. The worker reads
   * only files whose stamp changed and analyses only new and changed articles; when the snapshot
   * is missing or another, it builds everything.
   */
  previous?: { file: string; fingerprint: Fingerprint; stamps: Array<[file: string, stamp: string]> };
}

/** What an update changed: files read, articles added, changed and removed. */
export interface UpdateCounts {
  read: number;
  added: number;
  changed: number;
  removed: number;
}

/**
 * Progress of a build, stamped with the time (Date.now()) it was made: the file being read (the
 * watchdog's clock), then the indexing. Posted on the worker's progress port (workerData.progress).
 */
export type BuildProgress = { id: number; at: number } & ({ progress: 'file'; file: string } | { progress: 'indexing' });

/** A whole snapshot file (see format.ts) and its article count, or why the build failed. */
export type BuildReply = { id: number; bytes: ArrayBuffer; articles: number; updated?: UpdateCounts; error?: undefined } | { id: number; error: string };

export interface BuildLimits {
  /** Caps the worker's heap (V8 old generation); a build that needs more fails instead of growing the process. */
  maxHeapMb?: number;
  /** The watchdog: longest time one file may take to read before the build is stopped (default DEFAULT_FILE_TIMEOUT_MS). */
  fileTimeoutMs?: number;
}

/**
 * Longest time one file may take to read in a build. Within the HTML budget the slowest page
 * measured takes 1.5 s; 60 s leaves a wide margin for a loaded machine and still unblocks a
 * stuck reload within a minute.
 */
export const DEFAULT_FILE_TIMEOUT_MS = 60_000;

/** A build stopped by the watchdog: reading `file` took longer than the limit. */
export class BuildStalledError extends Error {
  override name = 'BuildStalledError';
  constructor(
    readonly file: string,
    readonly ms: number,
  ) {
    super(`reading ${file} took longer than ${ms / 1000} s; the build was stopped`);
  }
}

/** Builds snapshots in a worker thread; see createOffThreadBuilder. */
export type OffThreadBuilder = (request: Omit<BuildRequest, 'id'>) => Promise<{ bytes: Buffer; articles: number; updated?: UpdateCounts }>;

interface Pending {
  worker: Worker;
  resolve: (built: { bytes: Buffer; articles: number; updated?: UpdateCounts }) => void;
  reject: (error: Error) => void;
  watchdog?: NodeJS.Timeout;
  /** The latest progress seen. */
  progress?: BuildProgress;
}

/**
 * Reads and indexes corpus folders in a worker thread, resolving with the snapshot bytes of each
 * result. The worker is started on the first build and kept for the next ones, so a reload does
 * not pay for loading the code and warming it up again; it does not keep the process alive while
 * idle. A build rejects when the worker cannot start, throws, runs out of memory or exits; the
 * next build then starts a new worker. A watchdog stops the worker when one file takes longer
 * than `fileTimeoutMs` to read (BuildStalledError names it); the indexing that follows the
 * reading has no time limit, since its time grows with the corpus.
 */
export function createOffThreadBuilder(config: CoreConfig, limits: BuildLimits = {}): OffThreadBuilder {
  const resourceLimits: ResourceLimits | undefined = limits.maxHeapMb ? { maxOldGenerationSizeMb: limits.maxHeapMb } : undefined;
  const fileTimeoutMs = limits.fileTimeoutMs ?? DEFAULT_FILE_TIMEOUT_MS;
  const pending = new Map<number, Pending>();
  let worker: Worker | undefined;
  let nextId = 1;

  const settle = (id: number): Pending | undefined => {
    const request = pending.get(id);
    if (!request) return undefined;
    clearTimeout(request.watchdog);
    pending.delete(id);
    return request;
  };

  /**
   * The watchdog of one request. Progress is read from the worker's progress port when the timer
   * fires, not as events: if this thread was itself held up, the progress made meanwhile is still
   * seen, so only a worker truly stuck on one file is stopped. Until the first file (the worker
   * starting) there is no limit.
   */
  const watch = (id: number, port: MessagePort, current: Worker, delay: number) => {
    const request = pending.get(id);
    if (!request) return;
    request.watchdog = setTimeout(() => {
      for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port)) {
        const progress = message.message as BuildProgress;
        const owner = pending.get(progress.id);
        if (owner) owner.progress = progress;
      }
      const latest = pending.get(id)?.progress;
      if (!pending.has(id) || latest?.progress === 'indexing') return;
      const stalledFor = latest ? Date.now() - latest.at : 0;
      if (latest?.progress === 'file' && stalledFor >= fileTimeoutMs) {
        settle(id)?.reject(new BuildStalledError(latest.file, fileTimeoutMs));
        if (worker === current) worker = undefined;
        void current.terminate();
        return;
      }
      watch(id, port, current, Math.max(10, fileTimeoutMs - stalledFor));
    }, delay);
    request.watchdog.unref();
  };

  let progressPort: MessagePort | undefined;
  const started = (): Worker => {
    if (worker) return worker;
    const channel = new MessageChannel();
    const current = startWorker(config, resourceLimits, channel.port2);
    progressPort = channel.port1;
    // Only this worker's requests fail with it: a retry may already run on its successor.
    const fail = (error: Error) => {
      if (worker === current) worker = undefined;
      for (const [id, request] of [...pending]) if (request.worker === current) settle(id)!.reject(error);
      channel.port1.close();
    };
    current.on('message', (message: BuildReply) => {
      const request = settle(message.id);
      if (!request) return;
      if (![...pending.values()].some((p) => p.worker === current)) current.unref();
      if (message.error !== undefined) request.reject(new Error(message.error));
      else request.resolve({ bytes: Buffer.from(message.bytes), articles: message.articles, updated: message.updated });
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
        pending.set(id, { worker: current, resolve, reject });
        current.ref();
        current.postMessage({ ...request, id } satisfies BuildRequest);
        watch(id, progressPort!, current, fileTimeoutMs);
      } catch (error) {
        pending.delete(id);
        reject(error as Error);
      }
    });
}

/** What a build worker is started with (workerData): its progress port and the configuration it builds with. */
export interface BuildWorkerData {
  progress: MessagePort;
  config: CoreConfig;
}

function startWorker(config: CoreConfig, resourceLimits: ResourceLimits | undefined, progress: MessagePort): Worker {
  const options = { resourceLimits, workerData: { progress, config } satisfies BuildWorkerData, transferList: [progress] };
  const built = new URL('./build-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return new Worker(built, options);
  // Running from the TypeScript sources (tsx, vitest). Node 20 does not apply `--import tsx` to a
  // worker, so the worker registers tsx itself before loading its entry.
  const source = new URL('./build-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
