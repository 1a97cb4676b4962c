/**
 * Worker entry (see build-off-thread.ts): reads and indexes corpus folders on request and posts
 * back the snapshot bytes of each result, so the costly, synchronous part of a rebuild (ingestion,
 * index, statements) does not hold up the thread that answers questions.
 */
import { parentPort } from 'node:worker_threads';
import { buildCoverageParts } from '../coverage.js';
import { readCorpus } from '../ingest/index.js';
import type { BuildReply, BuildRequest } from './build-off-thread.js';
import { snapshotChunks } from './load.js';

const port = parentPort!;
port.on('message', (request: BuildRequest) => {
  build(request).then(
    (reply) => port.postMessage(reply, [reply.bytes]),
    (error: Error) => port.postMessage({ id: request.id, error: error.message } satisfies BuildReply),
  );
});

async function build(request: BuildRequest): Promise<BuildReply & { bytes: ArrayBuffer }> {
  const corpus = await readCorpus(request.corpusDir, { maxFileBytes: request.maxFileBytes });
  const chunks = snapshotChunks(buildCoverageParts(corpus), request.fingerprint);
  // One buffer of its own, so it can be transferred rather than copied.
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return { id: request.id, bytes: bytes.buffer, articles: corpus.articles.length };
}
