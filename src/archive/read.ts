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
  /** Whole articles fetched from those passages and weighed with the hot tier's (bounds the per-question index and the fetch). */
  articles: 12,
  /** Words of the question, the rarest by the hot tier's idf, in the relaxed searches (any two of them, then any one). */
  rareWords: 4,
  /** Matches of a relaxed search ranked at most: a word can match millions of passages, and ranking costs about 40 µs a match. */
  relaxedCap: 1000,
  /**
   * Words below this idf (in more than about 2% of the hot tier's passages: ln(1 + 0.98/0.02) ≈ 3.9)
   * are left out of the all-words search: they barely narrow it and their posting lists are the longest.
   */
  commonIdf: 3.9,
} as const;

/**
 * Older passages for a question, in three steps: passages holding all its words
 * (websearch_to_tsquery), ranked by ts_rank_cd; when fewer than $4, passages holding any two of its
 * rarest words; when still fewer than $6 (the articles fetched), any one of them. A relaxed step
 * ranks at most $5 matches, since a word can match millions of passages. Each query is written out in its WHERE clause (not
 * joined from a CTE) so that the planner uses the GIN index. Returns the articles holding them, best first.
 */
export const COLD_SEARCH_SQL = `
  WITH strict_hits AS (
    SELECT p.article_id, ts_rank_cd(p.tsv, websearch_to_tsquery('english', $1)) AS rank FROM passages p
    WHERE p.tsv @@ websearch_to_tsquery('english', $1) ORDER BY rank DESC LIMIT $4),
  pair_hits AS (
    SELECT m.article_id, ts_rank_cd(m.tsv, websearch_to_tsquery('english', $3)) * 0.5 AS rank
    FROM (SELECT p.article_id, p.tsv FROM passages p
          WHERE p.tsv @@ websearch_to_tsquery('english', $2) AND (SELECT count(*) FROM strict_hits) < $4 LIMIT $5) m
    ORDER BY rank DESC LIMIT $4),
  any_hits AS (
    SELECT m.article_id, ts_rank_cd(m.tsv, websearch_to_tsquery('english', $3)) * 0.25 AS rank
    FROM (SELECT p.article_id, p.tsv FROM passages p
          WHERE p.tsv @@ websearch_to_tsquery('english', $3)
            AND (SELECT count(*) FROM strict_hits) + (SELECT count(*) FROM pair_hits) < $6 LIMIT $5) m
    ORDER BY rank DESC LIMIT $4),
  hits AS (SELECT * FROM strict_hits UNION ALL SELECT * FROM pair_hits UNION ALL SELECT * FROM any_hits)
  SELECT article_id, max(rank) AS rank FROM hits GROUP BY article_id ORDER BY rank DESC, article_id`;

/** Parameters of COLD_SEARCH_SQL for a question. */
export function coldSearchParams(text: string, hot: PassageIndex): unknown[] {
  const words = queryWords(text, hot);
  // A word in a large share of passages adds little to "all the words" but costs a long posting list.
  const distinctive = words.filter((w) => w.idf >= COLD_SEARCH.commonIdf).map((w) => w.text);
  const strict = distinctive.length > 0 ? distinctive.join(' ') : text;
  const rare = words.slice(0, COLD_SEARCH.rareWords).map((w) => w.text);
  const pairs = rare.flatMap((a, i) => rare.slice(i + 1).map((b) => `${a} ${b}`));
  return [strict, pairs.length > 0 ? pairs.join(' or ') : rare.join(' or '), rare.join(' or '), COLD_SEARCH.passages, COLD_SEARCH.relaxedCap, COLD_SEARCH.articles];
}

/** The words of a question, rarest first by the hot tier's idf (the best estimate of the archive's at hand). */
function queryWords(text: string, hot: PassageIndex): { text: string; idf: number }[] {
  return hot
    .analyze(text)
    .terms.filter((t) => !t.synonymOf && /^[\p{L}\p{N}]/u.test(t.text))
    .sort((a, b) => b.idf - a.idf)
    .map((t) => ({ text: t.text.replace(/["-]/g, ' '), idf: t.idf }));
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
