/**
 * runCli in this process: the sub-commands it assembles and how it maps failures to exit codes.
 * Every case fails (or prints help) before any coverage is read, so none of them is slow; the
 * commands' own behaviour is in commands/*.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../src/adapters/cli/program.js';

let stdout: string;
let stderr: string;

beforeEach(() => {
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('runCli', () => {
  it('lists every sub-command in --help and returns 0', async () => {
    expect(await runCli(['--help'])).toBe(0);
    for (const command of ['ask', 'articles', 'chat', 'doctor', 'ingest', 'latest', 'speakers', 'report', 'feedback', 'archive']) {
      expect(stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
    expect(stderr).toBe('');
  });

  it('returns 2 with commander’s one line for an unknown command or option', async () => {
    expect(await runCli(['frobnicate'])).toBe(2);
    expect(stderr).toMatch(/^error: unknown command 'frobnicate'\n$/);
    stderr = '';
    expect(await runCli(['speakers', '--frobnicate'])).toBe(2);
    expect(stderr).toMatch(/^error: unknown option '--frobnicate'\n$/);
  });

  it('returns 2 with the error’s message, prefixed and without a stack trace, when a command throws', async () => {
    expect(await runCli(['ask'])).toBe(2);
    expect(stderr).toMatch(/^coverage-bot: ask needs a question, e\.g\. .*\n$/);
    expect(stdout).toBe('');
  });

  it('adds a pointer to .env.example to a configuration error', async () => {
    vi.stubEnv('MAX_FILE_BYTES', 'lots');
    expect(await runCli(['speakers'])).toBe(2);
    expect(stderr).toBe('coverage-bot: invalid configuration:\n  - MAX_FILE_BYTES: must be a whole number\nSee .env.example for every variable and its format.\n');
  });

  it('returns the status a command ends with through ExitStatus, adding nothing to what it printed', async () => {
    vi.stubEnv('MAX_FILE_BYTES', 'lots');
    expect(await runCli(['doctor', '--json'])).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ ok: false });
    expect(stderr).toBe('');
  });
});
