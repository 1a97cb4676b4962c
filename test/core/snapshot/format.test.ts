import { crc32 } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import type { Article } from '../../../src/core/ingest/types.js';
import { buildIndex } from '../../../src/core/index/index.js';
import { decodeHeader, decodeSnapshot, encodeSnapshot, bufferBytes } from '../../../src/core/snapshot/format.js';
import { CorruptSnapshotError } from '../../../src/core/snapshot/index.js';
import { loadCoreConfig } from '../../../src/config/index.js';
import { configured } from '../../../src/core/config.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();
const coreAnalyzer = configured(coreConfig).analyzer;

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
    const index = buildIndex(articles, { analyzer: coreAnalyzer });
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
      encodeSnapshot({ corpus: { dir: '/x', articles, skipped: [] }, version: 'v', statements: [], index: buildIndex(articles, { analyzer: coreAnalyzer }).snapshot() }, { fingerprint, indexFormat: 1 }),
    );
    expect(() => decodeSnapshot(bytes.subarray(0, bytes.length - 1))).toThrow(CorruptSnapshotError);
    const flipped = Buffer.from(bytes);
    flipped[bytes.length - 3] = flipped[bytes.length - 3]! ^ 1;
    expect(() => decodeSnapshot(flipped)).toThrow(/checksum/);
    expect(() => decodeSnapshot(Buffer.from('COVSNAP\n'))).toThrow(CorruptSnapshotError);
  });
});

/** A small but complete snapshot: three articles, a statement, the index. */
function sampleSnapshot(listChunkChars?: number) {
  const articles = [
    article('a', ['The mayor opened the bridge on Monday.', 'Traffic will start on Friday, officials said.']),
    article('b', ['Rain fell all week in the valley.', 'Farmers said the harvest would be late.']),
    article('c', ['The council approved the budget.', 'Schools get a new roof each.']),
  ];
  const corpus = { dir: '/x', dirs: ['/x', '/y'], articles, skipped: [{ file: '/x/c.bin', reason: 'not an article file type' }] };
  const statements = [{ id: 's1', speaker: null, role: 'officials', quote: 'Traffic will start on Friday', kind: 'reported' as const, said_on: null, published: '2024-02-01', citations: [] }];
  const content = { corpus, version: 'v1', statements, index: buildIndex(articles, { analyzer: coreAnalyzer }).snapshot() };
  return { content, bytes: Buffer.concat(encodeSnapshot(content, { fingerprint, indexFormat: 1, listChunkChars })) };
}

