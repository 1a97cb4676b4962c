import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { QueryReply, QueryRequest, QueryWorkerData } from '../../src/archive/sync-query.js';
import { skipPostgresSuites, startPostgres, type PostgresServer } from '../support/postgres.js';

/**
 * The worker entry on its own, spoken to as createSyncQuery speaks to it: a request on the worker,
 * the reply on the reply port, and the shared counter bumped once per reply.
 */
describe.skipIf(skipPostgresSuites)('the archive query worker', () => {
  let server: PostgresServer;
  let worker: Worker;
  let replies: MessagePort;
  const signal = new SharedArrayBuffer(4);
  const counter = new Int32Array(signal);
  let nextId = 1;

  beforeAll(async () => {
    server = await startPostgres();
    const channel = new MessageChannel();
    replies = channel.port1;
    const source = new URL('../../src/archive/query-worker.ts', import.meta.url).href;
    const tsx = import.meta.resolve('tsx/esm/api');
    const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`;
    const workerData: QueryWorkerData & { replies: MessagePort } = { url: server.url, statementTimeoutMs: 300, connectTimeoutMs: 1000, signal, replies: channel.port2 };
    worker = new Worker(bootstrap, { eval: true, workerData, transferList: [channel.port2] });
  });
  afterAll(async () => {
    replies?.close();
    await worker?.terminate();
    await server?.remove();
  });

  function ask(sql: string, params: unknown[] = []): Promise<QueryReply> {
    const id = nextId++;
    return new Promise((resolve) => {
      const onReply = (reply: QueryReply) => {
        if (reply.id !== id) return;
        replies.off('message', onReply);
        resolve(reply);
      };
      replies.on('message', onReply);
      worker.postMessage({ id, sql, params } satisfies QueryRequest);
    });
  }

  it('replies with the rows on the reply port and bumps the shared counter once per reply', async () => {
    const before = Atomics.load(counter, 0);
    expect(await ask('SELECT $1::text AS word', ['harbour'])).toEqual({ id: 1, rows: [{ word: 'harbour' }] });
    expect(await ask('SELECT 1 WHERE false')).toEqual({ id: 2, rows: [] });
    // The worker bumps the counter right after posting, so the reply may arrive a moment before the bump.
    await vi.waitFor(() => expect(Atomics.load(counter, 0)).toBe(before + 2));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(Atomics.load(counter, 0)).toBe(before + 2);
  });

  it('replies with the error message, for bad SQL and for a query past the statement timeout', async () => {
    expect(await ask('SELEC 1')).toEqual({ id: expect.any(Number), error: expect.stringMatching(/syntax error/) });
    expect(await ask('SELECT pg_sleep(3)')).toEqual({ id: expect.any(Number), error: expect.stringMatching(/statement timeout/) });
    expect(await ask('SELECT 5 AS five')).toMatchObject({ rows: [{ five: 5 }] });
  });

  it('reads over a connection named for the reader, with sequential scans off', async () => {
    const reply = await ask("SELECT current_setting('application_name') AS name, current_setting('enable_seqscan') AS seqscan, current_setting('statement_timeout') AS timeout");
    expect(reply).toMatchObject({ rows: [{ name: 'coverage-bot reader', seqscan: 'off', timeout: '300ms' }] });
  });

  it('answers requests sent together, each under its own id', async () => {
    const all = await Promise.all([ask('SELECT 1 AS n'), ask('SELECT 2 AS n'), ask('SELECT 3 AS n')]);
    expect(all.map((r) => ('rows' in r ? r.rows[0]!.n : r.error))).toEqual([1, 2, 3]);
  });
});
