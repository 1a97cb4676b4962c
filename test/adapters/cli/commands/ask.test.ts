import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, root, runCli } from '../../../support/cli.js';
import { answerJson, formatAnswerText } from '../../../../src/adapters/cli/commands/ask.js';
import type { Answer } from '../../../../src/core/index.js';
import { PARTIAL_NOTICES } from '../../../../src/service/index.js';

const CITATION_FIELDS = ['article', 'outlet', 'published', 'quote', 'title', 'url'];

beforeAll(assertBuilt);

describe('coverage-bot ask', () => {
  it('prints the answer, then citations as "[1] Outlet — Headline (YYYY-MM-DD) URL"', async () => {
    const { code, stdout, stderr } = await runCli(['ask', 'What is Russia committed to, according to Peskov in May?']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const [answer, citations] = stdout.trim().split('\n\n');
    expect(answer).toMatch(/peaceful resolution/);
    expect(citations!.split('\n')[0]).toBe(
      '[1] The Moscow Times — Kremlin Reiterates Putin\'s Call for Istanbul Talks, But Remains Silent on Possible Zelensky Meeting (2025-05-12) https://www.themoscowtimes.com/2025/05/12/kremlin-reiterates-putins-call-for-istanbul-talks-but-remains-silent-on-possible-zelensky-meeting-a89054',
    );
  });

  it('leaves out a missing date and URL from the citation line', async () => {
    const { stdout } = await runCli(['ask', 'What came out of the mid-May round of negotiations?']);
    expect(stdout).toMatch(/^\[1\] Bloomberg — Kremlin douses imminent Putin meeting with Trump and Zelenskyy$/m);
  });

  it('prints one JSON answer with exactly the contract’s fields', async () => {
    const { code, stdout } = await runCli(['ask', '--json', 'What must Kiev recognize, according to Russia?']);
    expect(code).toBe(0);
    const answer = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(answer).sort()).toEqual(['answer', 'citations', 'confident', 'question']);
    expect(answer.question).toBe('What must Kiev recognize, according to Russia?');
    expect(answer.confident).toBe(true);
    const citations = answer.citations as Record<string, unknown>[];
    expect(citations[0]).toMatchObject({ article: '002_139fa1bb7e812c3d', outlet: 'RT', published: '2025-01-24', url: null });
    for (const c of citations) {
      expect(Object.keys(c).sort()).toEqual(CITATION_FIELDS);
      expect(c.published === null || /^\d{4}-\d{2}-\d{2}$/.test(c.published as string)).toBe(true);
    }
  });

  it('adds `partial` to the JSON, and the service’s line under the text, when part of the archive could not be searched', () => {
    const citation = { article: 'a', outlet: 'RT', title: 'T', published: '2025-01-24', url: null, quote: 'q', passageId: 'a#1' };
    const answer: Answer = { question: 'q?', answer: 'A.', confident: true, citations: [citation], type: 'what', partial: 'archive-unreachable' };
    expect(answerJson(answer)).toMatchObject({ partial: 'archive-unreachable' });
    expect(formatAnswerText(answer)).toBe(`A.\n\n[1] RT — T (2025-01-24)\n\n(${PARTIAL_NOTICES['archive-unreachable']})`);
    const whole = { ...answer, partial: undefined };
    expect(Object.keys(answerJson(whole))).not.toContain('partial');
    expect(formatAnswerText(whole)).toBe('A.\n\n[1] RT — T (2025-01-24)');
  });

  it('refuses an off-topic question with confident false', async () => {
    const { code, stdout } = await runCli(['ask', '--json', 'Who is the CEO of Tesla?']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ confident: false, answer: expect.stringMatching(/coverage does not say/i) });
  });

  it('reads questions from stdin with --json and prints one JSON line per question, in order', async () => {
    const questions = ['On which day was the proposed round of Istanbul talks?', 'Who is the CEO of Tesla?', 'What ceasefire did Putin implicitly reject?'];
    const { code, stdout } = await runCli(['ask', '--json'], { input: `${questions.join('\n')}\n` });
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as { question: string; confident: boolean });
    expect(lines.map((l) => l.question)).toEqual(questions);
    expect(lines.map((l) => l.confident)).toEqual([true, false, true]);
  });

  it('exits with 2 and one line of usage when the question is missing', async () => {
    const { code, stdout, stderr } = await runCli(['ask']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/needs a question/);
  });

  it('exits with 2 and a polite message for an empty or huge question, without a stack trace', async () => {
    for (const question of ['   ', 'x'.repeat(10_000)]) {
      const { code, stderr } = await runCli(['ask', question]);
      expect(code).toBe(2);
      expect(stderr).toMatch(/question|too long/i);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('exits with 2 and one line when the corpus folder does not exist', async () => {
    const { code, stderr } = await runCli(['ask', 'What did Peskov say?', '--corpus', path.join(root, 'no-such-folder')]);
    expect(code).toBe(2);
    expect(stderr.trim()).toMatch(/^coverage-bot: .*does not exist/);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits with 2 on an unknown option', async () => {
    const { code } = await runCli(['ask', '--frobnicate', 'hello']);
    expect(code).toBe(2);
  });

  it('answers over the folder given by --corpus, and CORPUS_DIR otherwise', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cli-corpus-'));
    try {
      await writeFile(
        path.join(dir, 'harbour.txt'),
        'Harbour cranes return to work after strike\n\nJune 3, 2025\n\nDock workers at the northern port returned to work on Tuesday after a four-day strike over pay ended with a deal that raises wages by six percent.\n',
      );
      const byOption = await runCli(['ask', '--json', 'How long did the dock strike last?', '--corpus', dir]);
      expect(JSON.parse(byOption.stdout).citations[0].article).toBe('harbour');
      const byEnv = await runCli(['ask', '--json', 'How long did the dock strike last?'], { env: { CORPUS_DIR: dir } });
      expect(JSON.parse(byEnv.stdout).citations[0].article).toBe('harbour');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
