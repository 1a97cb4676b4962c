import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readCorpus } from '../../../../src/core/ingest/index.js';
import { assertBuilt, bin, root, runCli, seeds } from '../../../support/cli.js';
import { loadCoreConfig } from '../../../../src/config/index.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();

const htmlDir = path.join(root, 'test/fixtures/html');

let work: string;
let corpusDir: string;
beforeAll(assertBuilt);
beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'cli-ingest-'));
  corpusDir = path.join(work, 'corpus');
  await mkdir(corpusDir);
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('coverage-bot ingest', () => {
  it('adds files, prints a summary table and exits 0', async () => {
    const run = await runCli(['ingest', path.join(htmlDir, 'opengraph.html'), path.join(seeds, '004_f199326b91c0929f.txt'), '--corpus', corpusDir]);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')).toEqual([`Ingest into ${corpusDir}:`, '  added       2', '  duplicates  0', '  replaced    0', '  skipped     0', '']);
    expect((await readdir(corpusDir)).sort()).toEqual([
      '004_f199326b91c0929f.meta.json',
      '004_f199326b91c0929f.txt',
      'opengraph.html',
      'opengraph.meta.json',
    ]);
  });

  it('lists every file with --verbose, one line each, before the table', async () => {
    const run = await runCli(['ingest', path.join(htmlDir, 'opengraph.html'), path.join(seeds, '004_f199326b91c0929f.txt'), '--corpus', corpusDir, '--verbose']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^added {6}.*opengraph\.html → opengraph\.html \(Reuters — Finland opens new border crossing for freight traffic — 2025-02-03\)$/m);
    expect(run.stdout).toMatch(/^added {6}.*004_f199326b91c0929f\.txt → 004_f199326b91c0929f\.txt \(The Moscow Times — /m);
    expect(run.stdout).toMatch(/\n\nIngest into .*:\n {2}added {7}2\n/);
  });

  it('counts a corrected version of an article (same URL) as replaced, and names it with --verbose', async () => {
    const original = path.join(seeds, '004_f199326b91c0929f.txt');
    await runCli(['ingest', original, '--corpus', corpusDir]);
    const rewritten = (await readFile(original, 'utf8')).replace('The Kremlin on Monday', 'On Monday the Kremlin, in a short statement,');
    const updated = path.join(work, 'mt-updated.txt');
    await writeFile(updated, rewritten.slice(0, 900) + '\n\nOriginal url:\n\n<https://themoscowtimes.com/2025/05/12/kremlin-reiterates-putins-call-for-istanbul-talks-but-remains-silent-on-possible-zelensky-meeting-a89054/>\n');
    const run = await runCli(['ingest', updated, '--corpus', corpusDir, '--verbose']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^replaced {3}.*mt-updated\.txt → 004_f199326b91c0929f\.txt \(.*\), a newer version of 004_f199326b91c0929f$/m);
    expect(run.stdout).toMatch(/^ {2}added {7}0\n {2}duplicates {2}0\n {2}replaced {4}1\n/m);
  });

  it('takes the corpus folder from CORPUS_DIR when --corpus is not given', async () => {
    const run = await runCli(['ingest', path.join(htmlDir, 'time-element.html')], { env: { CORPUS_DIR: corpusDir } });
    expect(run.code).toBe(0);
    expect(await readdir(corpusDir)).toContain('time-element.html');
  });

  it('counts a duplicate (named with --verbose) and exits 0 because the article is there', async () => {
    const file = path.join(seeds, '002_139fa1bb7e812c3d.txt');
    await runCli(['ingest', file, '--corpus', corpusDir]);
    const quiet = await runCli(['ingest', file, '--corpus', corpusDir]);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).toMatch(/^ {2}duplicates {2}1$/m);
    expect(quiet.stdout).not.toMatch(/^duplicate /m);
    const run = await runCli(['ingest', file, '--corpus', corpusDir, '--verbose']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^duplicate .*: already in the coverage as 002_139fa1bb7e812c3d \(near-identical text/m);
  });

  it('skips bad files with a one-line reason each and exits 2 when nothing could be ingested', async () => {
    await writeFile(path.join(work, 'empty.txt'), '');
    await writeFile(path.join(work, 'binary.html'), Buffer.from([0x3c, 0x00, 0x3e]));
    const run = await runCli(['ingest', path.join(work, 'empty.txt'), path.join(work, 'binary.html'), path.join(htmlDir, 'no-article.html'), '--corpus', corpusDir]);
    expect(run.code).toBe(2);
    expect(run.stdout.trim().split('\n')).toEqual([
      `skipped    ${path.join(work, 'empty.txt')}: empty file`,
      `skipped    ${path.join(work, 'binary.html')}: binary file (contains NUL bytes), not article text`,
      `skipped    ${path.join(htmlDir, 'no-article.html')}: HTML page has no article text in it`,
      '',
      `Ingest into ${corpusDir}:`,
      '  added                                  0',
      '  duplicates                             0',
      '  replaced                               0',
      '  skipped                                3',
      '    binary file                          1',
      '    empty file                           1',
      '    HTML page has no article text in it  1',
    ]);
    expect(run.stderr.trim()).toBe(`coverage-bot: nothing could be ingested into ${corpusDir}`);
    expect(await readdir(corpusDir)).toEqual([]);
  });

  it('exits 2 with a one-line message, not a stack trace, for a missing corpus folder', async () => {
    const missing = path.join(work, 'nowhere');
    const run = await runCli(['ingest', path.join(htmlDir, 'opengraph.html'), '--corpus', missing]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(`coverage-bot: coverage folder ${missing} does not exist`);
  });

  it('prints the report as JSON with --json', async () => {
    const run = await runCli(['ingest', path.join(htmlDir, 'jsonld-graph.html'), '--corpus', corpusDir, '--json']);
    const report = JSON.parse(run.stdout);
    expect(report.added[0].meta).toMatchObject({ id: 'jsonld-graph', outlet: 'Harbour Ledger', published: '2025-03-14' });
    expect(report.duplicates).toEqual([]);
    expect(report.skipped).toEqual([]);
  });

  it('killed mid-ingest, leaves only whole articles, each with its metadata, and the next ingest finishes the job', async () => {
    const inbox = path.join(work, 'inbox');
    await mkdir(inbox);
    const count = 300;
    for (let i = 0; i < count; i++) await writeFile(path.join(inbox, `report-${String(i).padStart(3, '0')}.txt`), syntheticArticle(i));
    await copyFile(path.join(seeds, '000_4febd3ada957fb7c.txt'), path.join(corpusDir, 'trt.txt'));

    const child = spawn(process.execPath, [bin, 'ingest', inbox, '--corpus', corpusDir], { cwd: root, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    while ((await readdir(corpusDir)).filter((n) => n.endsWith('.txt')).length < 6) {
      await new Promise((r) => setTimeout(r, 2));
    }
    child.kill('SIGKILL');
    await exited;

    const names = await readdir(corpusDir);
    const articles = names.filter((n) => n.endsWith('.txt'));
    // The kill landed mid-batch (the whole batch takes far longer than the first few files).
    expect(articles.length).toBeLessThan(count);
    for (const name of articles.filter((n) => n !== 'trt.txt')) {
      expect(names).toContain(name.replace(/\.txt$/, '.meta.json'));
      expect(await readFile(path.join(corpusDir, name), 'utf8')).toBe(await readFile(path.join(inbox, name), 'utf8'));
    }
    const corpus = await readCorpus(corpusDir, { config: coreConfig });
    expect(corpus.skipped).toEqual([]);
    expect(corpus.articles.map((a) => a.id)).toEqual(articles.map((n) => n.replace(/\.txt$/, '')).sort());

    const rerun = await runCli(['ingest', inbox, '--corpus', corpusDir]);
    expect(rerun.code).toBe(0);
    const after = await readCorpus(corpusDir, { config: coreConfig });
    expect(after.articles).toHaveLength(count + 1);
    expect((await readdir(corpusDir)).filter((n) => n.startsWith('.'))).toEqual([]);
  });
});

/** A distinct, plausible article per seed number (so none is a near-duplicate of another). */
function syntheticArticle(seed: number): string {
  const words = ['council', 'harbour', 'budget', 'railway', 'school', 'bridge', 'market', 'museum', 'river', 'clinic', 'festival', 'airport', 'library', 'factory', 'stadium', 'tunnel'];
  let state = seed * 7919 + 1;
  const pick = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return words[state % words.length]!;
  };
  const sentence = () => `The ${pick()} committee said the ${pick()} plan for the ${pick()} would cost ${(state % 900) + 100} thousand and open near the ${pick()} next ${pick()}.`;
  const paragraphs = Array.from({ length: 12 }, () => `${sentence()} ${sentence()} ${sentence()}`);
  return `Report ${seed}: ${pick()} and ${pick()} plans approved\n\nJune ${(seed % 28) + 1}, 2025\n\n${paragraphs.join('\n\n')}\n`;
}
