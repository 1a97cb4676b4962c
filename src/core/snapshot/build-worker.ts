/**
 * Worker entry (see build-off-thread.ts): reads and indexes a corpus folder and posts back the
 * snapshot bytes of the result, so the costly, synchronous part of a rebuild (ingestion, index,
 * statements) does not hold up the thread that answers questions.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildCoverageParts } from '../coverage.js';
import { readCorpus } from '../ingest/index.js';
import type { BuildRequest, BuildResult } from './build-off-thread.js';
import { snapshotChunks } from './load.js';

const request = workerData as BuildRequest;
const corpus = await readCorpus(request.corpusDir, { maxFileBytes: request.maxFileBytes });
const chunks = snapshotChunks(buildCoverageParts(corpus), request.fingerprint);
// One buffer of its own, so it can be transferred rather than copied.
const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
let at = 0;
for (const chunk of chunks) {
  bytes.set(chunk, at);
  at += chunk.length;
}
const result: BuildResult = { bytes: bytes.buffer, articles: corpus.articles.length };
parentPort!.postMessage(result, [bytes.buffer]);
