import { createHash } from 'node:crypto';
import type { Corpus } from './ingest/types.js';
import type { Answer, AskOptions, PartialReason } from './qa/types.js';
import type { ProgressCallback } from './progress.js';
import type { LatestFilter, SpeakerCount, Statement } from './statements/types.js';
import type { Article, ArticleMeta } from './ingest/types.js';
import { configured, type CoreConfig } from './config.js';
import { readCorpus } from './ingest/index.js';
import { buildIndex, tieredIndex, type PassageIndex } from './index/index.js';
import { answerQuestion } from './qa/index.js';
import { mergeArticleStatements, selectLatest, countSpeakers, statementsByArticle, type ArticleStatement } from './statements/index.js';

export interface CoverageSummary {
  articles: number;
  passages: number;
  outlets: string[];
  /** Earliest and latest publication dates (YYYY-MM-DD), null when no article is dated. */
  from: string | null;
  to: string | null;
}

/** An article as a listing shows it (`/sources`, `articles`, the report): its metadata and passage count, not its text. */
export interface ArticleListing extends ArticleMeta {
  passages: number;
}

/** A page of the coverage's articles; `next` asks for the following page (null after the last). */
export interface ArticlePage {
  articles: ArticleListing[];
  next: string | null;
  /** Set when the listing could not reach the older coverage: it lists the in-memory articles only. */
  partial?: PartialReason;
}

/**
 * The statements `latest` found, best first as it ranks them; `partial` is set when the older
 * coverage could not be searched, so they come from the in-memory coverage only. Copies of the
 * array (filter, sort) do not keep `partial`: read it from the result itself.
 */
export type LatestStatements = Statement[] & { partial?: PartialReason };

/** Which page of articles to list: at most `limit`, after the page whose `next` is `after` (the first page without it). */
export interface ArticlePageRequest {
  limit: number;
  after?: string | null;
}

/** One loaded version of the coverage. Immutable: a change in the corpus makes a new one. */
export interface Coverage {
  /** Changes whenever the corpus content or the code's index format changes. */
  version: string;
  corpus: Corpus;
  /** The configuration it was built with; whatever else reads its text (the report's coverage gaps) reads it the same way. */
  config: CoreConfig;
  /** The answer to a question; `partial` is set on it when part of the coverage could not be searched for it. */
  ask(question: string, options?: AskOptions): Answer;
  latest(filter?: LatestFilter): LatestStatements;
  speakers(): SpeakerCount[];
  statements(): readonly Statement[];
  summary(): CoverageSummary;
  /**
   * The articles of the whole coverage, newest first (undated last), a page at a time: an archive
   * holds far more than one listing or one process's memory should, so every listing pages.
   */
  listArticles(request: ArticlePageRequest): ArticlePage;
  /** The listings of the articles with these ids (those it has): titles for ids stored elsewhere, such as the report's. */
  articlesById(ids: readonly string[]): ArticleListing[];
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
 * `onProgress` is told how far each step ('indexing', 'finding statements') has come. With the
 * parts of an earlier version (`previous`, built with the same configuration), only its new and
 * changed articles are analysed again (a reload after a file was added, edited or removed); the
 * parts are the same as a build from scratch gives.
 */
export function buildCoverageParts(corpus: Corpus, options: { config: CoreConfig; onProgress?: ProgressCallback; previous?: CoverageParts }): CoverageParts {
  const { config, onProgress } = options;
  const previous = options.previous?.config === config ? options.previous : undefined;
  const earlier = previous?.articleStatements;
  const before = previous ? new Map(previous.corpus.articles.map((a) => [a.id, a])) : undefined;
  const index = buildIndex(corpus.articles, { analyzer: configured(config).analyzer, onProgress, previous: previous?.index });
  const articleStatements = statementsByArticle(corpus.articles, {
    config,
    onProgress,
    known: earlier && before ? (article) => (sameArticle(before.get(article.id), article) ? earlier.get(article.id) : undefined) : undefined,
  });
  return {
    corpus,
    config,
    index,
    statements: mergeArticleStatements(corpus.articles, articleStatements),
    version: corpusVersion(corpus),
    articleStatements,
  };
}

/** Whether an article of an earlier version is this one unchanged: every field and passage the same. */
function sameArticle(before: Article | undefined, article: Article): boolean {
  if (before === article) return true;
  if (!before) return false;
  const fields = ['id', 'file', 'title', 'subtitle', 'outlet', 'author', 'published', 'url', 'body'] as const;
  if (fields.some((f) => before[f] !== article[f]) || before.passages.length !== article.passages.length) return false;
  return before.passages.every((p, k) => {
    const q = article.passages[k]!;
    return p.id === q.id && p.text === q.text && p.start === q.start && p.end === q.end && p.paragraph === q.paragraph;
  });
}

/** What a coverage is made of; the costly parts (index, statements) can come from a snapshot. */
export interface CoverageParts {
  corpus: Corpus;
  /** The configuration the parts were built with (a snapshot's fingerprint holds a hash of it). */
  config: CoreConfig;
  index: PassageIndex;
  statements: Statement[];
  version: string;
  /**
   * Each article's own statements before merging, by article id: an update re-extracts only the
   * new and changed articles' (absent from older snapshots: then every article's are extracted once).
   */
  articleStatements?: ReadonlyMap<string, readonly ArticleStatement[]>;
}

/**
 * A second source of coverage beyond the in-memory parts (the archive's older articles): asked
 * synchronously, it hands over whole articles and statements that the same index and answer
 * chooser then weigh together with the in-memory ones. A method throws when the source cannot
 * be reached: the coverage then answers that request from the in-memory parts and marks the
 * result `partial` ('archive-unreachable'), so the user hears that the answer may be incomplete.
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
  /** A page of the whole coverage's articles, newest first, or null to list the in-memory articles only. */
  listArticles(request: ArticlePageRequest): ArticlePage | null;
  /** The listings of these articles that it holds (older ones the in-memory articles lack). */
  articlesById(ids: readonly string[]): ArticleListing[];
}

