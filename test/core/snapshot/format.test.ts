import { mkdtempSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Article } from '../../../src/core/ingest/types.js';
import { buildIndex } from '../../../src/core/index/index.js';
import { decodeSnapshot, encodeSnapshot } from '../../../src/core/snapshot/format.js';
import { corpusFingerprint, CorruptSnapshotError, fingerprintChanges } from '../../../src/core/snapshot/index.js';

const fingerprint = { corpus: 'c', config: 'k', code: 'x' };

function article(id: string, paragraphs: string[]): Article {
  const body = paragraphs.join('\n\n');
  let start = 0;
  const passages = paragraphs.map((text, index) => {
    const passage = { id: `${id}#${index}`, articleId: id, index, paragraph: index, text, start, end: start + text.length };
    start += text.length + 2;
    return passage;
  });
  return { id, outlet: 'Example News', title: `Headline of ${id}`, subtitle: null, author: null, published: '2024-02-01', url: null, file: `/x/${id}.txt`, body, passages };
}

describe('encodeSnapshot / decodeSnapshot', () => {
  it('round-trips articles, statements and every array of the index', () => {
    const regular = article('a', ['The mayor opened the bridge on Monday.', 'Traffic will start on Friday, officials said.']);
    // Passages that are not plain slices of the body are stored as they are.
    const irregular = { ...article('b', ['Rain fell all week.']), passages: [{ id: 'b#0', articleId: 'b', index: 0, paragraph: 0, text: 'Rain fell', start: 0, end: 4 }] };
    const articles = [regular, irregular];
    const index = buildIndex(articles);
    const corpus = { dir: '/x', articles, skipped: [{ file: '/x/c.bin', reason: 'not an article file type' }] };
    const statements = [{ id: 's1', speaker: null, role: 'officials', quote: 'Traffic will start on Friday', kind: 'reported' as const, said_on: null, published: '2024-02-01', citations: [] }];
    const chunks = encodeSnapshot({ corpus, version: 'v1', statements, index: index.snapshot() }, { fingerprint, indexFormat: 7 });
    const { header, content } = decodeSnapshot(Buffer.concat(chunks));
    expect(header.fingerprint).toEqual(fingerprint);
    expect(header.indexFormat).toBe(7);
    expect(content.corpus).toEqual(corpus);
    expect(content.version).toBe('v1');
    expect(content.statements).toEqual(statements);
    expect(content.index).toEqual(index.snapshot());
    expect(content.index.postingImpact).toBeInstanceOf(Float32Array);
    expect(content.index.sequence).toBeInstanceOf(Int32Array);
  });

  it('refuses bytes that are not a whole, intact snapshot', () => {
    const articles = [article('a', ['One sentence here.'])];
    const bytes = Buffer.concat(
      encodeSnapshot({ corpus: { dir: '/x', articles, skipped: [] }, version: 'v', statements: [], index: buildIndex(articles).snapshot() }, { fingerprint, indexFormat: 1 }),
    );
    expect(() => decodeSnapshot(bytes.subarray(0, bytes.length - 1))).toThrow(CorruptSnapshotError);
    const flipped = Buffer.from(bytes);
    flipped[bytes.length - 3] = flipped[bytes.length - 3]! ^ 1;
    expect(() => decodeSnapshot(flipped)).toThrow(/checksum/);
    expect(() => decodeSnapshot(Buffer.from('COVSNAP\n'))).toThrow(CorruptSnapshotError);
  });
});

describe('corpusFingerprint', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'fingerprint-'));
    writeFileSync(path.join(dir, 'a.txt'), 'Alpha\n\nText.');
    writeFileSync(path.join(dir, 'b.txt'), 'Beta\n\nText.');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stays the same while nothing changes and ignores subfolders', () => {
    const before = corpusFingerprint(dir);
    mkdirSync(path.join(dir, 'data'));
    writeFileSync(path.join(dir, 'data', 'x.snapshot'), 'x');
    expect(corpusFingerprint(dir)).toEqual(before);
  });

  it('changes when a file is edited, touched, added, removed, or a sidecar appears', () => {
    const seen = new Set([corpusFingerprint(dir).corpus]);
    const step = (change: () => void) => {
      change();
      const next = corpusFingerprint(dir).corpus;
      expect(seen.has(next)).toBe(false);
      seen.add(next);
    };
    step(() => writeFileSync(path.join(dir, 'a.txt'), 'Alpha\n\nOther text, longer.'));
    step(() => utimesSync(path.join(dir, 'b.txt'), new Date(2001, 1, 1), new Date(2001, 1, 1)));
    step(() => writeFileSync(path.join(dir, 'c.md'), '# Gamma\n\nText.'));
    step(() => writeFileSync(path.join(dir, 'c.meta.json'), '{"outlet":"Example"}'));
    step(() => rmSync(path.join(dir, 'b.txt')));
  });

  it('depends on the ingestion limits and on the config files', () => {
    const base = corpusFingerprint(dir);
    expect(fingerprintChanges(base, corpusFingerprint(dir, { maxFileBytes: 1000 }))).toBe('the corpus folder changed');
    const configDir = mkdtempSync(path.join(tmpdir(), 'fingerprint-config-'));
    const previous = process.env.CONFIG_DIR;
    try {
      process.env.CONFIG_DIR = configDir;
      writeFileSync(path.join(configDir, 'synonyms.json'), '{"groups": []}');
      const withConfig = corpusFingerprint(dir);
      expect(fingerprintChanges(base, withConfig)).toBe('the config files changed');
      writeFileSync(path.join(configDir, 'synonyms.json'), '{"groups": [["car", "automobile"]]}');
      expect(fingerprintChanges(withConfig, corpusFingerprint(dir))).toBe('the config files changed');
      expect(fingerprintChanges(withConfig, withConfig)).toBeNull();
    } finally {
      if (previous === undefined) delete process.env.CONFIG_DIR;
      else process.env.CONFIG_DIR = previous;
      rmSync(configDir, { recursive: true, force: true });
    }
  });
});
