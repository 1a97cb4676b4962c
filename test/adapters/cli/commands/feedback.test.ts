/**
 * `coverage-bot feedback --jsonl [--since DATE]`, spawned as an editor runs it, over a data folder
 * whose ratings this file stores first through the store the CLI opens (the embedded one).
 * Ratings made in the terminal chat and exported are in report.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openConfiguredStore } from '../../../../src/adapters/cli/commands/service-store.js';
import { newAnswerId, type FeedbackRecord } from '../../../../src/store/index.js';
import { assertBuilt, runCli } from '../../../support/cli.js';

const DAY_MS = 24 * 60 * 60_000;
const dataDir = mkdtempSync(path.join(tmpdir(), 'cli-feedback-'));
const env = { DATA_DIR: dataDir, KEYV_URL: '' };
const now = Date.now();
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const rating = (at: number, fields: Partial<FeedbackRecord>): FeedbackRecord => ({
  answerId: newAnswerId(at),
  userId: 'user-4242',
  platform: 'telegram',
  vote: 'up',
  at,
  question: 'Who did Shoygu meet?',
  coverageVersion: 'v1',
  answer: 'Memis.',
  confident: true,
  citedArticles: ['000_4febd3ada957fb7c'],
  ...fields,
});

beforeAll(async () => {
  assertBuilt();
  vi.stubEnv('DATA_DIR', dataDir);
  vi.stubEnv('KEYV_URL', '');
  const store = await openConfiguredStore();
  try {
    await store.feedback.set(rating(now - 3 * DAY_MS, { question: 'When will Putin visit Brazil?', vote: 'down', reason: 'should-have-answered', confident: false, citedArticles: [] }));
    await store.feedback.set(rating(now, {}));
  } finally {
    await store.close();
    vi.unstubAllEnvs();
  }
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('coverage-bot feedback', () => {
  it('prints every rating as one JSON line, oldest first, with no user id', async () => {
    const { code, stdout, stderr } = await runCli(['feedback', '--jsonl'], { env });
    expect(code, stderr).toBe(0);
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((l) => [l.question, l.vote, l.reason])).toEqual([
      ['When will Putin visit Brazil?', 'down', 'should-have-answered'],
      ['Who did Shoygu meet?', 'up', null],
    ]);
    expect(stdout).not.toContain('user-4242');
  });

  it('keeps only the ratings of answers given from the --since day on, and prints nothing when there are none', async () => {
    const recent = await runCli(['feedback', '--since', day(now - DAY_MS)], { env });
    expect(recent.stdout.trim().split('\n').map((line) => JSON.parse(line).question)).toEqual(['Who did Shoygu meet?']);
    const future = await runCli(['feedback', '--since', day(now + 2 * DAY_MS)], { env });
    expect(future).toMatchObject({ code: 0, stdout: '' });
  });

  it('refuses a --since that is not a date, with exit 2 and one line', async () => {
    const { code, stdout, stderr } = await runCli(['feedback', '--since', '2025-13-01'], { env });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('coverage-bot: --since takes a date as YYYY-MM-DD, e.g. --since 2025-06-01 (got "2025-13-01")\n');
  });
});
