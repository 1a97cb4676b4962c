import { readFileSync } from 'node:fs';
import { loadWordNet, loadWordVectors } from '../src/core/lexicon/index.js';
import { coverageFromSnapshot } from '../src/core/snapshot/index.js';
import { coreConfig } from './corpus.js';
import { peakRssMb, round, settledMemory, timed, type SettledMemory } from './measure.js';
import { readQaSet } from './qa-set.js';
import { warmupQuestions } from './quality.js';

/**
 * A bot's serving footprint at a scale point. A bot never serves the coverage it built in its own
 * heap: its worker thread builds the snapshot and the bot restores the coverage from those bytes
 * (src/core/snapshot/load.ts), as it does at every restart. So this section, in a fresh process,
 * restores the coverage from the snapshot the scale point wrote, loads the lexicon, answers the
 * scale point's questions, and reads its memory settled. The scale point's own figures also hold
 * what its in-process build leaves behind (the analyzer's caches, the sentence splitter's model,
 * the articles as read); both are reported.
 */

export interface ServedOptions {
  /** The snapshot file the scale point wrote (ScalePointOptions.snapshotFile). */
  snapshotFile: string;
  /** Corpus questions added to the development questions, as the scale point asked (default 100). */
  corpusQuestions?: number;
  /** Passes over the questions (default 2). */
  rounds?: number;
}

export interface ServedPoint {
  /** Reading the file and restoring the coverage from it. */
  restore_ms: number;
  /** Restored, lexicon loaded, settled (bench/measure.ts settledMemory). */
  rss_mb: number;
  /** After the questions, settled. */
  rss_after_ask_mb: number;
  heap_mb: number;
  memory: { after_restore: SettledMemory; after_ask: SettledMemory; peak_rss_mb: number };
}

export async function runServedPoint(options: ServedOptions): Promise<ServedPoint> {
  const { corpusQuestions = 100, rounds = 2 } = options;
  const restored = timed(() => coverageFromSnapshot(readFileSync(options.snapshotFile), coreConfig).coverage);
  const coverage = restored.value;
  loadWordNet();
  loadWordVectors();
  const afterRestore = await settledMemory();
  // The scale point's questions: the same seed over the same articles gives the same ones.
  const questions = [...readQaSet().items.map((item) => item.q), ...warmupQuestions(coverage.corpus.articles, corpusQuestions, 7)];
  for (let r = 0; r < rounds; r++) for (const q of questions) coverage.ask(q);
  const afterAsk = await settledMemory();
  return {
    restore_ms: round(restored.ms, 1),
    rss_mb: afterRestore.rss_mb,
    rss_after_ask_mb: afterAsk.rss_mb,
    heap_mb: afterRestore.heap_mb,
    memory: { after_restore: afterRestore, after_ask: afterAsk, peak_rss_mb: peakRssMb() },
  };
}
