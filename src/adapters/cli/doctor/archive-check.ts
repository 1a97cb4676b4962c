import type { Config } from '../../../config/index.js';
import { fail, NETWORK_TIMEOUT_MS, pass, skip, type CheckResult } from './types.js';

/**
 * The PostgreSQL archive (ARCHIVE_URL, and ARCHIVE_READ_URL when set): reachable, and its schema
 * at this code's version. The test itself is the archive's own (`checkArchive`); this only turns
 * its answer into a check with a fix.
 */
export async function checkArchive(config: Config, timeoutMs = NETWORK_TIMEOUT_MS): Promise<CheckResult[]> {
  const title = 'PostgreSQL archive';
  if (!config.archive) return [skip('archive', title, 'not configured (ARCHIVE_URL empty: the coverage folder alone is served)')];
  // Loaded only when configured: the PostgreSQL client is not needed otherwise.
  const archive = await import('../../../archive/index.js');
  const targets: [id: string, title: string, url: string][] = [['archive', title, config.archive.url]];
  if (config.archive.readUrl) targets.push(['archive-read', `${title} (reads)`, config.archive.readUrl]);
  return Promise.all(
    targets.map(async ([id, name, url]) => {
      const { ok, detail } = await archive.checkArchive(url, timeoutMs);
      return ok ? pass(id, name, detail) : fail(id, name, detail, archiveFix(detail, id === 'archive' ? 'ARCHIVE_URL' : 'ARCHIVE_READ_URL'));
    }),
  );
}

/** What to do about what checkArchive found. */
function archiveFix(detail: string, variable: string): string {
  if (/not reachable/.test(detail)) return `start PostgreSQL, or correct ${variable} (postgres://user:password@host:port/database)`;
  if (/newer than this code/.test(detail)) return 'update the bot to the version that wrote this schema';
  return 'start the bot (or run `coverage-bot archive import`) once against it: the schema is migrated then';
}
