import { mkdtemp, rm, writeFile, copyFile, mkdir, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createReadCache, readCorpus, rememberCorpus, stampFolders } from '../../../src/core/ingest/index.js';
import { loadCoreConfig } from '../../../src/config/index.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();

const seedsDir = path.resolve(import.meta.dirname, '../../../seeds');
const moscowTimes = '004_f199326b91c0929f';

const ARTICLE = `Harbour cranes return to work after strike

June 3, 2025

Dock workers at the northern port returned to work on Tuesday after a four-day strike over pay ended with a deal that raises wages by six percent this year.

The union said the agreement also limits night shifts to three a week and adds two safety inspectors to every terminal.
`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ingest-corpus-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const reasonFor = async (name: string) => {
  const corpus = await readCorpus(dir, { config: coreConfig });
  return corpus.skipped.find((s) => path.basename(s.file) === name)?.reason;
};

describe('readCorpus on a folder with bad files', () => {
  it('skips an empty file with a reason and still reads the good article', async () => {
    await writeFile(path.join(dir, 'good.txt'), ARTICLE);
    await writeFile(path.join(dir, 'empty.txt'), '');
    const corpus = await readCorpus(dir, { config: coreConfig });
    expect(corpus.articles.map((a) => a.id)).toEqual(['good']);
    expect(corpus.skipped).toEqual([{ file: path.join(dir, 'empty.txt'), reason: 'empty file' }]);
  });

  it('skips a whitespace-only file as empty', async () => {
    await writeFile(path.join(dir, 'blank.md'), '  \n\n \t\n');
    expect(await reasonFor('blank.md')).toMatch(/empty/);
  });

  it('skips a binary file (NUL bytes)', async () => {
    await writeFile(path.join(dir, 'photo.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a, 0x0a]));
    expect(await reasonFor('photo.txt')).toMatch(/binary/);
  });

  it('skips a file that is not valid UTF-8', async () => {
    await writeFile(path.join(dir, 'latin1.txt'), Buffer.from('Caf\xe9 cr\xe8me prices rose again this week in Paris.', 'latin1'));
    expect(await reasonFor('latin1.txt')).toMatch(/not valid UTF-8/);
  });

  it('skips a file over the size limit without reading it', async () => {
    await writeFile(path.join(dir, 'huge.txt'), ARTICLE.repeat(50));
    const corpus = await readCorpus(dir, { config: coreConfig, maxFileBytes: 2000 });
    expect(corpus.articles).toEqual([]);
    expect(corpus.skipped[0]?.reason).toMatch(/over the 2 kB limit/);
  });

  it('skips a text file with no article body (only furniture)', async () => {
    await writeFile(path.join(dir, 'furniture.txt'), 'Home\n/\nNews\n\nAdvertisement\n\n0:00\n24:43\n');
    expect(await reasonFor('furniture.txt')).toMatch(/no article text/);
  });

  it('skips an HTML page with no article in it', async () => {
    await copyFile(path.resolve(import.meta.dirname, '../../fixtures/html/no-article.html'), path.join(dir, 'signin.html'));
    expect(await reasonFor('signin.html')).toBe('HTML page has no article text in it');
  });

  it('lists a file of another type as skipped with the accepted types', async () => {
    await writeFile(path.join(dir, 'notes.pdf'), '%PDF-1.4');
    expect(await reasonFor('notes.pdf')).toMatch(/\.txt, \.md or \.html/);
  });

  it('ignores hidden and temporary files, sidecars and sub-folders', async () => {
    await writeFile(path.join(dir, 'good.txt'), ARTICLE);
    await writeFile(path.join(dir, '.good.txt.123.tmp'), ARTICLE);
    await writeFile(path.join(dir, 'draft.txt~'), ARTICLE);
    await writeFile(path.join(dir, 'other.meta.json'), '{}');
    await mkdir(path.join(dir, 'archive'));
    const corpus = await readCorpus(dir, { config: coreConfig });
    expect(corpus.articles.map((a) => a.id)).toEqual(['good']);
    expect(corpus.skipped).toEqual([]);
  });

  it('skips the second of two files that would share one article id', async () => {
    await writeFile(path.join(dir, 'story.txt'), ARTICLE);
    await writeFile(path.join(dir, 'story.md'), ARTICLE);
    const corpus = await readCorpus(dir, { config: coreConfig });
    expect(corpus.articles).toHaveLength(1);
    expect(corpus.skipped[0]?.reason).toMatch(/same article name/);
  });

  it('throws a one-line error naming a missing folder', async () => {
    const missing = path.join(dir, 'nowhere');
    await expect(readCorpus(missing, { config: coreConfig })).rejects.toThrow(`coverage folder ${missing} does not exist`);
  });

  it('throws a clear error when the path is a file, not a folder', async () => {
    await writeFile(path.join(dir, 'good.txt'), ARTICLE);
    await expect(readCorpus(path.join(dir, 'good.txt'), { config: coreConfig })).rejects.toThrow(/is a file, not a folder/);
  });
});

describe('metadata sidecars', () => {
  it('override any metadata field of the article beside them', async () => {
    await copyFile(path.join(seedsDir, `${moscowTimes}.txt`), path.join(dir, `${moscowTimes}.txt`));
    await writeFile(
      path.join(dir, `${moscowTimes}.meta.json`),
      JSON.stringify({ outlet: 'MT', title: 'A better headline', author: 'Staff', published: '2025-05-13T09:00:00Z', url: null }),
    );
    const [article] = (await readCorpus(dir, { config: coreConfig })).articles;
    expect(article).toMatchObject({
      outlet: 'MT',
      title: 'A better headline',
      author: 'Staff',
      published: '2025-05-13',
      url: null,
      subtitle: null,
    });
  });

  it('leave fields they do not name as extracted', async () => {
    await copyFile(path.join(seedsDir, `${moscowTimes}.txt`), path.join(dir, `${moscowTimes}.txt`));
    await writeFile(path.join(dir, `${moscowTimes}.meta.json`), JSON.stringify({ author: 'Staff' }));
    const [article] = (await readCorpus(dir, { config: coreConfig })).articles;
    expect(article).toMatchObject({ author: 'Staff', outlet: 'The Moscow Times', published: '2025-05-12' });
  });

  it('that are broken are reported and ignored, and the article is still read', async () => {
    await writeFile(path.join(dir, 'good.txt'), ARTICLE);
    await writeFile(path.join(dir, 'good.meta.json'), '{"published": "next week"');
    const corpus = await readCorpus(dir, { config: coreConfig });
    expect(corpus.articles[0]?.title).toBe('Harbour cranes return to work after strike');
    expect(corpus.skipped).toEqual([
      { file: path.join(dir, 'good.meta.json'), reason: expect.stringMatching(/^metadata sidecar ignored: not valid JSON/) },
    ]);
  });

  it('with a wrong field type are reported naming the field', async () => {
    await writeFile(path.join(dir, 'good.txt'), ARTICLE);
    await writeFile(path.join(dir, 'good.meta.json'), JSON.stringify({ published: 'next week' }));
    const corpus = await readCorpus(dir, { config: coreConfig });
    expect(corpus.skipped[0]?.reason).toMatch(/published: must be a date/);
    expect(corpus.articles[0]?.published).toBe('2025-06-03');
  });
});

describe('readCorpus options', () => {
  it('reads several folders in folder then file-name order, and skips a file of the refused list with its reason', async () => {
    const second = path.join(dir, 'second');
    await mkdir(second);
    await writeFile(path.join(dir, 'b.txt'), ARTICLE);
    await writeFile(path.join(dir, 'a.txt'), ARTICLE.replace('northern', 'southern'));
    await writeFile(path.join(second, 'c.txt'), ARTICLE.replace('northern', 'eastern'));
    const seen: string[] = [];
    const corpus = await readCorpus([dir, second], {
      config: coreConfig,
      refused: new Map([[path.join(dir, 'b.txt'), 'stalled an earlier build']]),
      onFile: (file) => seen.push(path.basename(file)),
    });
    expect(corpus.dirs).toEqual([dir, second]);
    expect(corpus.articles.map((a) => a.id)).toEqual(['a', 'c']);
    expect(corpus.skipped).toEqual([{ file: path.join(dir, 'b.txt'), reason: 'stalled an earlier build' }]);
    expect(seen).toEqual(['a.txt', 'c.txt']);
  });
});

describe('the read cache', () => {
  it('reads only new and changed files again, and gives the very article objects of unchanged ones', async () => {
    await writeFile(path.join(dir, 'a.txt'), ARTICLE);
    await writeFile(path.join(dir, 'b.txt'), ARTICLE.replace('northern', 'southern'));
    const cache = createReadCache();
    const first = await readCorpus(dir, { config: coreConfig, cache });
    expect(cache.lastRead).toBe(2);

    await writeFile(path.join(dir, 'b.txt'), ARTICLE.replace('northern', 'western'));
    await utimes(path.join(dir, 'b.txt'), new Date(), new Date(Date.now() + 5000));
    await writeFile(path.join(dir, 'c.txt'), ARTICLE.replace('northern', 'eastern'));
    const second = await readCorpus(dir, { config: coreConfig, cache });
    expect(cache.lastRead).toBe(2);
    expect(second.articles[0]).toBe(first.articles[0]);
    expect(second.articles[1]!.body).toContain('western');
    expect([...cache.files.keys()].map((f) => path.basename(f)).sort()).toEqual(['a.txt', 'b.txt', 'c.txt']);

    await rm(path.join(dir, 'c.txt'));
    await readCorpus(dir, { config: coreConfig, cache });
    expect(cache.lastRead).toBe(0);
    expect(cache.files.has(path.join(dir, 'c.txt'))).toBe(false);
  });

  it('reads a skipped file again even when its stamp is unchanged', async () => {
    await writeFile(path.join(dir, 'empty.txt'), '');
    const cache = createReadCache();
    await readCorpus(dir, { config: coreConfig, cache });
    await readCorpus(dir, { config: coreConfig, cache });
    expect(cache.lastRead).toBe(1);
  });

  it('reads an article again when only its sidecar changed', async () => {
    await writeFile(path.join(dir, 'a.txt'), ARTICLE);
    await writeFile(path.join(dir, 'a.meta.json'), '{"author": "Jane Doe"}');
    const cache = createReadCache();
    await readCorpus(dir, { config: coreConfig, cache });
    await writeFile(path.join(dir, 'a.meta.json'), '{"author": "John Roe, Harbour Desk"}');
    const corpus = await readCorpus(dir, { config: coreConfig, cache });
    expect(cache.lastRead).toBe(1);
    expect(corpus.articles[0]!.author).toBe('John Roe, Harbour Desk');
  });

  it('rememberCorpus fills a cache from a corpus read elsewhere under the stamps taken before it', async () => {
    await writeFile(path.join(dir, 'a.txt'), ARTICLE);
    await writeFile(path.join(dir, 'b.txt'), ARTICLE.replace('northern', 'southern'));
    await writeFile(path.join(dir, '.hidden.txt'), ARTICLE);
    const stamps = stampFolders([dir, path.join(dir, 'nowhere')]);
    expect([...stamps.keys()].map((f) => path.basename(f)).sort()).toEqual(['a.txt', 'b.txt']);
    const elsewhere = await readCorpus(dir, { config: coreConfig });
    const cache = createReadCache();
    rememberCorpus(cache, elsewhere, stamps);
    expect(cache.files.size).toBe(2);
    const again = await readCorpus(dir, { config: coreConfig, cache });
    expect(cache.lastRead).toBe(0);
    expect(again.articles[0]).toBe(elsewhere.articles[0]);
  });
});