describe('snapshot header checks', () => {
  const { content, bytes } = sampleSnapshot();
  const headerEnd = 16 + bytes.readUInt32LE(8);

  it('refuses a flipped bit at every byte of the signature, lengths, checksum and header', () => {
    const errors = new Set<string>();
    for (let at = 0; at < headerEnd; at++) {
      for (const bit of [0, 3, 7]) {
        const damaged = Buffer.from(bytes);
        damaged[at] = damaged[at]! ^ (1 << bit);
        let error: unknown;
        try {
          decodeSnapshot(damaged);
        } catch (caught) {
          error = caught;
        }
        expect(error, `byte ${at} bit ${bit}`).toBeInstanceOf(CorruptSnapshotError);
        errors.add((error as Error).message.replace(/\d+/g, 'N'));
      }
    }
    expect(headerEnd).toBeGreaterThan(500);
    expect([...errors]).toContain('header checksum mismatch');
  });

  it('refuses or ignores (padding) a flipped bit anywhere in the payload: never a different content', () => {
    for (let at = headerEnd; at < bytes.length; at += 7) {
      const damaged = Buffer.from(bytes);
      damaged[at] = damaged[at]! ^ 0x10;
      let decoded;
      try {
        decoded = decodeSnapshot(damaged);
      } catch (error) {
        expect(error, `byte ${at}`).toBeInstanceOf(CorruptSnapshotError);
        continue;
      }
      expect(decoded.content, `byte ${at}`).toEqual(content);
    }
  });

  /** The snapshot with its header replaced by `edit(header)`, with a correct header checksum. */
  const withHeader = (edit: (header: any) => void): Buffer => {
    const header = JSON.parse(bytes.toString('utf8', 16, headerEnd));
    edit(header);
    const headerBytes = Buffer.from(JSON.stringify(header));
    const prefix = Buffer.alloc(8);
    prefix.writeUInt32LE(headerBytes.length, 0);
    prefix.writeUInt32LE(crc32(headerBytes), 4);
    return Buffer.concat([bytes.subarray(0, 8), prefix, headerBytes, bytes.subarray(headerEnd)]);
  };

  it('refuses a header with a checksum that matches but fields that do not fit the schema', () => {
    const cases: Array<[string, (h: any) => void, RegExp]> = [
      ['a section offset as text', (h) => (h.sections[0].offset = '0'), /schema/],
      ['an unknown section type', (h) => (h.sections[2].type = 'xml'), /schema/],
      ['a missing fingerprint', (h) => delete h.fingerprint, /schema/],
      ['an unknown field', (h) => (h.extra = 1), /schema/],
      ['a renamed required section', (h) => (h.sections.find((s: any) => s.name === 'corpus.articles').name = 'corpus.articlez'), /no corpus.articles section/],
      ['sections out of order', (h) => h.sections.reverse(), /wrong offset/],
      ['a section past the payload', (h) => (h.sections.at(-1).bytes += 100), /out of bounds/],
      ['a misaligned section', (h) => (h.sections.at(-1).offset += 1), /wrong offset|out of bounds/],
      ['a wrong payload length', (h) => (h.payloadBytes -= 8), /out of bounds|payload of/],
      ['a shifted typed section', (h) => (h.sections.find((s: any) => s.type === 'int32' && s.bytes > 8).offset += 8), /checksum mismatch|wrong offset|out of bounds/],
    ];
    for (const [what, edit, reason] of cases) {
      expect(() => decodeSnapshot(withHeader(edit)), what).toThrow(CorruptSnapshotError);
      expect(() => decodeSnapshot(withHeader(edit)), what).toThrow(reason);
    }
  });

  it('reads the header alone, checked, without the payload', () => {
    const { header } = decodeHeader(bufferBytes(bytes));
    expect(header.sections.map((s) => s.name)).toEqual(expect.arrayContaining(['corpus', 'corpus.articles', 'statements', 'index.vocabulary']));
  });
});

describe('snapshot lists in chunks (no string holds a whole list)', () => {
  it('round-trips when every list section spans many chunks', () => {
    const { content, bytes } = sampleSnapshot(64);
    const { header, content: decoded } = decodeSnapshot(bytes);
    expect(decoded).toEqual(content);
    expect(header.sections.find((s) => s.name === 'corpus.articles')?.type).toBe('jsonl');
    expect(header.sections.find((s) => s.name === 'index.vocabulary')?.type).toBe('jsonl');
  });

  it('encodes and decodes item by item: no JSON string grows with the number of articles', () => {
    const many = Array.from({ length: 200 }, (_, i) => article(`n${i}`, [`Article number ${i} says the ferry runs on time.`, `Its second sentence ${i} adds the harbour details.`]));
    const content = { corpus: { dir: '/x', articles: many, skipped: [] }, version: 'v', statements: [], index: buildIndex(many, { analyzer: coreAnalyzer }).snapshot() };
    const wholeList = JSON.stringify(many.map((a) => ({ ...a, passages: 2 }))).length;
    const stringify = vi.spyOn(JSON, 'stringify');
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const bytes = Buffer.concat(encodeSnapshot(content, { fingerprint, indexFormat: 1, listChunkChars: 4096 }));
      const encodedLengths = stringify.mock.results.map((r) => String(r.value).length);
      const decoded = decodeSnapshot(bytes).content;
      expect(decoded.corpus.articles).toEqual(many);
      const parsedLengths = parse.mock.calls.map(([text]) => String(text).length);
      // The longest string made is one item or a small record (the header), a small part of the whole list.
      expect(encodedLengths.length).toBeGreaterThan(many.length);
      expect(Math.max(...encodedLengths)).toBeLessThan(wholeList / 10);
      expect(Math.max(...parsedLengths)).toBeLessThan(wholeList / 10);
    } finally {
      stringify.mockRestore();
      parse.mockRestore();
    }
  });
});
