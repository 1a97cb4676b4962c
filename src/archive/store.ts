import { createHash } from 'node:crypto';
import path from 'node:path';
import type pg from 'pg';
import { extractStatements, type Article, type CoreConfig, type Statement } from '../core/index.js';
import { NOTIFY_CHANNEL } from './migrations.js';

/**
 * Advisory lock key every writing transaction holds from its start to its commit, so writers
 * (imports, followed folders, ingest, removals, on any machine) commit one after another and seq
 * order is commit order. Without it a transaction that drew a lower seq could commit after an
 * instance had caught up past a higher one, and that instance would never see it (nor a removal)
 * until it restarted. Any value distinct from the migration lock's.
 */
const WRITE_LOCK = 0x636f7677; // "covw"

/** What a store call did, article by article id. */
export interface StoreReport {
  /** New articles. */
  added: string[];
  /** Articles whose content changed: stored anew, replacing the old version whole. */
  replaced: string[];
  /** Articles already stored with the same content hash: left alone. */
  unchanged: string[];
  /** Articles retracted (`archive remove`) with this very content, left out: only with `skipRetracted`. */
  retracted: string[];
}

export interface StoreOptions {
  /**
   * Articles per transaction (default 100): each article is always whole, and a batch is one
   * commit and one notification, which makes a large import many times faster than one commit per article.
   */
  batchSize?: number;
  /** Told after each committed batch (for progress lines). */
  onBatch?: (report: StoreReport) => void;
  /** The configuration the statements are extracted with (people, speech verbs, roles). */
  config: CoreConfig;
  /** The statements an article quotes (default: the core's extractStatements); injectable so a benchmark can time the passages alone. */
  statementsOf?: (article: Article) => Statement[];
  /**
   * Leave out an article retracted with this very content (default false: an import or ingest is
   * an editor's act and stores it again). For the folder follower, whose folder may still hold a
   * retracted article's file: a restart must not bring the article back; an edited file (a
   * corrected version) is stored.
   */
  skipRetracted?: boolean;
}

/**
 * The content hash of an article: every field a citation or an answer shows, and the body. The
 * same article stored twice has the same hash and is left alone; a correction gets a new one.
 */
export function contentHash(article: Article): string {
  const meta = [article.id, article.title, article.subtitle, article.outlet, article.author, article.published, article.url];
  return createHash('sha256').update(`${JSON.stringify(meta)}\n${article.body}`).digest('hex');
}

/**
 * Writes articles (with their passages and the statements they quote) into the archive, each
 * batch in one transaction: an article is stored whole or not at all, a reader never sees half of
 * one, and a process killed mid-way leaves only whole articles. Idempotent: an article already
 * stored with the same content hash is skipped, a changed one replaces the old version. Every
 * commit that stored something notifies listening instances (NOTIFY_CHANNEL) with its highest seq.
 */
export async function storeArticles(client: pg.ClientBase, articles: readonly Article[], options: StoreOptions): Promise<StoreReport> {
  const batchSize = Math.max(1, options.batchSize ?? 100);
  const report: StoreReport = { added: [], replaced: [], unchanged: [], retracted: [] };
  const statementsOf = options.statementsOf ?? ((article: Article) => extractStatements([article], { config: options.config }));
  for (let from = 0; from < articles.length; from += batchSize) {
    const batch = await storeBatch(client, articles.slice(from, from + batchSize), statementsOf, options.skipRetracted ?? false);
    report.added.push(...batch.added);
    report.replaced.push(...batch.replaced);
    report.unchanged.push(...batch.unchanged);
    report.retracted.push(...batch.retracted);
    options.onBatch?.(batch);
  }
  // New passages wait in the full-text index's pending list (up to 4 MB while a large import runs,
  // merged in bulk, which is fast); searches scan that list linearly, so it is merged when a store ends.
  if (report.added.length + report.replaced.length > 0) await client.query("SELECT gin_clean_pending_list('passages_tsv'::regclass)");
  return report;
}

/** What a removal did. */
export interface RemovalReport {
  /** Articles removed, in the order given, with their titles (for the editor to check). */
  removed: { id: string; title: string }[];
  /** Ids given that the archive does not hold (never stored, or removed already). */
  missing: string[];
}

/**
 * Removes articles (a retraction) with their passages and statements, in one transaction, and
 * records each removal in `removals` with a seq from the articles' sequence, so that every
 * instance catching up drops them in order with what was stored (see coverage.ts); the commit
 * notifies listening instances as a store does. Idempotent: an id not in the archive is reported
 * missing and changes nothing. Storing a removed article again brings it back (a later seq).
 */
