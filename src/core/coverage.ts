import { createHash } from 'node:crypto';
import type { Corpus } from './ingest/types.js';
import type { Answer, AskOptions } from './qa/types.js';
import type { ProgressCallback } from './progress.js';
import type { LatestFilter, SpeakerCount, Statement } from './statements/types.js';
import type { Article } from './ingest/types.js';
import { configured, type CoreConfig } from './config.js';
import { readCorpus } from './ingest/index.js';
import { buildIndex, tieredIndex, type PassageIndex } from './index/index.js';
import { answerQuestion } from './qa/index.js';
import { extractStatements, selectLatest, countSpeakers } from './statements/index.js';

export interface CoverageSummary {
  articles: number;
  passages: number;
  outlets: string[];
  /** Earliest and latest publication dates (YYYY-MM-DD), null when no article is dated. */
  from: string | null;
  to: string | null;
}

/** One loaded version of the coverage. Immutable: a change in the corpus makes a new one. */
export interface Coverage {
  /** Changes whenever the corpus content or the code's index format changes. */
  version: string;
  corpus: Corpus;
  /** The configuration it was built with; whatever else reads its text (the report's coverage gaps) reads it the same way. */
  config: CoreConfig;
  ask(question: string, options?: AskOptions): Answer;
  latest(filter?: LatestFilter): Statement[];
  speakers(): SpeakerCount[];
  statements(): readonly Statement[];
  summary(): CoverageSummary;
}

/** Where adapters get the coverage from; `current()` may return a newer version after a reload. */
export interface CoverageSource {
  current(): Coverage;
}

/** Bumped whenever the shape or meaning of what the index holds changes. */
export const INDEX_FORMAT = 1;

export function buildCoverage(corpus: Corpus, options: { config: CoreConfig }): Coverage {
  return assembleCoverage(buildCoverageParts(corpus, options));
}

/**
 * Indexes the corpus and extracts its statements: the costly step of making a coverage.
 * `onProgress` is told how far each step ('indexing', 'finding statements') has come.
 */
export function buildCoverageParts(corpus: Corpus, options: { config: CoreConfig; onProgress?: ProgressCallback }): CoverageParts {
  const { config, onProgress } = options;
  return {
    corpus,
    config,
    index: buildIndex(corpus.articles, { analyzer: configured(config).analyzer, onProgress }),
    statements: extractStatements(corpus.articles, { config, onProgress }),
    version: corpusVersion(corpus),
  };
}

/** What a coverage is made of; the costly parts (index, statements) can come from a snapshot. */
export interface CoverageParts {
  corpus: Corpus;
  /** The configuration the parts were built with (a snapshot's fingerprint holds a hash of it). */
  config: CoreConfig;
  index: PassageIndex;
  statements: Statement[];
  version: string;
}

/**
 * A second source of coverage beyond the in-memory parts (the archive's older articles): asked
 * synchronously, it hands over whole articles and statements that the same index and answer
 * chooser then weigh together with the in-memory ones. Each method returns what it can; an
 * unreachable source returns nothing rather than throwing.
 */
export interface ColdSource {
  /** Older articles (with all their passages) that may answer `text`; the hot index helps pick its rarer words. */
  articlesFor(text: string, hot: PassageIndex): Article[];
  /** Older statements that may pass `filter` (the caller filters and ranks them with the hot ones). */
  statementsFor(filter: LatestFilter): Statement[];
  /** Speaker counts over the whole coverage, or null to count the in-memory statements only. */
  speakers(): SpeakerCount[] | null;
  /** Summary of the whole coverage, or null to summarise the in-memory articles only. */
  summary(): CoverageSummary | null;
}

export function assembleCoverage({ corpus, config, index, statements, version }: CoverageParts, cold?: ColdSource): Coverage {
  const summary = summarize(corpus);
  const speakers = configured(config).speakers;
  if (!cold) {
    return {
      version,
      corpus,
      config,
      ask: (question, options) => answerQuestion(index, question, { ...options, statements }),
      latest: (filter) => selectLatest(statements, index, filter ?? {}, speakers),
      speakers: () => countSpeakers(statements),
      statements: () => statements,
      summary: () => summary,
    };
  }
  const hotIds = new Set(corpus.articles.map((a) => a.id));
  const indexFor = (text: string): PassageIndex => tieredIndex(index, cold.articlesFor(text, index));
  return {
    version,
    corpus,
    config,
    ask: (question, options) => {
      const text = options?.previous ? `${options.previous} ${question}` : question;
      return answerQuestion(indexFor(text), question, { ...options, statements });
    },
    latest: (filter) => {
      const older = cold.statementsFor(filter ?? {}).filter((s) => !s.citations.some((c) => hotIds.has(c.article)));
      if (older.length === 0) return selectLatest(statements, index, filter ?? {}, speakers);
      const articles = filter?.topic ? indexFor(filter.topic) : index;
      return selectLatest([...statements, ...older], articles, filter ?? {}, speakers);
    },
    speakers: () => cold.speakers() ?? countSpeakers(statements),
    statements: () => statements,
    summary: () => cold.summary() ?? summary,
  };
}

export async function loadCoverage(dir: string | readonly string[], options: { config: CoreConfig }): Promise<Coverage> {
  return buildCoverage(await readCorpus(dir, options), options);
}

export function corpusVersion(corpus: Corpus): string {
  const hash = createHash('sha256').update(`format:${INDEX_FORMAT}\n`);
  for (const article of corpus.articles) {
    // Every field a citation shows counts: a sidecar that corrects an outlet or URL is a new version.
    const meta = [article.id, article.title, article.subtitle, article.outlet, article.author, article.published, article.url];
    hash.update(`${JSON.stringify(meta)}\n${article.body}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

function summarize(corpus: Corpus): CoverageSummary {
  const dates = corpus.articles.flatMap((a) => (a.published ? [a.published] : [])).sort();
  const outlets = [...new Set(corpus.articles.flatMap((a) => (a.outlet ? [a.outlet] : [])))].sort();
  return {
    articles: corpus.articles.length,
    passages: corpus.articles.reduce((n, a) => n + a.passages.length, 0),
    outlets,
    from: dates[0] ?? null,
    to: dates.at(-1) ?? null,
  };
}
