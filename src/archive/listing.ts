import type { ArticleListing, ArticlePage, ArticlePageRequest } from '../core/index.js';

/**
 * Listing the archive's articles a page at a time, newest first (undated last), by keyset: a page
 * starts after the (published, seq) of the last row of the one before, so each page is one short
 * walk of the articles_recent index however deep into the archive it is (OFFSET would read and
 * drop every row before it).
 */

/** Most articles one page may ask for: a listing is for reading, and a page is one bounded query. */
export const MAX_PAGE_ARTICLES = 1000;

const LISTING_COLUMNS = `id, outlet, title, subtitle, author, published::text AS published, url, passage_count, seq::text AS seq`;

/**
 * $1: the page size; $2, $3: the published date and seq of the last row of the page before ($3
 * null for the first page). Rows dated $2 (or undated, when $2 is null) come after by seq; dated
 * rows are followed by every undated one.
 */
export const ARTICLE_PAGE_SQL = `
  SELECT ${LISTING_COLUMNS} FROM articles
  WHERE $3::bigint IS NULL
     OR ($2::date IS NOT NULL AND (published < $2::date OR (published = $2::date AND seq < $3::bigint) OR published IS NULL))
     OR ($2::date IS NULL AND published IS NULL AND seq < $3::bigint)
  -- Qualified: a bare name here would sort by the text columns of the same names in the select list.
  ORDER BY articles.published DESC NULLS LAST, articles.seq DESC
  LIMIT $1`;

/** Listings of the articles with these ids ($1). */
export const ARTICLES_LISTED_BY_ID_SQL = `SELECT ${LISTING_COLUMNS} FROM articles WHERE id = ANY($1::text[])`;

/** Parameters of ARTICLE_PAGE_SQL for a request (one row more than asked: whether a next page exists). */
export function articlePageParams(request: ArticlePageRequest): unknown[] {
  const limit = Math.min(MAX_PAGE_ARTICLES, Math.max(0, Math.floor(request.limit)));
  const cursor = parseCursor(request.after);
  return [limit + 1, cursor?.published ?? null, cursor?.seq ?? null];
}

/** The page from ARTICLE_PAGE_SQL's rows. */
export function articlePageFromRows(rows: Record<string, unknown>[], request: ArticlePageRequest): ArticlePage {
  const limit = Math.min(MAX_PAGE_ARTICLES, Math.max(0, Math.floor(request.limit)));
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return {
    articles: shown.map(listingFromRow),
    next: rows.length > limit && last ? JSON.stringify([last.published ?? null, String(last.seq)]) : null,
  };
}

export function listingFromRow(row: Record<string, unknown>): ArticleListing {
  return {
    id: String(row.id),
    outlet: (row.outlet as string | null) ?? null,
    title: String(row.title),
    subtitle: (row.subtitle as string | null) ?? null,
    author: (row.author as string | null) ?? null,
    published: (row.published as string | null) ?? null,
    url: (row.url as string | null) ?? null,
    passages: Number(row.passage_count),
  };
}

/** A cursor given back by a page: [published or null, seq]; anything else is the first page. */
function parseCursor(after: string | null | undefined): { published: string | null; seq: string } | undefined {
  if (!after) return undefined;
  try {
    const value: unknown = JSON.parse(after);
    if (!Array.isArray(value) || value.length !== 2) return undefined;
    const [published, seq] = value;
    if (!(published === null || (typeof published === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(published)))) return undefined;
    if (typeof seq !== 'string' || !/^\d{1,18}$/.test(seq)) return undefined;
    return { published, seq };
  } catch {
    return undefined;
  }
}
