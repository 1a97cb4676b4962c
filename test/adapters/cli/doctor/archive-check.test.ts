/**
 * The archive check's own decisions: skipped without ARCHIVE_URL, one check per URL, and the fix
 * for what the archive's checkArchive found. A refused connection (nothing listens on port 1 of
 * 127.0.0.1) needs no server; a real PostgreSQL, not migrated and then migrated, is in
 * ../doctor.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { checkArchive } from '../../../../src/adapters/cli/doctor/archive-check.js';
import { loadConfig } from '../../../../src/config/index.js';

const NOWHERE = 'postgres://coverage@127.0.0.1:1/none';

describe('checkArchive', () => {
  it('is skipped, not failed, when no archive is configured', async () => {
    expect(await checkArchive(loadConfig({}))).toEqual([
      { id: 'archive', title: 'PostgreSQL archive', status: 'skip', detail: 'not configured (ARCHIVE_URL empty: the coverage folder alone is served)' },
    ]);
  });

  it('fails an archive it cannot reach, saying to start PostgreSQL or correct ARCHIVE_URL', async () => {
    const [result, ...rest] = await checkArchive(loadConfig({ ARCHIVE_URL: NOWHERE }), 2000);
    expect(rest).toEqual([]);
    expect(result).toMatchObject({ id: 'archive', status: 'fail', detail: expect.stringMatching(/not reachable/) });
    expect(result!.fix).toBe('start PostgreSQL, or correct ARCHIVE_URL (postgres://user:password@host:port/database)');
  });

  it('checks the read replica of ARCHIVE_READ_URL as a check of its own, naming that variable in its fix', async () => {
    const results = await checkArchive(loadConfig({ ARCHIVE_URL: NOWHERE, ARCHIVE_READ_URL: 'postgres://coverage@127.0.0.1:1/replica' }), 2000);
    expect(results.map((r) => [r.id, r.title, r.status])).toEqual([
      ['archive', 'PostgreSQL archive', 'fail'],
      ['archive-read', 'PostgreSQL archive (reads)', 'fail'],
    ]);
    expect(results[1]!.fix).toMatch(/correct ARCHIVE_READ_URL/);
  });
});
