import { shareBodyText, type Article, type CoverageSummary, type LatestFilter, type PassageIndex, type SpeakerCount, type Statement } from '../core/index.js';

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

/** Articles removed (retracted) after seq $1: their ids and the seq of the removal. */
export const REMOVALS_SINCE_SQL = `SELECT id, seq::text AS seq FROM removals WHERE seq > $1::bigint ORDER BY seq`;

/** Highest seq of a store or a removal (0 when there was none): where an instance's catch-up starts. */
export const MAX_SEQ_SQL = `
  SELECT greatest((SELECT coalesce(max(seq), 0) FROM articles), (SELECT coalesce(max(seq), 0) FROM removals))::text AS seq`;

/** What an articles row says of its article besides id, text and passages: title, outlet, author, date, URL. */
export function articleMetadataFromRow(
  row: Record<string, unknown>,
): Pick<Article, 'outlet' | 'title' | 'subtitle' | 'author' | 'published' | 'url'> {
  return {
    outlet: (row.outlet as string | null) ?? null,
    title: String(row.title),
    subtitle: (row.subtitle as string | null) ?? null,
    author: (row.author as string | null) ?? null,
    published: (row.published as string | null) ?? null,
    url: (row.url as string | null) ?? null,
  };
}

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
  const body = String(row.body);
  return {
    id,
    seq: Number(row.seq),
    file: String(row.file),
    ...articleMetadataFromRow(row),
    body,
    // The hot tier holds these articles for the process's life: the text once, not body and passages apart.
    passages: shareBodyText(body, passages),
  };
}

