#!/usr/bin/env node
/**
 * `node --max-old-space-size=20000 --import tsx bench/snapshot-scale.ts [PASSAGES]`: builds a
 * coverage of the Reuters articles repeated up to PASSAGES passages (default 4,100,000), writes its
 * snapshot to a temporary file chunk by chunk, reads it back by position and asks one question:
 * the check that a snapshot past V8's longest string (issue 17's 4M passages) persists. Prints the
 * time, the RSS and the snapshot's size at each step. Needs ../shared/corpus and ~8 GB of memory.
 */
import { closeSync, fstatSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildCoverageParts } from '../src/core/index.js';
import { coverageFromSnapshot, snapshotChunks } from '../src/core/snapshot/load.js';
import { coreConfig, countPassages, readReuters, repeatArticles } from './corpus.js';

const target = Number(process.argv[2] ?? 4_100_000);
const started = Date.now();
const log = (step: string): void => {
  const rss = process.memoryUsage().rss / 2 ** 20;
  process.stdout.write(`${((Date.now() - started) / 1000).toFixed(1)} s  ${step}  (RSS ${rss.toFixed(0)} MB)\n`);
};

const { articles } = await readReuters();
const copies = Math.ceil(target / Math.max(1, countPassages(articles)));
const all = repeatArticles(articles, copies, target);
log(`${all.length.toLocaleString('en')} articles, ${countPassages(all).toLocaleString('en')} passages`);
const parts = buildCoverageParts({ dir: '(synthetic)', articles: all, skipped: [] }, { config: coreConfig });
log(`coverage built: ${parts.index.passages.length.toLocaleString('en')} passages, ${parts.statements.length.toLocaleString('en')} statements`);

const dir = mkdtempSync(path.join(os.tmpdir(), 'snapshot-scale-'));
const file = path.join(dir, 'coverage.snapshot');
try {
  const out = openSync(file, 'w');
  let bytes = 0;
  for (const chunk of snapshotChunks(parts)) bytes += writeSync(out, chunk);
  closeSync(out);
  log(`snapshot written: ${(bytes / 2 ** 20).toFixed(0)} MB`);
  const input = openSync(file, 'r');
  const read = (position: number, length: number): Buffer => {
    const buffer = Buffer.alloc(length);
    readSync(input, buffer, 0, length, position);
    return buffer;
  };
  const { parts: restored, coverage } = coverageFromSnapshot({ size: fstatSync(input).size, read }, coreConfig);
  closeSync(input);
  const answer = coverage.ask(all[0]!.title);
  log(`read back: ${restored.index.passages.length.toLocaleString('en')} passages, ${restored.statements.length.toLocaleString('en')} statements; first citation ${answer.citations[0]?.article ?? 'none'}`);
  if (restored.index.passages.length !== parts.index.passages.length) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
