import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFiles, readCorpus, type Corpus } from '../../../src/core/ingest/index.js';
import { LONG_NAME, makeHostileCorpus, OUTSIDE_MARKER, type HostileCorpus } from '../../fixtures/hostile/index.js';
import { loadCoreConfig } from '../../../src/config/index.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();

let root: string;
let hostile: HostileCorpus;
let corpus: Corpus;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'hostile-'));
  hostile = makeHostileCorpus(root);
  corpus = await readCorpus(hostile.corpus, { config: coreConfig });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const skippedReason = (name: string) => corpus.skipped.find((s) => path.basename(s.file) === name)?.reason;
const article = (name: string) => corpus.articles.find((a) => path.basename(a.file) === name);

describe('readCorpus over the hostile fixture set', () => {
  it('reads every good file and skips every bad one with its name and a reason', () => {
    for (const [name, outcome] of Object.entries(hostile.expected)) {
      if (outcome === 'article') expect(article(name), `${name}: ${skippedReason(name)}`).toBeDefined();
      else expect(skippedReason(name), name).toMatch(outcome);
    }
    // The seeds are all there.
    expect(corpus.articles.filter((a) => /^00\d_/.test(a.id))).toHaveLength(5);
  });

  it('never reads a file outside the corpus folder, through any link', () => {
    const everything = JSON.stringify(corpus);
    expect(everything).not.toContain(OUTSIDE_MARKER);
    expect(everything).not.toContain('root:x:0:0');
    // The refusal does not name the target either.
    expect(everything).not.toContain(hostile.outside);
  });

  it('reads a link to another file inside the corpus folder', () => {
    expect(article('link-inside.txt')?.title).toBe('Second ferry line to open in spring');
  });

  it('decodes UTF-16 with either byte-order mark, and without one', () => {
    expect(article('utf16le-bom.txt')?.body).toContain('harbour town');
    expect(article('utf16be-bom.md')?.title).toBe('Third ferry line');
    expect(article('utf16le-no-mark.txt')?.title).toBe('Night ferry planned');
  });

  it('decodes an HTML page in the windows-1252 charset it declares', () => {
    const page = article('windows-1252.html');
    expect(page?.title).toBe('Café owners welcome the ferry');
    expect(page?.outlet).toBe('Harbour News');
    expect(page?.body).toContain('“We have waited a long time,” said Renée Dupré');
  });

  it('reads a plain-text .html file as text and names what is wrong with it', () => {
    expect(skippedReason('plain-text.html')).toBe('no article text found (too short or only page furniture)');
  });

  it('flattens pages nested 2,000 and 10,000 levels deep and keeps their text', () => {
    for (const name of ['deep-2000.html', 'deep-10000.html']) {
      expect(article(name)?.body, name).toContain('extend the pier by forty metres');
    }
  });

  it('reads a file with a 250-character name', () => {
    expect(LONG_NAME).toHaveLength(250);
    expect(article(LONG_NAME)?.body).toContain('port authority');
  });
});

describe('ingestFiles over hostile inputs', () => {
  it('copies regular files only: links are skipped with a reason and nothing outside is copied', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'hostile-ingest-'));
    try {
      const inbox = path.join(work, 'inbox');
      const target = path.join(work, 'target');
      mkdirSync(inbox);
      mkdirSync(target);
      symlinkSync(path.join(hostile.outside, 'secret.txt'), path.join(inbox, 's.md'));
      symlinkSync(path.join(hostile.outside, 'folder'), path.join(inbox, 'linked-folder'));
      writeFileSync(path.join(inbox, 'good.txt'), readFileSync(path.join(hostile.corpus, '000_4febd3ada957fb7c.txt')));
      const report = await ingestFiles([inbox, path.join(hostile.corpus, 'link-out-absolute.txt')], target, { config: coreConfig });
      expect(report.added.map((a) => path.basename(a.file))).toEqual(['good.txt']);
      const reasons = Object.fromEntries(report.skipped.map((s) => [path.basename(s.file), s.reason]));
      expect(reasons).toEqual({
        's.md': expect.stringMatching(/symbolic link/),
        'linked-folder': expect.stringMatching(/symbolic link/),
        'link-out-absolute.txt': expect.stringMatching(/symbolic link/),
      });
      for (const name of readdirSync(target)) {
        expect(lstatSync(path.join(target, name)).isFile()).toBe(true);
        expect(readFileSync(path.join(target, name), 'utf8')).not.toContain(OUTSIDE_MARKER);
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('ingests a 250-character file name under a shorter id, with its sidecar, and goes on with the batch', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'hostile-ingest-'));
    try {
      const report = await ingestFiles(
        [path.join(hostile.corpus, LONG_NAME), path.join(hostile.corpus, 'windows-1252.html'), path.join(hostile.corpus, 'deep-10000.html')],
        work, { config: coreConfig },
      );
      expect(report.skipped).toEqual([]);
      expect(report.added).toHaveLength(3);
      const id = report.added[0]!.meta.id;
      expect(Buffer.byteLength(id)).toBeLessThanOrEqual(120);
      expect(readdirSync(work)).toContain(`${id}.meta.json`);
      const reread = await readCorpus(work, { config: coreConfig });
      expect(reread.articles.map((a) => a.id).sort()).toEqual(report.added.map((a) => a.meta.id).sort());
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
