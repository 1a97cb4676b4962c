/**
 * dist/adapters/cli/bin.js, the `coverage-bot` executable: the process exits with what runCli
 * returns. Spawned as a user runs it (npm test builds dist/ first).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../../support/cli.js';

beforeAll(assertBuilt);

describe('the coverage-bot executable', () => {
  it('exits 0 after printing the help', async () => {
    const { code, stdout, stderr } = await runCli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: coverage-bot \[options\] \[command\]/);
    expect(stderr).toBe('');
  });

  it('exits 2 on bad usage, with one line on stderr and nothing on stdout', async () => {
    const { code, stdout, stderr } = await runCli(['frobnicate']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe("error: unknown command 'frobnicate'\n");
  });

  it('exits with a command’s own status: doctor’s 1 when a check failed', async () => {
    const { code, stdout } = await runCli(['doctor', '--json'], { env: { MAX_FILE_BYTES: 'lots' } });
    expect(code).toBe(1);
    expect(JSON.parse(stdout).ok).toBe(false);
  });
});
