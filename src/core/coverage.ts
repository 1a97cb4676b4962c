import { createHash } from 'node:crypto';
import type { Corpus } from './ingest/types.js';
import type { Answer, AskOptions } from './qa/types.js';
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
}

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
  ask(question: string, options?: AskOptions): Answer;
  latest(filter?: LatestFilter): Statement[];
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
    listArticles: (request) => cold.listArticles(request) ?? listInMemory(request),
    articlesById: (ids) => {
      const hot = inMemoryById(ids);
      const missing = ids.filter((id) => !byId.has(id));
      return missing.length === 0 ? hot : [...hot, ...cold.articlesById(missing)];
    },
  };
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
