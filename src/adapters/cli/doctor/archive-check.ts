import type { Config } from '../../../config/index.js';
import { skip, type CheckResult } from './types.js';

/**
 * The PostgreSQL archive: reachable and migrated. A slot for now — the archive (ARCHIVE_URL) is
 * being added separately; when it lands, this check connects with a short timeout, runs
 * `SELECT 1`, and compares the applied migrations with the ones the code ships, failing with
 * "run the migrations" when they differ. Until then it reports "not configured" and never fails.
 */
export async function checkArchive(_config: Config): Promise<CheckResult> {
  return skip('archive', 'PostgreSQL archive', 'not configured (this version has no archive)');
}
