import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  articleFormat,
  articleId,
  buildArticle,
  decodeArticleBytes,
  DEFAULT_MAX_FILE_BYTES,
  extractArticle,
  isIgnoredFile,
  tooLargeReason,
} from '../../../src/core/ingest/article-file.js';
import { createOutletDirectory } from '../../../src/core/ingest/outlets.js';
import { HOSTILE_FIXTURES } from '../../fixtures/hostile/index.js';

const outlets = createOutletDirectory([{ name: 'Reuters', domains: ['reuters.com'], aliases: [] }]);

const STORY = `Harbour cranes return to work after strike

June 3, 2025

Dock workers at the northern port returned to work on Tuesday after a four-day strike over pay ended with a deal that raises wages by six percent this year.

The union said the agreement also limits night shifts to three a week.
`;

const decoded = (bytes: Uint8Array, format: 'text' | 'markdown' | 'html' = 'text') => {
  const result = decodeArticleBytes(bytes, DEFAULT_MAX_FILE_BYTES, format);
  if (!('text' in result)) throw new Error(result.reason);
  return result.text;
};
const reasonOf = (bytes: Uint8Array, format: 'text' | 'markdown' | 'html' = 'text', limit = DEFAULT_MAX_FILE_BYTES) => {
  const result = decodeArticleBytes(bytes, limit, format);
  return 'reason' in result ? result.reason : null;
};
const fixture = (name: string) => readFileSync(path.join(HOSTILE_FIXTURES, name));

describe('file names', () => {
  it('articleFormat reads the extension, in any case, and is null for other files', () => {
    expect(articleFormat('a.txt')).toBe('text');
    expect(articleFormat('a.TEXT')).toBe('text');
    expect(articleFormat('story.Md')).toBe('markdown');
    expect(articleFormat('story.markdown')).toBe('markdown');
    expect(articleFormat('page.HTM')).toBe('html');
    expect(articleFormat('page.html')).toBe('html');
    expect(articleFormat('notes.pdf')).toBeNull();
    expect(articleFormat('README')).toBeNull();
    expect(articleFormat('.txt')).toBeNull();
  });

  it('isIgnoredFile skips hidden, editor, temporary and sidecar files, not articles', () => {
    for (const name of ['.hidden.txt', '~lock.txt', '#draft.txt#', 'a.txt~', 'a.meta.json', 'a.txt.tmp', 'a.TXT.SWP', 'page.html.crdownload', 'a.part', 'a.bak']) {
      expect(isIgnoredFile(name), name).toBe(true);
    }
    for (const name of ['a.txt', 'backup-plan.txt', 'temp-rise.md', 'meta.json.txt']) expect(isIgnoredFile(name), name).toBe(false);
  });

  it('articleId is the base name without its last extension', () => {
    expect(articleId('/corpus/004_f199326b91c0929f.txt')).toBe('004_f199326b91c0929f');
    expect(articleId('report.v2.html')).toBe('report.v2');
    expect(articleId('Über die Brücke.md')).toBe('Über die Brücke');
  });
});

describe('decodeArticleBytes', () => {
  it('reads UTF-8, with or without a byte-order mark', () => {
    expect(decoded(Buffer.from('Café owners welcome the ferry'))).toBe('Café owners welcome the ferry');
    expect(decoded(Buffer.from('\uFEFFCafé', 'utf8'))).toBe('Café');
  });

  it('reads UTF-16 with either byte-order mark and without one', () => {
    expect(decoded(fixture('utf16le-bom.txt'))).toMatch(/[a-z]{4}/);
    expect(decoded(fixture('utf16be-bom.md'))).toMatch(/[a-z]{4}/);
    expect(decoded(fixture('utf16le-no-mark.txt'))).toMatch(/[a-z]{4}/);
    expect(decoded(Buffer.from('harbour news', 'utf16le'))).toBe('harbour news');
  });

  it('reads an HTML page in the windows-1252 charset it declares, quotes and accents included', () => {
    const text = decoded(fixture('windows-1252.html'), 'html');
    expect(text).toContain('Café owners welcome the ferry');
    expect(text).toContain('“We have waited a long time,”');
    expect(text).toContain('Renée Dupré');
  });

  it('does not take a charset declaration from a text file', () => {
    expect(reasonOf(fixture('windows-1252.html'), 'text')).toBe('not valid UTF-8 text (save the file as UTF-8)');
  });

  it('reads a page declaring UTF-16 as UTF-8, and ignores an unknown charset', () => {
    expect(decoded(Buffer.from('<meta charset="utf-16"><p>Café</p>'), 'html')).toBe('<meta charset="utf-16"><p>Café</p>');
    expect(decoded(Buffer.from('<meta charset="x-no-such-thing"><p>Café</p>'), 'html')).toBe('<meta charset="x-no-such-thing"><p>Café</p>');
  });

  it('refuses empty, whitespace-only and oversized input with a reason', () => {
    expect(reasonOf(new Uint8Array())).toBe('empty file');
    expect(reasonOf(Buffer.from(' \n\t\u00A0\n'))).toBe('empty file (only whitespace)');
    expect(reasonOf(Buffer.from('x'.repeat(1500)), 'text', 1000)).toBe('file is 1.5 kB, over the 1 kB limit for one article');
  });

  it('refuses binary data and invalid UTF-8, advising HTML pages to declare their charset', () => {
    expect(reasonOf(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01, 0x02, 0xff]))).toMatch(/^binary file/);
    expect(reasonOf(Buffer.from([0x48, 0x69, 0xc3, 0x28]))).toBe('not valid UTF-8 text (save the file as UTF-8)');
    expect(reasonOf(Buffer.from([0x48, 0x69, 0xc3, 0x28]), 'html')).toMatch(/declare its charset/);
  });

  it('refuses UTF-16 that decodes to NUL characters', () => {
    expect(reasonOf(Buffer.from([0xff, 0xfe, 0x41, 0x00, 0x00, 0x00]))).toBe('binary file (contains NUL characters), not article text');
  });
});

