/**
 * The terminal's ratings and the CLI's report and feedback export, end to end: the built CLI in
 * child processes sharing one data folder (the embedded store), as an editor would run them.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSince } from '../../../../src/adapters/cli/commands/report.js';
import { UsageError } from '../../../../src/adapters/cli/commands/ask.js';
import { assertBuilt, runCli } from '../../../support/cli.js';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cli-report-'));
const env = { DATA_DIR: dataDir, KEYV_URL: '' };
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

beforeAll(async () => {
  assertBuilt();
});

describe('ratings in the terminal chat, then report and feedback', () => {
  it('rates answers with "good" and "bad <reason>", changeable', async () => {
    const input = 'good\nWho did Shoygu meet?\ngood\nWhen will Putin visit Brazil?\nbad\nbad should have answered\n🙂🙂\n';
    const { code, stdout } = await runCli(['chat'], { input, env });
    expect(code).toBe(0);
    expect(stdout).toMatch(/Ask a question first, then "good" or "bad" rates its answer/);
    expect(stdout).toMatch(/Thank you: noted as “helpful”/);
    expect(stdout).toMatch(/Thank you: noted as “not helpful”/);
    expect(stdout).toMatch(/Changed: your rating is now “not helpful \(should have answered\)”/);
  });

  it('report --json counts exactly what was asked and rated', async () => {
    const { code, stdout } = await runCli(['report', '--json'], { env });
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.totals).toMatchObject({ questions: 3, answered: 1, unanswered: 1, invalid: 1, ratings: 2, helpful: 1, notHelpful: 1, shareHelpful: 0.5 });
    expect(report.platforms).toEqual({ cli: 3 });
    expect(report.gaps[0]).toMatchObject({ label: 'brazil', questions: 1, examples: ['When will Putin visit Brazil?'] });
    expect(report.ratedDown[0]).toMatchObject({ question: 'When will Putin visit Brazil?', notHelpful: 1, reasons: { 'should-have-answered': 1 } });
    // Articles are named from the coverage.
    expect(report.articles[0].title).toEqual(expect.any(String));
  });

  it('report prints the summary; --html writes one self-contained page', async () => {
    const page = path.join(dataDir, 'report.html');
    const { code, stdout } = await runCli(['report', '--html', page], { env });
    expect(code).toBe(0);
    expect(stdout).toMatch(/Questions: 3 \(1 answered, 1 unanswered, 1 not askable\)/);
    expect(stdout).toContain(`Wrote ${page}`);
    expect(existsSync(page)).toBe(true);
    const html = readFileSync(page, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|https?:\/\//);
  });

  it('report --since takes a date and refuses anything else', async () => {
    const future = await runCli(['report', '--json', '--since', '2999-01-01'], { env });
    expect(JSON.parse(future.stdout).totals.questions).toBe(0);
    const bad = await runCli(['report', '--since', 'last tuesday'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--since takes a date as YYYY-MM-DD/);
  });

  it('feedback --jsonl exports the rated answers as labelled examples, without user ids', async () => {
    const { code, stdout } = await runCli(['feedback', '--jsonl'], { env });
    expect(code).toBe(0);
    const examples = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(examples).toHaveLength(2);
    expect(Object.keys(examples[0]).sort()).toEqual(['answer', 'cited_articles', 'confident', 'coverage_version', 'question', 'rated_at', 'reason', 'vote']);
    expect(examples[0]).toMatchObject({ question: 'Who did Shoygu meet?', vote: 'up', reason: null, confident: true });
    expect(examples[0].cited_articles.length).toBeGreaterThan(0);
    expect(examples[1]).toMatchObject({ question: 'When will Putin visit Brazil?', vote: 'down', reason: 'should-have-answered', confident: false });
  });
});

describe('parseSince', () => {
  it('takes a YYYY-MM-DD day, around spaces, as the start of that UTC day in ms; nothing as no bound', () => {
    expect(parseSince('2025-06-01')).toBe(Date.UTC(2025, 5, 1));
    expect(parseSince(' 2024-02-29 ')).toBe(Date.UTC(2024, 1, 29));
    expect(parseSince(undefined)).toBeUndefined();
  });

  it('refuses a day that does not exist, another format, or text, as a usage error naming what it got', () => {
    for (const bad of ['2025-02-30', '2023-02-29', '2025-6-1', '01/06/2025', '2025-06-01T00:00', '', 'yesterday', '２０２５-０６-０１']) {
      expect(() => parseSince(bad)).toThrow(UsageError);
      expect(() => parseSince(bad)).toThrow(`(got "${bad}")`);
    }
  });
});
