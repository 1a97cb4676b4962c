import type { Article, CoverageSummary, LatestFilter, PassageIndex, SpeakerCount, Statement } from '../core/index.js';

/** Something that runs a query and returns its rows: a pg pool (async) or a SyncQuery. */
type Rows = Record<string, unknown>[];

/** Columns of an article with its passages, in reading order, as one row. */
const ARTICLE_COLUMNS = `a.id, a.seq::text AS seq, a.file, a.outlet, a.title, a.subtitle, a.author, a.published::text AS published,
  a.url, a.body,
  (SELECT coalesce(json_agg(json_build_array(p.idx, p.paragraph, p.start_at, p.end_at, p.text) ORDER BY p.idx), '[]')
     FROM passages p WHERE p.article_id = a.id) AS passages`;

/** The newest articles whose passages together fit `budget`: the hot tier an instance holds in memory. */
export const HOT_ARTICLES_SQL = `
  WITH ranked AS (
    SELECT id, sum(passage_count) OVER (ORDER BY published DESC NULLS LAST, seq DESC) AS running FROM articles)
  SELECT ${ARTICLE_COLUMNS} FROM articles a JOIN ranked r ON r.id = a.id WHERE r.running <= $1`;

/** Articles stored (added or replaced) after seq $1. */
export const ARTICLES_SINCE_SQL = `SELECT ${ARTICLE_COLUMNS} FROM articles a WHERE a.seq > $1::bigint ORDER BY a.seq`;

/** Articles by id. */
export const ARTICLES_BY_ID_SQL = `SELECT ${ARTICLE_COLUMNS} FROM articles a WHERE a.id = ANY($1::text[])`;

/** Highest seq stored (0 when empty). */
export const MAX_SEQ_SQL = `SELECT coalesce(max(seq), 0)::text AS seq FROM articles`;

/** An article as the core knows it, from a row of ARTICLE_COLUMNS. */
export function articleFromRow(row: Record<string, unknown>): Article & { seq: number } {
  const id = String(row.id);
  const passages = (row.passages as [number, number, number, number, string][]).map(([index, paragraph, start, end, text]) => ({
    id: `${id}#${index}`,
    articleId: id,
    index,
    paragraph,
    text,
    start,
    end,
  }));
  return {
    id,
    seq: Number(row.seq),
    file: String(row.file),
    outlet: (row.outlet as string | null) ?? null,
    title: String(row.title),
    subtitle: (row.subtitle as string | null) ?? null,
    author: (row.author as string | null) ?? null,
    published: (row.published as string | null) ?? null,
    url: (row.url as string | null) ?? null,
    body: String(row.body),
    passages,
  };
}

