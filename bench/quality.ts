import type { Answer, Article, Corpus, Coverage } from '../src/core/index.js';
import { buildCoverage } from '../src/core/index.js';
import { buildIndex } from '../src/core/index/index.js';
import { analyzer, coreConfig, countPassages, readReuters, readSeeds } from './corpus.js';
import { collectGarbage, latencySummary, median, memoryAfterGc, now, round, timed, timedAsync } from './measure.js';
import { judge, readQaSet, summarizeOutcomes, type EvalItem, type EvalReport } from './qa-set.js';
import { generateQueries } from './queries.js';
import { note } from './progress.js';

/**
 * The seeds section (build and in-process `ask` latency over the development questions) and the
 * distractor section (the same questions over the seeds alone and over the seeds buried among
 * Reuters articles), measured in one process.
 */

export interface QualityOptions {
  /** Reuters passages added as distractors (default null: the full set). */
  distractorPassages?: number | null;
  /** Timed passes over the development questions (default 5). */
  rounds?: number;
}

export interface SeedsReport {
  articles: number;
  passages: number;
  ingest_ms: number;
  /** buildIndex alone, median of 5 builds. */
  build_ms: number;
  /** buildCoverage: index, statements and version hash, as loadCoverage does after reading. */
  coverage_build_ms: number;
  ask_p50_ms: number;
  ask_p99_ms: number;
  ask_mean_ms: number;
  ask_samples: number;
  questions: number;
  qa_files: string[];
}

export interface DistractorRun extends Omit<EvalReport, 'items'> {
  articles: number;
  passages: number;
  coverage_build_ms: number;
  ask_p50_ms: number;
  ask_p99_ms: number;
}

export interface DistractorReport {
  questions: number;
  qa_files: string[];
  /** How the Reuters articles became Articles (the ingestion exposes no paragraphs → passages function). */
  reuters_passages_from: string;
  seeds_only: DistractorRun;
  with_reuters: DistractorRun & { reuters_articles: number; reuters_passages: number };
}

export async function runQuality(options: QualityOptions = {}): Promise<{ seeds: SeedsReport; distractors: DistractorReport }> {
  const { distractorPassages = null, rounds = 5 } = options;
  const qa = readQaSet();
  const ask = (coverage: Coverage, item: EvalItem): Answer => coverage.ask(item.q, item.previous ? { previous: item.previous } : {});

  const { value: seedCorpus, ms: ingestMs } = await timedAsync(() => readSeeds());
  const buildTimes = Array.from({ length: 5 }, () => timed(() => buildIndex(seedCorpus.articles, { analyzer })).ms);
  const seedCoverage = timed(() => buildCoverage(seedCorpus, { config: coreConfig }));
  // Warm the answering path with questions that are not the timed ones, so a cache of answers
  // (if the core keeps one) cannot make the timed questions look faster than a new question is.
  for (const q of warmupQuestions(seedCorpus.articles, 20)) seedCoverage.value.ask(q);
  const samples: number[] = [];
  let seedAnswers: Answer[] = [];
  for (let round = 0; round < rounds; round++) {
    const answers = qa.items.map((item) => {
      const start = now();
      const answer = ask(seedCoverage.value, item);
      samples.push(now() - start);
      return answer;
    });
    if (round === 0) seedAnswers = answers;
  }
  const latency = latencySummary(samples);
  const seeds: SeedsReport = {
    articles: seedCorpus.articles.length,
    passages: countPassages(seedCorpus.articles),
    ingest_ms: round(ingestMs, 1),
    build_ms: round(median(buildTimes), 2),
    coverage_build_ms: round(seedCoverage.ms, 2),
    ask_p50_ms: latency.p50_ms,
    ask_p99_ms: latency.p99_ms,
    ask_mean_ms: latency.mean_ms,
    ask_samples: samples.length,
    questions: qa.items.length,
    qa_files: qa.files,
  };

  const seedsOnly = distractorRun(seedCorpus, qa.items, seedCoverage.ms, seedAnswers, samples);
  collectGarbage();

  note('distractors: reading Reuters');
  const reuters = await readReuters(distractorPassages ?? Infinity);
  const buried: Corpus = { dir: seedCorpus.dir, articles: [...seedCorpus.articles, ...reuters.articles], skipped: [] };
  const buriedCoverage = timed(() => buildCoverage(buried, { config: coreConfig }));
  for (const q of warmupQuestions(buried.articles, 20)) buriedCoverage.value.ask(q);
  const buriedSamples: number[] = [];
  const buriedAnswers = qa.items.map((item) => {
    const start = now();
    const answer = ask(buriedCoverage.value, item);
    buriedSamples.push(now() - start);
    return answer;
  });
  memoryAfterGc();
  return {
    seeds,
    distractors: {
      questions: qa.items.length,
      qa_files: qa.files,
      reuters_passages_from: 'passagesFromParagraphs (eval/distractors.ts, wink-nlp sentences), as npm run eval -- --distractors',
      seeds_only: seedsOnly,
      with_reuters: {
        ...distractorRun(buried, qa.items, buriedCoverage.ms, buriedAnswers, buriedSamples),
        reuters_articles: reuters.articles.length,
        reuters_passages: reuters.passages,
      },
    },
  };
}

function distractorRun(corpus: Corpus, items: readonly EvalItem[], buildMs: number, answers: readonly Answer[], samples: readonly number[]): DistractorRun {
  const latency = latencySummary(samples);
  const { items: _count, ...scores } = summarizeOutcomes(items.map((item, i) => judge(item, answers[i]!)));
  return {
    articles: corpus.articles.length,
    passages: countPassages(corpus.articles),
    coverage_build_ms: round(buildMs, 1),
    ask_p50_ms: latency.p50_ms,
    ask_p99_ms: latency.p99_ms,
    ...scores,
  };
}

/** Questions about the corpus that are not in the QA set, for warming up the answering path. */
export function warmupQuestions(articles: readonly Article[], count: number, seed = 99): string[] {
  return generateQueries(articles, { seed, sentences: Math.ceil(count / 2), headlines: Math.floor(count / 2) }).map((q) =>
    q.kind === 'headline' ? `What happened: ${q.text}?` : `What about ${q.text}?`,
  );
}
