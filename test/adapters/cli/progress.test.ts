import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDuration, pace, progressWanted } from '../../../src/adapters/cli/progress.js';
import { assertBuilt, runCli } from '../../support/cli.js';
import { skipPostgresSuites, startPostgres } from '../../support/postgres.js';
import { ptyUnavailable, runCliInPty } from '../../support/pty.js';

let work: string;
let inbox: string;
beforeAll(async () => {
  assertBuilt();
  work = await mkdtemp(path.join(tmpdir(), 'cli-progress-'));
  inbox = path.join(work, 'inbox');
  await mkdir(inbox);
  for (let i = 0; i < 40; i++) {
    const body = Array.from({ length: 6 }, (_, p) => `Paragraph ${p} of report ${i} says the harbour council approved plan number ${i * 10 + p} for the river district.`);
    await writeFile(path.join(inbox, `report-${i}.txt`), `Harbour report ${i}\n\nJune ${(i % 28) + 1}, 2025\n\n${body.join('\n\n')}\n`);
  }
});
afterAll(() => rm(work, { recursive: true, force: true }));

/** A progress line as drawn: "<step> [===---] done/total unit | rate | time left". */
const BAR = (step: string, unit: string) => new RegExp(`${step} \\[[=-]+\\] \\d+/\\d+ ${unit} \\| (?:…/s|[\\d.,]+/(?:s|min)) \\| .+ left`);

describe.skipIf(ptyUnavailable)('progress on a pseudo-terminal', () => {
  it('ingest draws a bar with done/total, rate and time left, then clears it before the summary', async () => {
    const corpus = path.join(work, 'tty-corpus');
    await mkdir(corpus);
    const run = await runCliInPty(['ingest', inbox, '--corpus', corpus]);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(BAR('adding files', 'files'));
    expect(run.output).toContain('40/40 files');
    expect(run.output).toMatch(/Ingest into .*:\r?\n {2}added {7}40/);
  });

  it('the first build of a coverage draws each step: reading files, indexing, finding statements', async () => {
    const run = await runCliInPty(['ask', 'Who approved the plan?', '--corpus', inbox], { DATA_DIR: path.join(work, 'tty-data') });
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(BAR('reading files', 'files'));
    expect(run.output).toMatch(BAR('indexing', 'articles'));
    expect(run.output).toMatch(BAR('finding statements', 'articles'));
  });

  it('draws nothing with --quiet or --json, even on a terminal', async () => {
    const quiet = await runCliInPty(['--quiet', 'ingest', inbox, '--corpus', path.join(work, 'quiet-corpus')]);
    const json = await runCliInPty(['ask', 'Who approved the plan?', '--json', '--corpus', inbox], { DATA_DIR: path.join(work, 'json-data') });
    for (const run of [quiet, json]) expect(run.output).not.toMatch(/\[[=-]{24}\]/);
    // --quiet is the program's option and works after the command as well.
    const after = await runCliInPty(['ask', 'Who approved the plan?', '--quiet', '--corpus', inbox], { DATA_DIR: path.join(work, 'quiet-data') });
    expect(after.output).not.toMatch(/\[[=-]{24}\]/);
    expect(JSON.parse(json.output.trim()).question).toBe('Who approved the plan?');
  });
}, 60_000);

describe.skipIf(ptyUnavailable || skipPostgresSuites)('archive import on a pseudo-terminal', () => {
  it('draws reading the folder, then storing in the archive, instead of a line per batch', async () => {
    const postgres = await startPostgres();
    try {
      const url = await postgres.createDatabase('progress');
      const tty = await runCliInPty(['archive', 'import', inbox, '--url', url, '--batch', '10']);
      expect(tty.code, tty.output).toBe(0);
      expect(tty.output).toMatch(BAR('reading files', 'files'));
      expect(tty.output).toMatch(BAR('storing in the archive', 'articles'));
      expect(tty.output).not.toMatch(/^stored \d+ new/m);
      expect(tty.output).toMatch(/40 added, 0 replaced, 0 unchanged, 0 skipped\./);
      const pipe = await runCli(['archive', 'import', inbox, '--url', url, '--batch', '10']);
      expect(pipe.stdout.split('\n').filter((l) => l.startsWith('stored '))).toHaveLength(4);
      expect(pipe.stderr).not.toMatch(/storing in the archive/);
    } finally {
      await postgres.remove();
    }
  }, 90_000);
});

describe('progress on a pipe', () => {
  it('is absent: stdout holds only the summary, stderr nothing', async () => {
    await mkdir(path.join(work, 'pipe-corpus'), { recursive: true });
    const run = await runCli(['ingest', inbox, '--corpus', path.join(work, 'pipe-corpus')]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.startsWith(`Ingest into ${path.join(work, 'pipe-corpus')}:\n`)).toBe(true);
    const ask = await runCli(['ask', 'Who approved the plan?', '--corpus', inbox]);
    expect(ask.code).toBe(0);
    expect(ask.stderr).not.toMatch(/reading files|indexing|finding statements/);
  });
});

describe('progressWanted', () => {
  const tty = { isTTY: true };
  const pipe = { isTTY: false };
  it('wants both streams to be terminals, and neither --json nor --quiet', () => {
    expect(progressWanted({}, { stdout: tty, stderr: tty }, {})).toBe(true);
    expect(progressWanted({}, { stdout: pipe, stderr: tty }, {})).toBe(false);
    expect(progressWanted({}, { stdout: tty, stderr: pipe }, {})).toBe(false);
    expect(progressWanted({ json: true }, { stdout: tty, stderr: tty }, {})).toBe(false);
    expect(progressWanted({ quiet: true }, { stdout: tty, stderr: tty }, {})).toBe(false);
  });

  it('is off on a terminal that cannot move the cursor (TERM=dumb)', () => {
    expect(progressWanted({}, { stdout: tty, stderr: tty }, { TERM: 'dumb' })).toBe(false);
  });
});

describe('pace', () => {
  it('is the average rate since the step began, and the time left at that rate', () => {
    expect(pace(300, 3000, 2000)).toEqual({ rate: '150/s', left: '18 s left' });
    expect(pace(3, 30, 2000)).toEqual({ rate: '1.5/s', left: '18 s left' });
    expect(pace(2, 8, 240_000)).toEqual({ rate: '0.5/min', left: '12 min 00 s left' });
  });

  it('says nothing before there is a pace to speak of', () => {
    expect(pace(0, 100, 5000)).toEqual({ rate: '…/s', left: '… left' });
    expect(pace(5, 100, 100)).toEqual({ rate: '…/s', left: '… left' });
  });

  it('formats durations for people', () => {
    expect(formatDuration(400)).toBe('under 1 s');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(125_000)).toBe('2 min 05 s');
    expect(formatDuration(3_720_000)).toBe('1 h 02 min');
  });
});
