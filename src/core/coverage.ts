import { createHash } from 'node:crypto';
import type { Corpus } from './ingest/types.js';
import type { Answer, AskOptions } from './qa/types.js';
import type { ProgressCallback } from './progress.js';
import type { LatestFilter, SpeakerCount, Statement } from './statements/types.js';
import { readCorpus } from './ingest/index.js';
import { buildIndex, type PassageIndex } from './index/index.js';
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

export function buildCoverage(corpus: Corpus): Coverage {
  return assembleCoverage(buildCoverageParts(corpus));
}

/**
 * Indexes the corpus and extracts its statements: the costly step of making a coverage.
 * `onProgress` is told how far each step ('indexing', 'finding statements') has come.
 */
export function buildCoverageParts(corpus: Corpus, options: { onProgress?: ProgressCallback } = {}): CoverageParts {
  return {
    corpus,
    index: buildIndex(corpus.articles, { onProgress: options.onProgress }),
    statements: extractStatements(corpus.articles, { onProgress: options.onProgress }),
    version: corpusVersion(corpus),
  };
}

/** What a coverage is made of; the costly parts (index, statements) can come from a snapshot. */
export interface CoverageParts {
  corpus: Corpus;
  index: PassageIndex;
  statements: Statement[];
  version: string;
}

export function assembleCoverage({ corpus, index, statements, version }: CoverageParts): Coverage {
  const summary = summarize(corpus);
  return {
    version,
    corpus,
    ask: (question, options) => answerQuestion(index, question, { ...options, statements }),
    latest: (filter) => selectLatest(statements, index, filter),
    speakers: () => countSpeakers(statements),
    statements: () => statements,
    summary: () => summary,
  };
}

export async function loadCoverage(dir: string): Promise<Coverage> {
  return buildCoverage(await readCorpus(dir));
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
