/**
 * Worker entry (see build-off-thread.ts): reads and indexes corpus folders on request and posts
 * back the snapshot bytes of each result, so the costly, synchronous part of a rebuild (ingestion,
 * index, statements) does not hold up the thread that answers questions.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { configured } from '../config.js';
import { buildCoverageParts } from '../coverage.js';
import { createReadCache, readCorpus, rememberCorpus } from '../ingest/index.js';
import { buildArticle, extractArticle } from '../ingest/article-file.js';
import type { BuildProgress, BuildReply, BuildRequest, BuildWorkerData } from './build-off-thread.js';
import { readSnapshotParts, snapshotChunks, updateCounts } from './load.js';

// The configuration comes as a copy of the value the loader was given (a fingerprint hashes the same content).
const { config, progress } = workerData as BuildWorkerData;

// Code and data loaded on first use (the HTML libraries, the sentence splitter's language model)
// are loaded now, so the watchdog, which times each file, times reading and not loading.
const outlets = configured(config).outlets;
for (const [text, format] of [
  ['Warm-up\n\nThe council met on Monday, 3 March 2025, and agreed the plan. Officials said so.', 'text'],
  ['<html><head><title>Warm-up</title></head><body><article><p>The council met on Monday and agreed the plan. Officials said so.</p></article></body></html>', 'html'],
] as const) {
  const extracted = extractArticle(text, format, outlets);
  if ('article' in extracted) buildArticle('warm-up.txt', extracted.article);
}

const port = parentPort!;
port.on('message', (request: BuildRequest) => {
  build(request).then(
    (reply) => port.postMessage(reply, [reply.bytes]),
    (error: Error) => port.postMessage({ id: request.id, error: error.message } satisfies BuildReply),
  );
});

async function build(request: BuildRequest): Promise<BuildReply & { bytes: ArrayBuffer }> {
  // An update starts from the previous version's snapshot: its unchanged files are not read again, its unchanged articles not analysed again.
  const previous = request.previous ? readSnapshotParts(request.previous.file, request.previous.fingerprint, config) : null;
  const cache = createReadCache();
  if (previous) rememberCorpus(cache, previous.corpus, new Map(request.previous!.stamps));
  const corpus = await readCorpus(request.corpusDirs, {
    config,
    maxFileBytes: request.maxFileBytes,
    refused: new Map(request.refused ?? []),
    cache,
    // The watchdog's clock: the thread that asked stops this worker when one file takes too long.
    onFile: (file) => progress.postMessage({ id: request.id, at: Date.now(), progress: 'file', file } satisfies BuildProgress),
  });
  progress.postMessage({ id: request.id, at: Date.now(), progress: 'indexing' } satisfies BuildProgress);
  const chunks = snapshotChunks(buildCoverageParts(corpus, { config, previous: previous ?? undefined }), request.fingerprint);
  // One buffer of its own, so it can be transferred rather than copied.
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  const updated = previous ? updateCounts(previous.corpus, corpus, cache.lastRead) : undefined;
  return { id: request.id, bytes: bytes.buffer, articles: corpus.articles.length, ...(updated ? { updated } : {}) };
}
