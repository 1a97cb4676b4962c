import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestFiles, readCorpus } from '../../../src/core/ingest/index.js';
import { loadCoreConfig } from '../../../src/config/index.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();

const seedsDir = path.resolve(import.meta.dirname, '../../../seeds');
const htmlDir = path.resolve(import.meta.dirname, '../../fixtures/html');
const moscowTimes = '004_f199326b91c0929f';

let work: string;
let corpusDir: string;
let inbox: string;
beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'ingest-files-'));
  corpusDir = path.join(work, 'corpus');
  inbox = path.join(work, 'inbox');
  await mkdir(corpusDir);
  await mkdir(inbox);
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('ingestFiles', () => {
  it('copies a new article into the corpus with a sidecar of its extracted metadata', async () => {
    const report = await ingestFiles([path.join(htmlDir, 'opengraph.html')], corpusDir, { config: coreConfig });
    expect(report.added).toHaveLength(1);
    expect((await readdir(corpusDir)).sort()).toEqual(['opengraph.html', 'opengraph.meta.json']);
    expect(await readFile(path.join(corpusDir, 'opengraph.html'), 'utf8')).toBe(await readFile(path.join(htmlDir, 'opengraph.html'), 'utf8'));
    const sidecar = JSON.parse(await readFile(path.join(corpusDir, 'opengraph.meta.json'), 'utf8'));
    expect(sidecar).toMatchObject({
      title: 'Finland opens new border crossing for freight traffic',
      outlet: 'Reuters',
      published: '2025-02-03',
      url: 'https://www.reuters.com/world/europe/finland-opens-new-border-crossing-2025-02-03/',
    });
  });

  it('makes the article readable by readCorpus with the same metadata', async () => {
    await ingestFiles([path.join(seedsDir, `${moscowTimes}.txt`)], corpusDir, { config: coreConfig });
    const corpus = await readCorpus(corpusDir, { config: coreConfig });
    expect(corpus.skipped).toEqual([]);
    expect(corpus.articles[0]).toMatchObject({ id: moscowTimes, outlet: 'The Moscow Times', published: '2025-05-12' });
  });

  it('reads folders and takes only article files from them', async () => {
    await copyFile(path.join(seedsDir, '000_4febd3ada957fb7c.txt'), path.join(inbox, 'trt.txt'));
    await copyFile(path.join(htmlDir, 'time-element.html'), path.join(inbox, 'library.html'));
    await writeFile(path.join(inbox, 'picture.jpg'), Buffer.from([0xff, 0xd8, 0xff]));
    const report = await ingestFiles([inbox], corpusDir, { config: coreConfig });
    expect(report.added.map((a) => a.meta.id).sort()).toEqual(['library', 'trt']);
    expect(report.skipped).toEqual([]);
  });

  it('replaces an article with a corrected version under the same URL', async () => {
    await ingestFiles([path.join(seedsDir, `${moscowTimes}.txt`)], corpusDir, { config: coreConfig });
    const rewritten = (await readFile(path.join(seedsDir, `${moscowTimes}.txt`), 'utf8')).replace(
      'The Kremlin on Monday',
      'On Monday the Kremlin, in a short statement,',
    );
    await writeFile(path.join(inbox, 'mt-updated.txt'), rewritten.slice(0, 900) + '\n\nOriginal url:\n\n<https://themoscowtimes.com/2025/05/12/kremlin-reiterates-putins-call-for-istanbul-talks-but-remains-silent-on-possible-zelensky-meeting-a89054/?utm_source=feed>\n');
    const report = await ingestFiles([path.join(inbox, 'mt-updated.txt')], corpusDir, { config: coreConfig });
    expect(report.duplicates).toEqual([]);
    expect(report.added).toMatchObject([{ source: path.join(inbox, 'mt-updated.txt'), replaces: moscowTimes, meta: { id: moscowTimes } }]);
    const corpus = await readCorpus(corpusDir, { config: coreConfig });
    expect(corpus.articles).toHaveLength(1);
    expect(corpus.articles[0]!.body).toContain('in a short statement');
  });

  it('does not replace an article with a version of the same URL dated before it', async () => {
    await ingestFiles([path.join(seedsDir, `${moscowTimes}.txt`)], corpusDir, { config: coreConfig });
    const older = (await readFile(path.join(seedsDir, `${moscowTimes}.txt`), 'utf8'))
      .replace('The Kremlin on Monday', 'On Monday the Kremlin, in a short statement,')
      .replace(/2025-05-12|May 12, 2025/g, '2025-05-01');
    await writeFile(path.join(inbox, 'mt-older.txt'), older.slice(0, 900) + '\n\nPublished: 2025-05-01\n\nOriginal url:\n\n<https://www.themoscowtimes.com/2025/05/12/kremlin-reiterates-putins-call-for-istanbul-talks-but-remains-silent-on-possible-zelensky-meeting-a89054>\n');
    const report = await ingestFiles([path.join(inbox, 'mt-older.txt')], corpusDir, { config: coreConfig });
    expect(report.added).toEqual([]);
    expect(report.duplicates).toMatchObject([{ existing: moscowTimes, reason: expect.stringMatching(/dated before/) }]);
  });

  it('does not write over an article of a folder it only reads (alsoServed)', async () => {
    const samples = path.join(work, 'samples');
    await mkdir(samples);
    await copyFile(path.join(seedsDir, `${moscowTimes}.txt`), path.join(samples, `${moscowTimes}.txt`));
    const rewritten = (await readFile(path.join(seedsDir, `${moscowTimes}.txt`), 'utf8')).replace('The Kremlin on Monday', 'On Monday the Kremlin, in a short statement,');
    await writeFile(path.join(inbox, 'mt.txt'), rewritten.slice(0, 900) + '\n\nOriginal url:\n\n<https://www.themoscowtimes.com/2025/05/12/kremlin-reiterates-putins-call-for-istanbul-talks-but-remains-silent-on-possible-zelensky-meeting-a89054>\n');
    const report = await ingestFiles([path.join(inbox, 'mt.txt')], corpusDir, { config: coreConfig, alsoServed: [samples] });
    expect(report.added).toEqual([]);
    expect(report.duplicates).toMatchObject([{ existing: moscowTimes, reason: expect.stringMatching(/same URL/) }]);
    expect(await readdir(corpusDir)).toEqual([]);
  });

  it('does not add a near-identical copy of an article under another name', async () => {
    await ingestFiles([path.join(seedsDir, '001_389ba111ca556c41.txt')], corpusDir, { config: coreConfig });
    const copy = (await readFile(path.join(seedsDir, '001_389ba111ca556c41.txt'), 'utf8')).replace('Current News', 'Top Stories');
    await writeFile(path.join(inbox, 'bloomberg-copy.txt'), copy);
    const report = await ingestFiles([path.join(inbox, 'bloomberg-copy.txt')], corpusDir, { config: coreConfig });
    expect(report.added).toEqual([]);
    expect(report.duplicates[0]).toMatchObject({ existing: '001_389ba111ca556c41', reason: expect.stringMatching(/^near-identical text/) });
    expect(await readdir(corpusDir)).not.toContain('bloomberg-copy.txt');
  });

  it('does not add the same article twice within one batch', async () => {
    const source = path.join(seedsDir, '002_139fa1bb7e812c3d.txt');
    await copyFile(source, path.join(inbox, 'rt-again.txt'));
    const report = await ingestFiles([source, path.join(inbox, 'rt-again.txt')], corpusDir, { config: coreConfig });
    expect(report.added).toHaveLength(1);
    expect(report.duplicates).toHaveLength(1);
  });

  it('gives a different article a free name when its file name is taken', async () => {
    await copyFile(path.join(seedsDir, '003_9be217cb5ba1d0f2.txt'), path.join(corpusDir, 'story.txt'));
    await copyFile(path.join(htmlDir, 'no-metadata.html'), path.join(inbox, 'story.html'));
    const report = await ingestFiles([path.join(inbox, 'story.html')], corpusDir, { config: coreConfig });
    expect(report.added[0]?.meta.id).toBe('story-2');
    const corpus = await readCorpus(corpusDir, { config: coreConfig });
    expect(corpus.articles.map((a) => a.id).sort()).toEqual(['story', 'story-2']);
  });

  it('skips bad files with one reason each and still ingests the good ones', async () => {
    await writeFile(path.join(inbox, 'empty.txt'), '');
    await writeFile(path.join(inbox, 'binary.txt'), Buffer.from([1, 2, 0, 3]));
    await writeFile(path.join(inbox, 'latin1.md'), Buffer.from('Caf\xe9', 'latin1'));
    await writeFile(path.join(inbox, 'big.txt'), 'word '.repeat(1000));
    await copyFile(path.join(htmlDir, 'no-article.html'), path.join(inbox, 'signin.html'));
    await copyFile(path.join(seedsDir, `${moscowTimes}.txt`), path.join(inbox, 'good.txt'));
    const report = await ingestFiles([inbox, path.join(work, 'missing.txt')], corpusDir, { config: coreConfig, maxFileBytes: 4000 });
    expect(report.added.map((a) => a.meta.id)).toEqual(['good']);
    const reasons = Object.fromEntries(report.skipped.map((s) => [path.basename(s.file), s.reason]));
    expect(reasons).toEqual({
      'missing.txt': 'does not exist',
      'empty.txt': 'empty file',
      'binary.txt': expect.stringMatching(/binary/),
      'latin1.md': expect.stringMatching(/UTF-8/),
      'big.txt': expect.stringMatching(/over the 4 kB limit/),
      'signin.html': 'HTML page has no article text in it',
    });
  });

  it('skips a file of an unsupported type named explicitly', async () => {
    await writeFile(path.join(inbox, 'notes.docx'), 'PK');
    const report = await ingestFiles([path.join(inbox, 'notes.docx')], corpusDir, { config: coreConfig });
    expect(report.skipped[0]?.reason).toMatch(/use \.txt, \.md or \.html/);
  });

  it('leaves no temporary file behind and removes ones abandoned by a killed ingest', async () => {
    const abandoned = path.join(corpusDir, '.old.txt.999999999.0123abcd.tmp');
    await writeFile(abandoned, 'half an arti');
    await ingestFiles([path.join(seedsDir, `${moscowTimes}.txt`)], corpusDir, { config: coreConfig });
    expect((await readdir(corpusDir)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('throws a clear error when the corpus folder does not exist', async () => {
    const missing = path.join(work, 'no-corpus');
    await expect(ingestFiles([path.join(seedsDir, `${moscowTimes}.txt`)], missing, { config: coreConfig })).rejects.toThrow(
      `coverage folder ${missing} does not exist`,
    );
  });
});