describe('tooLargeReason', () => {
  it('writes sizes in bytes, kB and MB', () => {
    expect(tooLargeReason(999, 10)).toBe('file is 999 bytes, over the 10 bytes limit for one article');
    expect(tooLargeReason(6_000_000, DEFAULT_MAX_FILE_BYTES)).toBe('file is 6 MB, over the 5 MB limit for one article');
    expect(tooLargeReason(5_250_000, DEFAULT_MAX_FILE_BYTES)).toBe('file is 5.3 MB, over the 5 MB limit for one article');
  });
});

describe('extractArticle', () => {
  it('extracts a text article', () => {
    const result = extractArticle(STORY, 'text', outlets);
    if (!('article' in result)) throw new Error(result.reason);
    expect(result.article.title).toBe('Harbour cranes return to work after strike');
    expect(result.article.published).toBe('2025-06-03');
    expect(result.article.paragraphs).toHaveLength(2);
  });

  it('extracts an HTML page, and reads an .html file without tags as text', () => {
    const page = `<html><head><title>Cranes back</title></head><body><article><h1>Harbour cranes return to work after strike</h1>${STORY.split('\n\n')
      .slice(2)
      .map((p) => `<p>${p}</p>`)
      .join('')}</article></body></html>`;
    const html = extractArticle(page, 'html', outlets);
    if (!('article' in html)) throw new Error(html.reason);
    expect(html.article.paragraphs.join(' ')).toContain('six percent');
    expect(html.article.paragraphs.join(' ')).not.toContain('<p>');
    const plain = extractArticle(STORY, 'html', outlets);
    if (!('article' in plain)) throw new Error(plain.reason);
    expect(plain.article.title).toBe('Harbour cranes return to work after strike');
  });

  it('says why a file holds no article: too few words, or a page without article text', () => {
    expect(extractArticle('Short headline\n\nToo short.\n', 'text', outlets)).toEqual({ reason: 'no article text found (too short or only page furniture)' });
    expect(extractArticle('<html><body><form><input name="user"></form></body></html>', 'html', outlets)).toEqual({
      reason: 'HTML page has no article text in it',
    });
  });

  it('passes on the refusal of a page with too many elements', () => {
    const page = `<html><body>${'<span>x</span>'.repeat(20_001)}</body></html>`;
    expect(extractArticle(page, 'html', outlets)).toEqual({ reason: expect.stringMatching(/more than 20,000 elements/) });
  });
});

describe('buildArticle', () => {
  const extracted = { title: 'Harbour cranes return', subtitle: null, author: 'Jane Doe', outlet: 'Reuters', published: '2025-06-03', url: null, paragraphs: ['First paragraph. Second sentence.', 'Last one.'] };

  it('assembles metadata, body and passages that point into the body', () => {
    const article = buildArticle('/corpus/cranes.txt', extracted);
    expect(article).toMatchObject({ id: 'cranes', file: '/corpus/cranes.txt', title: 'Harbour cranes return', author: 'Jane Doe', outlet: 'Reuters', published: '2025-06-03' });
    expect(article.passages.length).toBeGreaterThanOrEqual(2);
    for (const passage of article.passages) expect(article.body.slice(passage.start, passage.end)).toBe(passage.text);
  });

  it('applies sidecar overrides, but never to the file, body or passages', () => {
    const article = buildArticle('/corpus/cranes.txt', extracted, { title: 'Corrected title', author: null });
    expect(article.title).toBe('Corrected title');
    expect(article.author).toBeNull();
    expect(article.outlet).toBe('Reuters');
    expect(article.file).toBe('/corpus/cranes.txt');
  });

  it('uses the id as the title when the text has none', () => {
    expect(buildArticle('/corpus/untitled.md', { ...extracted, title: null }).title).toBe('untitled');
  });
});
