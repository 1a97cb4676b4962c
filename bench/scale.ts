import { writeFileSync } from 'node:fs';
import type { Article } from '../src/core/index.js';
// CoverageParts and assembleCoverage are what the snapshot persists and restores; core/index.ts does not re-export them.
import { assembleCoverage, buildCoverageParts, type CoverageParts } from '../src/core/coverage.js';
import { buildIndex } from '../src/core/index/index.js';
import { loadWordNet, loadWordVectors } from '../src/core/lexicon/index.js';
import { coverageFromSnapshot, snapshotChunks } from '../src/core/snapshot/index.js';
import { analyzer, coreConfig, countPassages, readReuters, readSeeds, repeatArticles } from './corpus.js';
import { collectGarbage, cpuNow, latencySummary, memoryAfterGc, now, peakRssMb, round, settledMemory, timed, timedAsync, type SettledMemory } from './measure.js';
import { readQaSet } from './qa-set.js';
import { warmupQuestions } from './quality.js';
import { benchScorers } from './scorers.js';
import type { ServedPoint } from './served.js';

/**
 * One point of the scale curve, measured in a fresh process (run by bench/run.ts through
 * bench/section.ts) so that its RSS is this point's and nothing else's.
 */

export interface ScalePointOptions {
  /** Target passages: the seeds plus Reuters articles until at least this many; null for all of Reuters. */
  passages: number | null;
  /** Repeat the Reuters articles with distinct ids to reach `passages` (for points beyond the corpus). */
  synthetic?: boolean;
  /** Corpus questions added to the development questions for the `ask` latency (default 100). */
  corpusQuestions?: number;
  /** Timed passes over the questions (default 2). */
  rounds?: number;
  /** Also write the coverage's snapshot to this file, for the served section (bench/served.ts). */
  snapshotFile?: string;
}

export interface ScalePoint {
  passages: number;
  articles: number;
  synthetic: boolean;
  target_passages: number | null;
  load_ms: number;
  /** buildIndex alone. */
  build_ms: number;
  build_cpu_ms: number;
  /** buildCoverage: index plus statements plus version hash. */
  coverage_build_ms: number;
  coverage_build_cpu_ms: number;
  ask_p50_ms: number;
  ask_p99_ms: number;
  ask_mean_ms: number;
  /** p50 over the development questions only (the seeds are the answer, Reuters is noise). */
  dev_ask_p50_ms: number;
  ask_samples: number;
  /** `ask` latency per answer scorer (bench/scorers.ts), over the same questions; the first is the bot's. */
  by_scorer: Record<string, { ask_p50_ms: number; ask_p99_ms: number; ask_mean_ms: number; ask_cpu_p50_ms: number; ask_cpu_p99_ms: number }>;
  /** Loading WordNet and the word vectors (src/core/lexicon), which query expansion and answering use. */
  lexicon_load_ms: number;
  /**
   * After buildCoverage with the lexicon loaded, settled (bench/measure.ts settledMemory: the median
   * of the last readings of 3 s of collections); the articles themselves are in both.
   */
  rss_mb: number;
  /** After all the `ask` rounds, settled the same way. */
  rss_after_ask_mb: number;
  heap_mb: number;
  /** Every figure of both readings (heap reserved and used, buffers, each RSS reading), and the process's peak RSS. */
  memory: { after_build: SettledMemory; after_ask: SettledMemory; peak_rss_mb: number };
  /** Heap of the loaded articles alone, before anything was built. */
  corpus_heap_mb: number;
  /**
   * Size of the coverage snapshot the bot persists in its data folder (src/core/snapshot: corpus,
   * statements and index), the time to encode it, and the time to restore a coverage from it.
   */
  index_bytes: number;
  snapshot_ms: number;
  restore_ms: number;
  /**
   * The same coverage as a bot serves it, restored from its snapshot in a fresh process
   * (bench/served.ts), added by bench/bench.ts; absent when not measured.
   */
  served?: ServedPoint | { error: string };
}

export async function runScalePoint(options: ScalePointOptions): Promise<ScalePoint> {
  const { passages: target, synthetic = false, corpusQuestions = 100, rounds = 2, snapshotFile } = options;
  const { value: articles, ms: loadMs } = await timedAsync(() => loadArticles(target ?? Infinity, synthetic));
  const baseline = memoryAfterGc();
  const { persisted, ...measured } = await measureCoverage(articles, corpusQuestions, rounds, snapshotFile);
  collectGarbage();
  // Timed after the coverage is gone, so neither its memory nor its garbage counts in the other.
  const build = timed(() => buildIndex(articles, { analyzer }));

  return {
    passages: countPassages(articles),
    articles: articles.length,
    synthetic,
    target_passages: target,
    load_ms: round(loadMs, 1),
    build_ms: round(build.ms, 1),
    build_cpu_ms: round(build.cpuMs, 1),
    ...measured,
    corpus_heap_mb: baseline.heap_mb,
    ...persisted,
  };
}

