import type { Config } from '../../../config/index.js';
import { fail, NETWORK_TIMEOUT_MS, pass, skip, type CheckResult } from './types.js';

/**
 * The PostgreSQL archive (ARCHIVE_URL): reachable, and its schema at the version this code ships
 * (the archive's own checkArchive). Not configured: skipped, never failed.
 */
export async function checkArchive(config: Config): Promise<CheckResult> {
  if (!config.archive) return skip('archive', 'PostgreSQL archive', 'not configured (ARCHIVE_URL is empty: the coverage folder is the coverage)');
  const { checkArchive: check } = await import('../../../archive/index.js');
  const urls = [config.archive.url, ...(config.archive.readUrl ? [config.archive.readUrl] : [])];
  const results = await Promise.all(urls.map((url) => check(url, NETWORK_TIMEOUT_MS)));
  const items = results.map((r, i) => `${i === 0 ? 'ARCHIVE_URL' : 'ARCHIVE_READ_URL'}: ${r.detail}`);
  if (results.every((r) => r.ok)) return pass('archive', 'PostgreSQL archive', results[0]!.detail, items.length > 1 ? items : undefined);
  const notMigrated = results.some((r) => /not migrated|schema at version/.test(r.detail));
  return fail(
    'archive',
    'PostgreSQL archive',
    results.find((r) => !r.ok)!.detail,
    notMigrated
      ? 'start the bot (or run coverage-bot archive import) against ARCHIVE_URL once: it applies the migrations'
      : 'check that PostgreSQL runs, that ARCHIVE_URL (and ARCHIVE_READ_URL) point at it, and that the user may connect',
    items,
  );
}