export function assembleCoverage({ corpus, config, index, statements, version }: CoverageParts, cold?: ColdSource): Coverage {
  const summary = summarize(corpus);
  const speakers = configured(config).speakers;
  const newestFirst = newestFirstOf(corpus.articles);
  const listInMemory = (request: ArticlePageRequest): ArticlePage => {
    const from = Math.max(0, Number(request.after ?? 0) || 0);
    const to = from + Math.max(0, request.limit);
    return { articles: newestFirst.slice(from, to).map(listingOf), next: to < newestFirst.length ? String(to) : null };
  };
  const byId = new Map(corpus.articles.map((a) => [a.id, a]));
  const inMemoryById = (ids: readonly string[]) => ids.flatMap((id) => (byId.has(id) ? [listingOf(byId.get(id)!)] : []));
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
      listArticles: listInMemory,
      articlesById: inMemoryById,
    };
  }
  const hotIds = new Set(corpus.articles.map((a) => a.id));
  return {
    version,
    corpus,
    config,
    ask: (question, options) => {
      const request = coldRequest(cold);
      const text = options?.previous ? `${options.previous} ${question}` : question;
      const older = request.read((source) => source.articlesFor(text, index), []);
      const answer = answerQuestion(tieredIndex(index, older), question, { ...options, statements });
      return request.partial && !answer.error ? { ...answer, partial: request.partial } : answer;
    },
    latest: (filter) => {
      const request = coldRequest(cold);
      const found = request.read((source) => source.statementsFor(filter ?? {}), []);
      const older = found.filter((s) => !s.citations.some((c) => hotIds.has(c.article)));
      let latest: LatestStatements;
      if (older.length === 0) {
        latest = selectLatest(statements, index, filter ?? {}, speakers);
      } else {
        const topic = filter?.topic;
        const articles = topic ? tieredIndex(index, request.read((source) => source.articlesFor(topic, index), [])) : index;
        latest = selectLatest([...statements, ...older], articles, filter ?? {}, speakers);
      }
      return request.partial ? Object.assign(latest, { partial: request.partial }) : latest;
    },
    speakers: () => coldRequest(cold).read((source) => source.speakers(), null) ?? countSpeakers(statements),
    statements: () => statements,
    summary: () => coldRequest(cold).read((source) => source.summary(), null) ?? summary,
    listArticles: (pageRequest) => {
      const request = coldRequest(cold);
      const page = request.read((source) => source.listArticles(pageRequest), null) ?? listInMemory(pageRequest);
      return request.partial ? { ...page, partial: request.partial } : page;
    },
    articlesById: (ids) => {
      const hot = inMemoryById(ids);
      const missing = ids.filter((id) => !byId.has(id));
      return missing.length === 0 ? hot : [...hot, ...coldRequest(cold).read((source) => source.articlesById(missing), [])];
    },
  };
}

/**
 * One request's reads of the cold source: a read that throws gives `fallback` (the request goes
 * on from the in-memory parts) and marks the request partial.
 */
function coldRequest(cold: ColdSource): { read<T>(call: (source: ColdSource) => T, fallback: T): T; partial: PartialReason | undefined } {
  const request = {
    partial: undefined as PartialReason | undefined,
    read<T>(call: (source: ColdSource) => T, fallback: T): T {
      try {
        return call(cold);
      } catch {
        request.partial = 'archive-unreachable';
        return fallback;
      }
    },
  };
  return request;
}

/** An article's listing. */
export function listingOf(article: Article): ArticleListing {
  const { id, outlet, title, subtitle, author, published, url } = article;
  return { id, outlet, title, subtitle, author, published, url, passages: article.passages.length };
}

/** Newest first by publication date, undated last; articles of the same day in reading order. */
function newestFirstOf(articles: readonly Article[]): Article[] {
  return [...articles].sort((a, b) => (b.published ?? '').localeCompare(a.published ?? ''));
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
