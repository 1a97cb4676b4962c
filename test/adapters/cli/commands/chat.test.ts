import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../../../support/cli.js';

beforeAll(assertBuilt);

describe('coverage-bot chat', () => {
  it('answers piped questions in order, with follow-ups resolved from the previous question', async () => {
    const { code, stdout } = await runCli(['chat'], { input: 'What did Shoygu say about Istanbul?\nWhom did he meet?\nexit\nWho is Peskov?\n' });
    expect(code).toBe(0);
    const answers = stdout.trim().split(/\n\n(?=[^[])/);
    expect(answers[0]).toMatch(/Shoygu/);
    expect(stdout).toMatch(/Memis/);
    // Nothing after "exit" is answered.
    expect(stdout).not.toMatch(/Who is Peskov/);
  });

  it('shows other sources for the last question on "more"', async () => {
    const { stdout } = await runCli(['chat'], { input: 'What did Peskov say about the talks?\nmore\n' });
    const [first, more] = stdout.trim().split(/\n\n(?=[^[])/).filter((block) => !block.startsWith('['));
    expect(more).toBeDefined();
    expect(more).not.toBe(first);
  });

  it('knows the bots’ /latest and /sources, says so of another command, and quits on /quit', async () => {
    const { code, stdout } = await runCli(['chat'], { input: '/latest speaker:Peskov\n/sources\n/weather Moscow\n/quit\nWho is Peskov?\n' });
    expect(code).toBe(0);
    expect(stdout).toMatch(/Dmitry Peskov \(Kremlin spokesman\)/);
    expect(stdout).not.toMatch(/Sergey Shoygu/);
    expect(stdout).toMatch(/5 articles in the coverage, newest first/);
    expect(stdout).toMatch(/000_4febd3ada957fb7c {2}TRT World — Kremlin says no plans yet for Putin-Trump call/);
    expect(stdout).toMatch(/The chat has no command "\/weather"/);
    // Nothing after "/quit" is answered: no citation list follows.
    expect(stdout).not.toMatch(/^\[1\]/m);
  });

  it('answers a bad message politely and keeps going', async () => {
    const { code, stdout } = await runCli(['chat'], { input: '🙂🙂\nWho is the secretary of the Russian Security Council?\n' });
    expect(code).toBe(0);
    expect(stdout).toMatch(/could not find any words/i);
    expect(stdout).toMatch(/Shoygu/);
  });
});
