import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

export interface QueryRequest {
  id: number;
  sql: string;
  params: unknown[];
}
export type QueryReply = { id: number; rows: Record<string, unknown>[]; error?: undefined } | { id: number; error: string };
export interface QueryWorkerData {
  url: string;
  statementTimeoutMs: number;
  connectTimeoutMs: number;
  signal: SharedArrayBuffer;
}

/** A synchronous query: rows, or throws ArchiveQueryError. */
export interface SyncQuery {
  (sql: string, params?: unknown[]): Record<string, unknown>[];
  close(): Promise<void>;
}

export class ArchiveQueryError extends Error {
  constructor(message: string) {
    super(`coverage-bot: archive query failed: ${message}`);
    this.name = 'ArchiveQueryError';
  }
}

export interface SyncQueryOptions {
  /** Longest a query may run before PostgreSQL cancels it (default 1,000 ms; an ask must stay well under a second). */
  statementTimeoutMs?: number;
  /** Longest to wait for a connection (default 1,000 ms): an unreachable archive must not hold up an answer. */
  connectTimeoutMs?: number;
}

/**
 * Queries PostgreSQL synchronously, for the answer chooser, which is synchronous (like the
 * in-memory index it reads): a worker thread owns the connection and runs the query while this
 * thread waits on a shared counter (Atomics.wait), then takes the reply off a message port. The
 * wait is bounded (statement timeout + connect timeout + a margin), so a stalled archive costs one
 * bounded pause, never a hang; the caller then answers from the in-memory tier.
 */
export function createSyncQuery(url: string, options: SyncQueryOptions = {}): SyncQuery {
  const statementTimeoutMs = options.statementTimeoutMs ?? 1000;
  const connectTimeoutMs = options.connectTimeoutMs ?? 1000;
  // The reply normally comes far sooner; the margin covers a slow worker start.
  const waitMs = statementTimeoutMs + connectTimeoutMs + 2000;
  const signal = new SharedArrayBuffer(4);
  const counter = new Int32Array(signal);
  let worker: Worker | undefined;
  let replies: MessagePort | undefined;
  let nextId = 1;

  const started = (): { worker: Worker; replies: MessagePort } => {
    if (worker && replies) return { worker, replies };
    const channel = new MessageChannel();
    const data: QueryWorkerData & { replies: MessagePort } = { url, statementTimeoutMs, connectTimeoutMs, signal, replies: channel.port2 };
    const current = startWorker(data, [channel.port2]);
    current.unref();
    current.on('error', () => undefined);
    current.on('exit', () => {
      if (worker === current) worker = undefined;
    });
    worker = current;
    replies = channel.port1;
    replies.unref();
    return { worker: current, replies: channel.port1 };
  };

  const query = ((sql: string, params: unknown[] = []) => {
    const { worker: current, replies: port } = started();
    const id = nextId++;
    const request: QueryRequest = { id, sql, params };
    current.postMessage(request);
    const deadline = Date.now() + waitMs;
    for (;;) {
      // Read before looking at the port: a reply posted in between changes it, so the wait returns at once.
      const seen = Atomics.load(counter, 0);
      let message = receiveMessageOnPort(port);
      // Replies to earlier queries that timed out arrive late; they are dropped.
      while (message && (message.message as QueryReply).id !== id) message = receiveMessageOnPort(port);
      if (message) {
        const reply = message.message as QueryReply;
        if (reply.error !== undefined) throw new ArchiveQueryError(reply.error);
        return reply.rows;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new ArchiveQueryError(`no reply within ${waitMs} ms`);
      Atomics.wait(counter, 0, seen, left);
    }
  }) as SyncQuery;
  query.close = async () => {
    const current = worker;
    worker = undefined;
    replies?.close();
    replies = undefined;
    if (current) await current.terminate();
  };
  return query;
}

function startWorker(workerData: QueryWorkerData & { replies: MessagePort }, transferList: MessagePort[]): Worker {
  const built = new URL('./query-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return new Worker(built, { workerData, transferList });
  // Running from the TypeScript sources (tsx, vitest): the worker registers tsx before loading its entry.
  const source = new URL('./query-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(bootstrap, { eval: true, workerData, transferList });
}
