/**
 * The archive: PostgreSQL as the coverage's shared source of truth (ARCHIVE_URL). Writers store
 * articles in transactions (`importArticles`) and retract them (`removeArticles`); every bot
 * instance opens a live coverage over it (`openArchiveCoverage`), hears new and retracted coverage
 * through LISTEN/NOTIFY and reads older coverage per question (tiered retrieval). The core knows
 * nothing of PostgreSQL: the archive plugs in as the coverage's second source of passages and
 * statements (core's ColdSource).
 */
import pg from 'pg';
import type { Article } from '../core/index.js';
import { migrate, SCHEMA_VERSION } from './migrations.js';
import { removeStoredArticles, storeArticles, type RemovalReport, type StoreOptions, type StoreReport } from './store.js';

export { openArchiveCoverage, DEFAULT_HOT_PASSAGES } from './coverage.js';
export { followCorpusFolder } from './folder.js';
export type { FolderFollower, FolderFollowerOptions } from './folder.js';
export type { ArchiveCoverage, ArchiveCoverageOptions, ArchiveLog } from './coverage.js';
export { MIGRATIONS, NOTIFY_CHANNEL, SCHEMA_VERSION, migrate } from './migrations.js';
export type { Migration } from './migrations.js';
export { contentHash, removeStoredArticles, storeArticles } from './store.js';
export type { RemovalReport, StoreOptions, StoreReport } from './store.js';

/**
 * Stores articles in the archive at `url` (migrating its schema first): whole articles, in
 * transactions, skipping those already stored with the same content. For `coverage-bot ingest`
 * and `coverage-bot archive import`.
 */
export async function importArticles(url: string, articles: readonly Article[], options: StoreOptions): Promise<StoreReport> {
  const client = new pg.Client({ connectionString: url, application_name: 'coverage-bot import' });
  await client.connect();
  try {
    await migrate(client);
    return await storeArticles(client, articles, options);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Retracts articles from the archive at `url` (migrating its schema first): each article, its
 * passages and its statements are deleted in one transaction, and every running instance drops
 * them when it hears of it (as it hears of new articles), without a restart. Ids are the
 * articles' ids as `coverage-bot articles` and citations show them; those not in the archive are
 * reported as missing (removing twice changes nothing). Importing the article again brings it back.
 * For `coverage-bot archive remove`.
 *
 * @example const { removed, missing } = await removeArticles(config.archiveUrl, ['000_4febd3ada957fb7c'])
 */
export async function removeArticles(url: string, ids: readonly string[]): Promise<RemovalReport> {
  const client = new pg.Client({ connectionString: url, application_name: 'coverage-bot remove' });
  await client.connect();
  try {
    await migrate(client);
    return await removeStoredArticles(client, ids);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Whether an archive is usable, and why not: for `coverage-bot doctor`. */
export interface ArchiveCheck {
  ok: boolean;
  detail: string;
}

/**
 * Checks that PostgreSQL at `url` is reachable and its schema is at this code's version (the bot
 * migrates on start, so "behind" means it has not started against it yet). Never throws.
 *
 * @example const { ok, detail } = await checkArchive(config.archiveUrl)
 */
export async function checkArchive(url: string, timeoutMs = 3000): Promise<ArchiveCheck> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, application_name: 'coverage-bot doctor' });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const version = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
    const table = await client.query("SELECT to_regclass('schema_migrations') IS NOT NULL AS present");
    if (!table.rows[0].present) return { ok: false, detail: `PostgreSQL ${version} reachable, but not migrated (no schema yet; the bot creates it on start)` };
    const applied = Number((await client.query('SELECT coalesce(max(version), 0) AS v FROM schema_migrations')).rows[0].v);
    if (applied < SCHEMA_VERSION) return { ok: false, detail: `PostgreSQL ${version} reachable, schema at version ${applied} of ${SCHEMA_VERSION} (the bot migrates on start)` };
    if (applied > SCHEMA_VERSION) return { ok: false, detail: `PostgreSQL ${version} reachable, schema at version ${applied}, newer than this code's ${SCHEMA_VERSION}: update the bot` };
    const counts = (await client.query('SELECT count(*)::int AS articles, coalesce(sum(passage_count), 0)::bigint::text AS passages FROM articles')).rows[0];
    return { ok: true, detail: `PostgreSQL ${version} reachable and migrated (schema ${applied}; ${counts.articles} articles, ${counts.passages} passages)` };
  } catch (error) {
    return { ok: false, detail: `PostgreSQL not reachable at ${redact(url)}: ${(error as Error).message}` };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A URL without its password, for messages. */
function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
