/**
 * `npm start` (dist/main.js, what it runs after building): which mode it starts in, and how it
 * fails. The bots it starts are tested end to end in test/adapters/{telegram,discord}/process.test.ts.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, root } from './support/cli.js';

const main = path.join(root, 'dist/main.js');
let dataDir: string;

beforeAll(() => {
  assertBuilt();
  dataDir = mkdtempSync(path.join(tmpdir(), 'main-data-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs dist/main.js with exactly `env` (plus PATH, HOME and a data folder of its own), `input` on its standard input. */
function start(env: NodeJS.ProcessEnv, input = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main], { cwd: root, env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('npm start', () => {
  it('without a bot token, chats in the terminal over the seeds and answers with citations', async () => {
    const run = await start({ LOG_LEVEL: 'silent' }, 'What did Peskov say about Istanbul?\n');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Peskov');
    expect(run.stdout).toMatch(/^\[1\] .+ — .+/m);
  });

  it('exits with 2 and names the variable on a broken configuration, without a stack trace', async () => {
    const run = await start({ MAX_QUESTION_LENGTH: 'abc', TELEGRAM_BOT_TOKEN: '123456:ABC-secret' });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('coverage-bot: invalid configuration:\n  - MAX_QUESTION_LENGTH: must be a whole number\nSee .env.example for every variable and its format.\n');
    expect(run.stdout).toBe('');
  });

  it('with a bot token, exits with 1 and one log line when the bots cannot start, never writing the token', async () => {
    const missing = path.join(dataDir, 'nowhere');
    const run = await start({ CORPUS_DIR: missing, TELEGRAM_BOT_TOKEN: '123456:ABC-secret' });
    expect(run.code).toBe(1);
    // The log is JSON lines on standard error, standard output stays free for the chat.
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n').map((line) => JSON.parse(line) as { level: number; msg: string; err?: string });
    expect(lines.at(-1)).toMatchObject({ level: 60, msg: 'could not start', err: `coverage folder ${missing} does not exist` });
    expect(run.stdout + run.stderr).not.toContain('ABC-secret');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