/** Articles in the order a corpus folder lists them (by file name), as the in-memory coverage has them. */
export function inFolderOrder<T extends Article>(articles: T[]): T[] {
  return articles.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** Tuning of the cold tier's search, each with a documented default. */
export const COLD_SEARCH = {
  /**
   * Older articles weighed with the hot tier's per question (bounds the per-question index and the
   * fetch). 12: the best passages for a question often come in near-copies (a story and its
   * updates; in the bench's synthetic archive, 8 copies of each article at 1M passages), and the
   * one asked for must not lose its place to its siblings before BM25 sees them all. Bench recall@5
   * at 1M: 10 → 0.957, 12 → 0.963, 16 → 0.967, 24 → 0.960; each article adds about 0.4 ms of CPU.
   */
  articles: 12,
  /** Words of the question, the rarest by the hot tier's idf, whose pairs find the candidate passages, at most (6 words: 15 pairs). */
  rareWords: 6,
  /**
   * Postings (passages holding a word, estimated from the hot tier's idf: a share of about e^-idf
   * of the archive) those words may have together. The GIN scan of their pairs costs about 0.5 µs
   * a posting on the bench machine, so 30,000 keep it near 15 ms however large the archive grows:
   * a larger archive searches with fewer, rarer words (at least two). At 1M passages 60,000 found
   * no more targets (recall@5 0.963 either way) and were slower.
   */
  postings: 30_000,
  /**
   * Candidate passages read per search at most: each costs a heap fetch (about 5 µs on the bench
   * machine), so 2,000 keep that part near 10 ms; candidates past it are an arbitrary subset, which
   * only happens for questions made of common words.
   */
  candidates: 2000,
  /** Fewer candidates than this from the pairs (the question's words rarely meet): passages holding any one of the rare words are added. */
  fewCandidates: 200,
  /**
   * Words below this idf (in more than about 2% of the hot tier's passages: ln(1 + 0.98/0.02) ≈ 3.9)
   * find no candidates (their posting lists are the longest and they barely narrow a search); they
   * still count in the candidates' scores.
   */
  commonIdf: 3.9,
  /**
   * A candidate's score is multiplied by the share of the question's words it holds to this power:
   * 2, the in-memory index's coordination (src/core/index/passage-index.ts), so that a passage
   * holding most of the question's words outranks one holding its few rarest, as BM25 will rank them.
   */
  coordination: 2,
} as const;

/**
 * Older articles for a question. Candidates: passages holding two of the question's rarest words
 * ($3, "a b or a c or ..." for websearch_to_tsquery: one GIN scan), and when fewer than $6,
 * passages holding any one of them ($4); at most $5 of each. Each candidate is scored by the
 * question's words it holds, each weighing its idf in the hot tier ($1 words, $2 weights), times
 * the share of the words it holds to the power $8 (coordination, as in memory): a near-copy
 * missing a word the question kept ranks below the passage asked for, which a search for all the
 * words (websearch_to_tsquery's AND) or ts_rank_cd (no idf) could not tell apart.
 * Returns the best $7 articles (by their best passage), best first; BM25 over the tiered index
 * ranks their passages afterwards.
 */
export const COLD_SEARCH_SQL = `
  WITH words AS MATERIALIZED (
    SELECT q, weight FROM (SELECT plainto_tsquery('english', w.word) AS q, w.weight FROM unnest($1::text[], $2::float8[]) AS w(word, weight)) t
    WHERE numnode(q) > 0),
  pair_hits AS (
    SELECT p.article_id, p.idx, p.tsv FROM passages p WHERE p.tsv @@ websearch_to_tsquery('english', $3) LIMIT $5),
  any_hits AS (
    SELECT p.article_id, p.idx, p.tsv FROM passages p
    WHERE p.tsv @@ websearch_to_tsquery('english', $4) AND (SELECT count(*) FROM pair_hits) < $6 LIMIT $5),
  candidates AS (SELECT * FROM pair_hits UNION ALL SELECT * FROM any_hits),
  scored AS (
    SELECT c.article_id,
      (SELECT coalesce(sum(w.weight), 0) * (count(*)::float8 / (SELECT count(*) FROM words)) ^ $8 FROM words w WHERE c.tsv @@ w.q) AS score
    FROM candidates c)
  SELECT article_id, max(score) AS rank FROM scored GROUP BY article_id ORDER BY rank DESC, article_id LIMIT $7`;

/** Parameters of COLD_SEARCH_SQL for a question. */
export function coldSearchParams(text: string, hot: PassageIndex, archivePassages: number): unknown[] {
  const words = queryWords(text, hot);
  // A word in a large share of passages finds too many candidates to read, and tells them apart little.
  const distinctive = words.filter((w) => w.idf >= COLD_SEARCH.commonIdf);
  const rare: string[] = [];
  let postings = 0;
  for (const word of distinctive.length > 0 ? distinctive : words) {
    postings += archivePassages * Math.exp(-word.idf);
    if (rare.length >= COLD_SEARCH.rareWords || (rare.length >= 2 && postings > COLD_SEARCH.postings)) break;
    rare.push(word.text);
  }
  const pairs = rare.flatMap((a, i) => rare.slice(i + 1).map((b) => `${a} ${b}`));
  return [
    words.map((w) => w.text),
    words.map((w) => w.idf),
    pairs.length > 0 ? pairs.join(' or ') : rare.join(' or '),
    rare.join(' or '),
    COLD_SEARCH.candidates,
    COLD_SEARCH.fewCandidates,
    // Hot articles found again are dropped by the caller: room for them.
    COLD_SEARCH.articles * 2,
    COLD_SEARCH.coordination,
  ];
}

/** The words of a question (each once), rarest first by the hot tier's idf (the best estimate of the archive's at hand). */
function queryWords(text: string, hot: PassageIndex): { text: string; idf: number }[] {
  const byTerm = new Map<string, { text: string; idf: number }>();
  for (const t of hot.analyze(text).terms) {
    // "or" would read as websearch_to_tsquery's operator; it is a stop word anyway.
    if (t.synonymOf || !/^[\p{L}\p{N}]/u.test(t.text) || t.text.toLowerCase() === 'or' || byTerm.has(t.term)) continue;
    byTerm.set(t.term, { text: t.text.replace(/["-]/g, ' '), idf: t.idf });
  }
  return [...byTerm.values()].sort((a, b) => b.idf - a.idf);
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