/** Builds the coverage as the bot does, reads the memory, then times `ask`; the coverage is garbage on return. */
async function measureCoverage(articles: Article[], corpusQuestions: number, rounds: number, snapshotFile: string | undefined) {
  const parts = timed(() => buildCoverageParts({ dir: 'bench', articles, skipped: [] }, { config: coreConfig }));
  const coverage = { ...parts, value: assembleCoverage(parts.value) };
  // A serving process holds the lexicon from its first question on: count it in the RSS.
  const lexicon = timed(() => [loadWordNet(), loadWordVectors()]);
  const afterBuild = await settledMemory();

  const dev = readQaSet().items.map((item) => item.q);
  const questions = [...dev, ...warmupQuestions(articles, corpusQuestions, 7)];
  for (const q of warmupQuestions(articles, 20, 99)) coverage.value.ask(q);
  const scorers = benchScorers().map((s) => ({ name: s.name, ask: s.ask(parts.value) }));
  const samples = new Map(scorers.map((s) => [s.name, [] as number[]]));
  // CPU time of each question too: on a shared machine wall time also counts other processes' turns.
  const cpuSamples = new Map(scorers.map((s) => [s.name, [] as number[]]));
  const devSamples: number[] = [];
  // Rounds alternate the scorers question by question, so a busy machine slows them alike.
  for (let r = 0; r < rounds; r++) {
    for (const [i, q] of questions.entries()) {
      for (const [k, scorer] of scorers.entries()) {
        const start = now();
        const cpuStart = cpuNow();
        scorer.ask(q);
        const ms = now() - start;
        cpuSamples.get(scorer.name)!.push(cpuNow() - cpuStart);
        samples.get(scorer.name)!.push(ms);
        if (k === 0 && i < dev.length) devSamples.push(ms);
      }
    }
  }
  const afterAsk = await settledMemory();
  const peakRss = peakRssMb();
  const byScorer = Object.fromEntries(
    [...samples].map(([name, ms]) => {
      const l = latencySummary(ms);
      const cpu = latencySummary(cpuSamples.get(name)!);
      return [name, { ask_p50_ms: l.p50_ms, ask_p99_ms: l.p99_ms, ask_mean_ms: l.mean_ms, ask_cpu_p50_ms: cpu.p50_ms, ask_cpu_p99_ms: cpu.p99_ms }];
    }),
  );
  const latency = latencySummary(samples.get(scorers[0]!.name)!);
  return {
    coverage_build_ms: round(coverage.ms, 1),
    coverage_build_cpu_ms: round(coverage.cpuMs, 1),
    ask_p50_ms: latency.p50_ms,
    ask_p99_ms: latency.p99_ms,
    ask_mean_ms: latency.mean_ms,
    dev_ask_p50_ms: latencySummary(devSamples).p50_ms,
    ask_samples: samples.get(scorers[0]!.name)!.length,
    by_scorer: byScorer,
    lexicon_load_ms: round(lexicon.ms, 1),
    rss_mb: afterBuild.rss_mb,
    rss_after_ask_mb: afterAsk.rss_mb,
    heap_mb: afterBuild.heap_mb,
    memory: { after_build: afterBuild, after_ask: afterAsk, peak_rss_mb: peakRss },
    persisted: measureSnapshot(parts.value, articles.length, snapshotFile),
  };
}

function measureSnapshot(parts: CoverageParts, articleCount: number, file: string | undefined) {
  const chunks = timed(() => snapshotChunks(parts));
  const bytes = Buffer.concat(chunks.value);
  if (file) writeFileSync(file, bytes);
  const restored = timed(() => coverageFromSnapshot(bytes, coreConfig));
  if (restored.value.coverage.corpus.articles.length !== articleCount) throw new Error('bench: the restored coverage lost articles');
  return { index_bytes: bytes.length, snapshot_ms: round(chunks.ms, 1), restore_ms: round(restored.ms, 1) };
}

async function loadArticles(target: number, synthetic: boolean): Promise<Article[]> {
  const seeds = (await readSeeds()).articles;
  const budget = target - countPassages(seeds);
  if (!synthetic) return [...seeds, ...(await readReuters(budget)).articles];
  const reuters = await readReuters(Infinity);
  const copies = Math.ceil(budget / Math.max(1, reuters.passages));
  return [...seeds, ...repeatArticles(reuters.articles, copies, budget)];
}