/** Articles in the order a corpus folder lists them (by file name), as the in-memory coverage has them. */
export function inFolderOrder<T extends Article>(articles: T[]): T[] {
  return articles.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** Tuning of the cold tier's search, each with a documented default. */
export const COLD_SEARCH = {
  /** Passages the full-text search returns per question (24 answer candidates, with slack for hot duplicates). */
  passages: 48,
  /** Whole articles fetched from those passages and weighed with the hot tier's (bounds the per-question index). */
  articles: 16,
  /** Words of the question, the rarest by the hot tier's idf, in the relaxed (any word) search. */
  rareWords: 4,
  /** Matches of the relaxed search ranked at most (a common word can match millions of passages). */
  relaxedCap: 5000,
} as const;

/**
 * Older passages for a question: passages matching all its words (websearch_to_tsquery), ranked by
 * ts_rank_cd; when those are too few, passages matching any of its rarest words. Returns the ids
 * of the articles holding them, best first.
 */
export const COLD_SEARCH_SQL = `
  WITH q AS (SELECT websearch_to_tsquery('english', $1) AS strict, websearch_to_tsquery('english', $2) AS relaxed),
  strict_hits AS (
    SELECT p.article_id, ts_rank_cd(p.tsv, q.strict) AS rank FROM passages p, q
    WHERE p.tsv @@ q.strict ORDER BY rank DESC LIMIT $3),
  relaxed_hits AS (
    SELECT m.article_id, ts_rank_cd(m.tsv, q.relaxed) * 0.5 AS rank
    FROM (SELECT p.article_id, p.tsv FROM passages p, q WHERE p.tsv @@ q.relaxed LIMIT $4) m, q
    WHERE (SELECT count(*) FROM strict_hits) < $3
    ORDER BY rank DESC LIMIT $3),
  hits AS (SELECT * FROM strict_hits UNION ALL SELECT * FROM relaxed_hits)
  SELECT article_id, max(rank) AS rank FROM hits GROUP BY article_id ORDER BY rank DESC, article_id`;

/** The relaxed form of a question for COLD_SEARCH_SQL: its rarest words (by the hot tier's idf), joined with "or". */
export function relaxedQuery(text: string, hot: PassageIndex): string {
  const words = hot
    .analyze(text)
    .terms.filter((t) => !t.synonymOf && /^[\p{L}\p{N}]/u.test(t.text))
    .sort((a, b) => b.idf - a.idf)
    .slice(0, COLD_SEARCH.rareWords)
    .map((t) => t.text.replace(/["-]/g, ' '));
  return words.join(' or ');
}

/** Statements matching a /latest filter, newest first, from the statements table (speaker and date indexes). */
export const STATEMENTS_SQL = `
  SELECT s.article_id, s.ordinal, s.id, s.speaker, s.role, s.speaker_kind, s.quote, s.kind,
    s.said_on::text AS said_on, s.published::text AS published, s.passages,
    a.outlet, a.title, a.url, a.published::text AS article_published
  FROM statements s JOIN articles a ON a.id = s.article_id
  WHERE ($1::text IS NULL
      OR (coalesce(s.speaker, '') || ' ' || coalesce(s.role, '')) ILIKE '%' || $1 || '%'
      OR $1 <% (coalesce(s.speaker, '') || ' ' || coalesce(s.role, '')))
    AND ($2::date IS NULL OR coalesce(s.said_on, s.published) >= $2::date)
    AND ($3::text IS NULL OR s.article_id IN (
      SELECT p.article_id FROM passages p WHERE p.tsv @@ websearch_to_tsquery('english', $3) LIMIT 500))
  ORDER BY s.said_on DESC NULLS LAST, s.published DESC NULLS LAST, s.article_id, s.ordinal
  LIMIT $4`;

export function statementsParams(filter: LatestFilter): unknown[] {
  const speaker = filter.speaker?.trim() || null;
  // Enough rows that merging quotes cited by several articles and the caller's own filtering still leave `limit`.
  const limit = Math.max(50, (filter.limit ?? 10) * 5);
  return [speaker, filter.since ?? null, speaker ? null : filter.topic?.trim() || null, limit];
}

/** Statement rows (one per citing article) merged into statements citing every article that quotes them. */
export function statementsFromRows(rows: Rows): Statement[] {
  const byId = new Map<string, Statement>();
  for (const row of rows) {
    const key = `${row.id}\u0000${row.speaker ?? ''}`;
    const citation = {
      article: String(row.article_id),
      outlet: (row.outlet as string | null) ?? null,
      title: String(row.title),
      published: (row.article_published as string | null) ?? null,
      url: (row.url as string | null) ?? null,
    };
    const known = byId.get(key);
    if (known) {
      if (!known.citations.some((c) => c.article === citation.article)) known.citations.push(citation);
      known.passages = [...new Set([...(known.passages ?? []), ...((row.passages as string[]) ?? [])])];
      continue;
    }
    byId.set(key, {
      id: String(row.id),
      speaker: (row.speaker as string | null) ?? null,
      role: (row.role as string | null) ?? null,
      quote: String(row.quote),
      kind: row.kind === 'reported' ? 'reported' : 'direct',
      said_on: (row.said_on as string | null) ?? null,
      published: (row.published as string | null) ?? null,
      citations: [citation],
      speaker_kind: storedSpeakerKind(row.speaker_kind, row.speaker),
      passages: (row.passages as string[]) ?? [],
    });
  }
  return [...byId.values()];
}

/** The stored speaker_kind; rows written before it had three values say "organization" or nothing. */
function storedSpeakerKind(kind: unknown, speaker: unknown): NonNullable<Statement['speaker_kind']> {
  if (kind === 'person' || kind === 'organisation' || kind === 'unnamed') return kind;
  if (kind === 'organization') return 'organisation';
  return speaker ? 'person' : 'unnamed';
}

/** Speakers of the whole archive with their statement counts, most quoted first. */
export const SPEAKERS_SQL = `
  SELECT speaker, mode() WITHIN GROUP (ORDER BY role) AS role, count(DISTINCT id)::int AS statements
  FROM statements WHERE speaker IS NOT NULL GROUP BY speaker ORDER BY statements DESC, speaker`;

export function speakersFromRows(rows: Rows): SpeakerCount[] {
  return rows.map((r) => ({ speaker: String(r.speaker), role: (r.role as string | null) ?? null, statements: Number(r.statements) }));
}

/** The whole archive's summary. */
export const SUMMARY_SQL = `
  SELECT count(*)::int AS articles, coalesce(sum(passage_count), 0)::bigint::text AS passages,
    min(published)::text AS "from", max(published)::text AS "to",
    (SELECT coalesce(array_agg(DISTINCT outlet ORDER BY outlet), '{}') FROM articles WHERE outlet IS NOT NULL) AS outlets
  FROM articles`;

export function summaryFromRow(row: Record<string, unknown>): CoverageSummary {
  return {
    articles: Number(row.articles),
    passages: Number(row.passages),
    outlets: (row.outlets as string[]) ?? [],
    from: (row.from as string | null) ?? null,
    to: (row.to as string | null) ?? null,
  };
}