export async function removeStoredArticles(client: pg.ClientBase, ids: readonly string[]): Promise<RemovalReport> {
  const wanted = [...new Set(ids)];
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
    const deleted = await client.query<{ id: string; title: string; content_hash: string }>(
      'DELETE FROM articles WHERE id = ANY($1::text[]) RETURNING id, title, content_hash',
      [wanted],
    );
    const titles = new Map(deleted.rows.map((r) => [r.id, r.title]));
    const report: RemovalReport = {
      removed: wanted.filter((id) => titles.has(id)).map((id) => ({ id, title: titles.get(id)! })),
      missing: wanted.filter((id) => !titles.has(id)),
    };
    if (report.removed.length > 0) {
      const recorded = await client.query<{ seq: string }>(
        `INSERT INTO removals (id, seq, content_hash) SELECT id, nextval('article_seq'), hash FROM unnest($1::text[], $2::text[]) AS t(id, hash)
         ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, content_hash = excluded.content_hash, removed_at = now()
         RETURNING seq::text`,
        [deleted.rows.map((r) => r.id), deleted.rows.map((r) => r.content_hash)],
      );
      const highest = recorded.rows.reduce((m, r) => (BigInt(r.seq) > m ? BigInt(r.seq) : m), 0n);
      await client.query('SELECT pg_notify($1, $2)', [NOTIFY_CHANNEL, highest.toString()]);
    }
    await client.query('COMMIT');
    return report;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

async function storeBatch(
  client: pg.ClientBase,
  given: readonly Article[],
  statementsOf: (article: Article) => Statement[],
  skipRetracted: boolean,
): Promise<StoreReport> {
  // The last of several versions of one id in a batch wins, as if they had been stored one by one.
  const byId = new Map(given.map((a) => [a.id, a]));
  const articles = [...byId.values()];
  const hashes = new Map(articles.map((a) => [a.id, contentHash(a)]));
  const report: StoreReport = { added: [], replaced: [], unchanged: [], retracted: [] };
  await client.query('BEGIN');
  try {
    // First, before any row lock: writers then never wait for each other's rows while holding it.
    await client.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
    const stored = await client.query<{ id: string; content_hash: string }>(
      'SELECT id, content_hash FROM articles WHERE id = ANY($1::text[]) FOR UPDATE',
      [articles.map((a) => a.id)],
    );
    const storedHash = new Map(stored.rows.map((r) => [r.id, r.content_hash]));
    const retractedHash = skipRetracted ? await retractedHashes(client, articles) : new Map<string, string>();
    const toWrite: Article[] = [];
    for (const article of articles) {
      const previous = storedHash.get(article.id);
      if (previous === hashes.get(article.id)) report.unchanged.push(article.id);
      else if (previous === undefined && retractedHash.get(article.id) === hashes.get(article.id)) report.retracted.push(article.id);
      else {
        (previous === undefined ? report.added : report.replaced).push(article.id);
        toWrite.push(article);
      }
    }
    if (toWrite.length > 0) {
      // A changed article is replaced whole: its old passages and statements go with it (cascade).
      if (report.replaced.length > 0) await client.query('DELETE FROM articles WHERE id = ANY($1::text[])', [report.replaced]);
      await insertArticles(client, toWrite, hashes, statementsOf);
      await client.query('SELECT pg_notify($1, (SELECT max(seq)::text FROM articles))', [NOTIFY_CHANNEL]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  return report;
}

/** The content hash each of these articles had when last removed (only those ever removed; the caller asks of the ones not stored now). */
async function retractedHashes(client: pg.ClientBase, articles: readonly Article[]): Promise<Map<string, string>> {
  const rows = await client.query<{ id: string; content_hash: string }>('SELECT id, content_hash FROM removals WHERE id = ANY($1::text[])', [articles.map((a) => a.id)]);
  return new Map(rows.rows.map((r) => [r.id, r.content_hash]));
}

async function insertArticles(
  client: pg.ClientBase,
  articles: readonly Article[],
  hashes: ReadonlyMap<string, string>,
  statementsOf: (article: Article) => Statement[],
): Promise<void> {
  await client.query(
    `INSERT INTO articles (id, content_hash, file, outlet, title, subtitle, author, published, url, body, passage_count)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::date[], $9::text[], $10::text[], $11::int[])`,
    [
      articles.map((a) => a.id),
      articles.map((a) => hashes.get(a.id)!),
      articles.map((a) => path.basename(a.file)),
      articles.map((a) => a.outlet),
      articles.map((a) => a.title),
      articles.map((a) => a.subtitle),
      articles.map((a) => a.author),
      articles.map((a) => a.published),
      articles.map((a) => a.url),
      articles.map((a) => a.body),
      articles.map((a) => a.passages.length),
    ],
  );
  const passages = articles.flatMap((a) => a.passages);
  await client.query(
    `INSERT INTO passages (article_id, idx, paragraph, start_at, end_at, text)
     SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::int[], $5::int[], $6::text[])`,
    [
      passages.map((p) => p.articleId),
      passages.map((p) => p.index),
      passages.map((p) => p.paragraph),
      passages.map((p) => p.start),
      passages.map((p) => p.end),
      passages.map((p) => p.text),
    ],
  );
  const rows = articles.flatMap((article) => statementsOf(article).map((statement, ordinal) => ({ article, statement, ordinal })));
  if (rows.length === 0) return;
  await client.query(
    `INSERT INTO statements (article_id, ordinal, id, speaker, role, speaker_kind, quote, kind, said_on, published, passages)
     SELECT a, o, i, s, r, k, q, kd, so, p, string_to_array(ps, E'\\x1f')
     FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::date[], $10::date[], $11::text[])
       AS t(a, o, i, s, r, k, q, kd, so, p, ps)`,
    [
      rows.map((r) => r.article.id),
      rows.map((r) => r.ordinal),
      rows.map((r) => r.statement.id),
      rows.map((r) => r.statement.speaker),
      rows.map((r) => r.statement.role),
      rows.map((r) => r.statement.speaker_kind ?? null),
      rows.map((r) => r.statement.quote),
      rows.map((r) => r.statement.kind),
      rows.map((r) => r.statement.said_on),
      rows.map((r) => r.statement.published),
      // One text per row (unnest cannot take a ragged array); the unit separator never occurs in a passage id.
      rows.map((r) => (r.statement.passages ?? []).join('\x1f')),
    ],
  );
}
