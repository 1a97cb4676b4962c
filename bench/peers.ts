import type { Article } from '../src/core/index.js';
import { countPassages, readReuters, readSeeds } from './corpus.js';
import { ENGINES, type Engine, type EngineName } from './engines.js';
import { collectGarbage, latencySummary, memoryAfterGc, now, round, timed } from './measure.js';
import { generateQueries, targetRank, type KnownItemQuery, type QueryKind } from './queries.js';
import { note } from './progress.js';

export interface PeerOptions {
  /** Passages to compare on: the seeds plus Reuters articles up to this many (default 100,000). */
  passages?: number;
  sentenceQueries?: number;
  headlineQueries?: number;
  /** Untimed queries (a different seed) run first on each engine (default 100). */
  warmupQueries?: number;
}

export interface RecallFigures {
  queries: number;
  recall_at_1: number;
  recall_at_5: number;
  p50_ms: number;
  p99_ms: number;
}

export interface EngineFigures extends RecallFigures {
  description: string;
  build_ms: number;
  build_cpu_ms: number;
  mean_ms: number;
  /** Growth of the heap and of RSS from before the build to after it (garbage collected). */
  heap_delta_mb: number;
  rss_delta_mb: number;
  by_kind: Record<QueryKind, RecallFigures>;
}

export interface PeerReport {
  passages: number;
  articles: number;
  queries: number;
  query_kinds: Record<QueryKind, number>;
  query_seed: number;
  order: EngineName[];
  ours: EngineFigures;
  minisearch: EngineFigures;
  wink_bm25: EngineFigures;
  /** The same peers given each passage's headline as a second field, as our index has it. */
  minisearch_titles: EngineFigures;
  wink_bm25_titles: EngineFigures;
  /** ours ÷ peer: below 1 means ours is faster or smaller. */
  ratios: Record<PeerName, { p50: number; p99: number; build: number; heap: number }>;
}

export type PeerName = Exclude<EngineName, 'ours'>;
export const PEER_NAMES: readonly PeerName[] = ['minisearch', 'wink_bm25', 'minisearch_titles', 'wink_bm25_titles'];

const QUERY_SEED = 1987;
const WARMUP_SEED = 4242;

/** Builds each engine in turn on the same passages and runs the same queries on it, in this process. */
export async function runPeers(options: PeerOptions = {}): Promise<PeerReport> {
  const { passages: budget = 100_000, sentenceQueries = 600, headlineQueries = 200, warmupQueries = 100 } = options;
  const seeds = await readSeeds();
  const reuters = await readReuters(budget - countPassages(seeds.articles));
  const articles = [...seeds.articles, ...reuters.articles];
  const queries = generateQueries(articles, { seed: QUERY_SEED, sentences: sentenceQueries, headlines: headlineQueries });
  const warmup = generateQueries(articles, {
    seed: WARMUP_SEED,
    sentences: Math.ceil(warmupQueries * 0.75),
    headlines: Math.floor(warmupQueries * 0.25),
  });
  const articleOfPassage = new Map<string, string>();
  for (const a of articles) for (const p of a.passages) articleOfPassage.set(p.id, a.id);

  const figures = {} as Record<EngineName, EngineFigures>;
  for (const engine of ENGINES) {
    note(`peers: ${engine.name} on ${articleOfPassage.size} passages, ${queries.length} queries`);
    figures[engine.name] = measureEngine(engine, articles, queries, warmup, (id) => articleOfPassage.get(id));
  }
  const ratio = (a: number, b: number) => (b > 0 ? round(a / b, 3) : Number.NaN);
  const ratiosTo = (peer: EngineFigures) => ({
    p50: ratio(figures.ours.p50_ms, peer.p50_ms),
    p99: ratio(figures.ours.p99_ms, peer.p99_ms),
    build: ratio(figures.ours.build_ms, peer.build_ms),
    heap: ratio(figures.ours.heap_delta_mb, peer.heap_delta_mb),
  });
  return {
    passages: articleOfPassage.size,
    articles: articles.length,
    queries: queries.length,
    query_kinds: {
      sentence: queries.filter((q) => q.kind === 'sentence').length,
      headline: queries.filter((q) => q.kind === 'headline').length,
    },
    query_seed: QUERY_SEED,
    order: ENGINES.map((e) => e.name),
    ours: figures.ours,
    minisearch: figures.minisearch,
    wink_bm25: figures.wink_bm25,
    minisearch_titles: figures.minisearch_titles,
    wink_bm25_titles: figures.wink_bm25_titles,
    ratios: Object.fromEntries(PEER_NAMES.map((name) => [name, ratiosTo(figures[name])])) as PeerReport['ratios'],
  };
}

function measureEngine(
  engine: Engine,
  articles: readonly Article[],
  queries: readonly KnownItemQuery[],
  warmup: readonly KnownItemQuery[],
  articleOf: (passageId: string) => string | undefined,
): EngineFigures {
  collectGarbage();
  const before = memoryAfterGc();
  const { value: search, ms: buildMs, cpuMs: buildCpuMs } = timed(() => engine.build(articles));
  const after = memoryAfterGc();

  for (const q of warmup) search(q.text, 5);
  const samples: { kind: QueryKind; ms: number; rank: number | null }[] = [];
  for (const q of queries) {
    const start = now();
    const ids = search(q.text, 5);
    const ms = now() - start;
    samples.push({ kind: q.kind, ms, rank: targetRank(q, ids, articleOf) });
  }
  const summarize = (subset: typeof samples): RecallFigures => {
    const latency = latencySummary(subset.map((s) => s.ms));
    const n = Math.max(1, subset.length);
    return {
      queries: subset.length,
      recall_at_1: round(subset.filter((s) => s.rank === 1).length / n, 4),
      recall_at_5: round(subset.filter((s) => s.rank !== null && s.rank <= 5).length / n, 4),
      p50_ms: latency.p50_ms,
      p99_ms: latency.p99_ms,
    };
  };
  const all = summarize(samples);
  const figures: EngineFigures = {
    description: engine.description,
    build_ms: round(buildMs, 1),
    build_cpu_ms: round(buildCpuMs, 1),
    ...all,
    mean_ms: latencySummary(samples.map((s) => s.ms)).mean_ms,
    heap_delta_mb: round(after.heap_mb - before.heap_mb, 1),
    rss_delta_mb: round(after.rss_mb - before.rss_mb, 1),
    by_kind: {
      sentence: summarize(samples.filter((s) => s.kind === 'sentence')),
      headline: summarize(samples.filter((s) => s.kind === 'headline')),
    },
  };
  // `search` and the engine it holds become garbage on return; the next measurement collects first.
  return figures;
}
