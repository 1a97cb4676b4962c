/**
 * Worker entry (see sync-query.ts): runs the queries the answering thread asks for, one at a time,
 * over its own connection, and wakes the waiting thread through the shared counter after posting
 * each reply on the reply port.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import pg from 'pg';
import type { QueryReply, QueryRequest, QueryWorkerData } from './sync-query.js';

const { url, statementTimeoutMs, connectTimeoutMs, replies, signal } = workerData as QueryWorkerData & { replies: MessagePort };
const counter = new Int32Array(signal);
const pool = new pg.Pool({
  connectionString: url,
  max: 1,
  statement_timeout: statementTimeoutMs,
  connectionTimeoutMillis: connectTimeoutMs,
  application_name: 'coverage-bot reader',
  // Every query of this connection is a per-question search meant for an index (GIN, speaker,
  // date). With a LIMIT and a common word, the planner may reckon a sequential scan finds enough
  // rows soon, and then reads millions of passages; never let it.
  options: '-c enable_seqscan=off',
});
// A dropped connection is reported by the next query; an idle client's error must not end the worker.
pool.on('error', () => undefined);

parentPort!.on('message', (request: QueryRequest) => {
  pool.query(request.sql, request.params).then(
    (result) => reply({ id: request.id, rows: result.rows }),
    (error: Error) => reply({ id: request.id, error: error.message || String(error) }),
  );
});

function reply(message: QueryReply): void {
  replies.postMessage(message);
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
}
