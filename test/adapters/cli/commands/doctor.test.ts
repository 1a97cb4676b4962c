/**
 * `coverage-bot doctor` as a command: how it prints the report and the status it exits with. A
 * set-up whose variables are invalid fails fast (nothing else is checked), so no service is
 * needed; the checks themselves are tested in ../doctor.test.ts and ../doctor/*.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../../../support/cli.js';

beforeAll(assertBuilt);

const broken = { MAX_FILE_BYTES: 'lots', KEYV_URL: 'http://nope' };

describe('coverage-bot doctor', () => {
  it('prints one line per check, the particulars and the fix under a failure, a count of failures, and exits 1', async () => {
    const { code, stdout, stderr } = await runCli(['doctor'], { env: broken });
    expect(code).toBe(1);
    expect(stderr).toBe('');
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^✓ Node\.js +v\d+/);
    expect(lines[1]).toMatch(/^✗ Configuration +2 invalid variables$/);
    expect(lines.slice(2, 5).map((l) => l.trim())).toEqual([
      '- KEYV_URL: must be a redis:// or rediss:// URL (or empty for the embedded store)',
      '- MAX_FILE_BYTES: must be a whole number',
      "fix: correct them in the environment or .env (see .env.example for each one's format)",
    ]);
    expect(stdout).toMatch(/^– Corpus folder +not checked: the configuration above is invalid$/m);
    expect(stdout.endsWith('\n1 check failed.\n')).toBe(true);
  });

  it('prints the same report as one JSON object with --json', async () => {
    const { code, stdout } = await runCli(['doctor', '--json'], { env: broken });
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { ok: boolean; checks: { id: string; status: string }[] };
    expect(report.ok).toBe(false);
    expect(report.checks.map((c) => c.id)).toEqual(['node', 'environment', 'config-files', 'corpus', 'data-dir', 'index', 'services']);
    expect(report.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['environment']);
  });
});
