import { endianness } from 'node:os';
import { crc32 } from 'node:zlib';
import type { Article, Corpus, Passage, SkippedFile } from '../ingest/types.js';
import type { IndexSnapshot } from '../index/types.js';
import type { Statement } from '../statements/types.js';
import type { Fingerprint } from './fingerprint.js';

/**
 * The snapshot file: everything a coverage costs to rebuild (the ingested articles, the
 * statements, the passage index) in one file.
 *
 *   "COVSNAP\n"  8 bytes
 *   uint32 LE    length of the header
 *   header       JSON: formats, fingerprint, CRC-32 of the payload, and the table of sections
 *   payload      the sections, each starting on an 8-byte boundary
 *
 * Numbers of the index (postings, impacts, term sequences) are typed arrays written as raw bytes
 * in the machine's byte order; the rest is JSON. The header can be read on its own, so a stale
 * snapshot is recognised without reading the payload.
 */

/** Bumped whenever the layout of the file changes. */
export const FILE_FORMAT = 1;
const MAGIC = Buffer.from('COVSNAP\n', 'latin1');
const PREFIX_BYTES = MAGIC.length + 4;
/** A header is a few kilobytes; anything bigger is not one of ours. */
const MAX_HEADER_BYTES = 1 << 20;

export interface SnapshotHeader {
  fileFormat: number;
  /** INDEX_FORMAT of the code that wrote it. */
  indexFormat: number;
  fingerprint: Fingerprint;
  byteOrder: 'LE' | 'BE';
  payloadBytes: number;
  crc32: number;
  sections: SectionEntry[];
}

interface SectionEntry {
  name: string;
  type: 'json' | 'int32' | 'float32';
  offset: number;
  bytes: number;
}

/** What a snapshot holds: enough to assemble a coverage without reading or analysing any article. */
export interface SnapshotContent {
  corpus: Corpus;
  /** The coverage version (corpusVersion) the content had when it was built. */
  version: string;
  statements: Statement[];
  index: IndexSnapshot;
}

/** The snapshot cannot be used: truncated, damaged, or not a snapshot at all. */
export class CorruptSnapshotError extends Error {
  override name = 'CorruptSnapshotError';
}

/**
 * An article as stored: passages that are plain slices of the body (`${id}#${n}`, in order) are
 * kept as [paragraph, start, end] in the `passageSpans` section and `passages` is their count;
 * any other shape keeps its passages as they are.
 */
type StoredArticle = Omit<Article, 'passages'> & { passages: number | Passage[] };

interface StoredCorpus {
  dir: string;
  skipped: SkippedFile[];
  articles: StoredArticle[];
  version: string;
}

/** Encodes a snapshot: the header then the sections (a list of buffers, to be written in order). */
export function encodeSnapshot(content: SnapshotContent, meta: { fingerprint: Fingerprint; indexFormat: number }): Buffer[] {
  const spans: number[] = [];
  const articles = content.corpus.articles.map((article): StoredArticle => {
    if (!passagesAreSpans(article)) return article;
    for (const p of article.passages) spans.push(p.paragraph, p.start, p.end);
    return { ...article, passages: article.passages.length };
  });
  const stored: StoredCorpus = { dir: content.corpus.dir, skipped: content.corpus.skipped, articles, version: content.version };

  const sections: Array<{ name: string; type: SectionEntry['type']; data: Buffer }> = [
    json('corpus', stored),
    json('statements', content.statements),
    { name: 'passageSpans', type: 'int32', data: typedBytes(Int32Array.from(spans)) },
  ];
  // passageIds are the articles' passage ids in order: restored from the articles, not stored twice.
  const indexFields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(content.index)) {
    if (key === 'passageIds') continue;
    if (value instanceof Int32Array) sections.push({ name: `index.${key}`, type: 'int32', data: typedBytes(value) });
    else if (value instanceof Float32Array) sections.push({ name: `index.${key}`, type: 'float32', data: typedBytes(value) });
    else indexFields[key] = value;
  }
  sections.push(json('index', indexFields));

  const chunks: Buffer[] = [];
  const entries: SectionEntry[] = [];
  let offset = 0;
  let crc = 0;
  for (const section of sections) {
    const padding = (8 - (offset % 8)) % 8;
    if (padding) {
      const pad = Buffer.alloc(padding);
      chunks.push(pad);
      crc = crc32(pad, crc);
      offset += padding;
    }
    entries.push({ name: section.name, type: section.type, offset, bytes: section.data.length });
    chunks.push(section.data);
    crc = crc32(section.data, crc);
    offset += section.data.length;
  }
  const header: SnapshotHeader = {
    fileFormat: FILE_FORMAT,
    indexFormat: meta.indexFormat,
    fingerprint: meta.fingerprint,
    byteOrder: endianness(),
    payloadBytes: offset,
    crc32: crc,
    sections: entries,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const prefix = Buffer.alloc(PREFIX_BYTES);
  MAGIC.copy(prefix);
  prefix.writeUInt32LE(headerBytes.length, MAGIC.length);
  return [prefix, headerBytes, ...chunks];
}

/** Reads the header from the start of a snapshot file; `read(position, length)` gives its bytes. */
export function decodeHeader(read: (position: number, length: number) => Buffer): { header: SnapshotHeader; payloadStart: number } {
  const prefix = read(0, PREFIX_BYTES);
  if (prefix.length < PREFIX_BYTES || !prefix.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new CorruptSnapshotError('not a coverage snapshot (wrong signature)');
  }
  const headerLength = prefix.readUInt32LE(MAGIC.length);
  if (headerLength > MAX_HEADER_BYTES) throw new CorruptSnapshotError(`header of ${headerLength} bytes`);
  const headerBytes = read(PREFIX_BYTES, headerLength);
  if (headerBytes.length < headerLength) throw new CorruptSnapshotError('truncated header');
  let header: SnapshotHeader;
  try {
    header = JSON.parse(headerBytes.toString('utf8')) as SnapshotHeader;
  } catch (error) {
    throw new CorruptSnapshotError(`unreadable header (${(error as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || !Array.isArray(header.sections)) {
    throw new CorruptSnapshotError('header without a table of sections');
  }
  return { header, payloadStart: PREFIX_BYTES + headerLength };
}

/**
 * Decodes a whole snapshot file. Throws CorruptSnapshotError when the bytes are damaged
 * (signature, length, checksum, or sections that do not fit together).
 */
export function decodeSnapshot(file: Buffer): { header: SnapshotHeader; content: SnapshotContent } {
  const { header, payloadStart } = decodeHeader((position, length) => file.subarray(position, position + length));
  const payload = file.subarray(payloadStart);
  if (payload.length !== header.payloadBytes) {
    throw new CorruptSnapshotError(`payload of ${payload.length} bytes, the header says ${header.payloadBytes}`);
  }
  if (crc32(payload) !== header.crc32) throw new CorruptSnapshotError('checksum mismatch');

  const section = (name: string): SectionEntry => {
    const entry = header.sections.find((s) => s.name === name);
    if (!entry) throw new CorruptSnapshotError(`no ${name} section`);
    if (entry.offset < 0 || entry.offset + entry.bytes > payload.length) throw new CorruptSnapshotError(`${name} section out of bounds`);
    return entry;
  };
  const readJson = <T>(name: string): T => {
    const entry = section(name);
    return JSON.parse(payload.toString('utf8', entry.offset, entry.offset + entry.bytes)) as T;
  };
  // Copied out of the file's buffer: the views are small next to it, and the file can be freed.
  const readTyped = (entry: SectionEntry): Int32Array | Float32Array => {
    const bytes = payload.subarray(entry.offset, entry.offset + entry.bytes);
    if (entry.type === 'int32') return new Int32Array(new Uint8Array(bytes).buffer);
    return new Float32Array(new Uint8Array(bytes).buffer);
  };

  const stored = readJson<StoredCorpus>('corpus');
  const spans = readTyped(section('passageSpans')) as Int32Array;
  const articles = restoreArticles(stored.articles, spans);
  const statements = readJson<Statement[]>('statements');
  const index: Record<string, unknown> = { ...readJson<Record<string, unknown>>('index') };
  for (const entry of header.sections) {
    if (!entry.name.startsWith('index.')) continue;
    section(entry.name);
    if (entry.type !== 'int32' && entry.type !== 'float32') throw new CorruptSnapshotError(`${entry.name} has type ${entry.type}`);
    index[entry.name.slice('index.'.length)] = readTyped(entry);
  }
  index.passageIds = articles.flatMap((a) => a.passages.map((p) => p.id));
  return {
    header,
    content: {
      corpus: { dir: stored.dir, skipped: stored.skipped, articles },
      version: stored.version,
      statements,
      index: index as unknown as IndexSnapshot,
    },
  };
}

function restoreArticles(stored: StoredArticle[], spans: Int32Array): Article[] {
  let at = 0;
  const articles = stored.map((article): Article => {
    if (typeof article.passages !== 'number') return article as Article;
    const passages: Passage[] = [];
    for (let index = 0; index < article.passages; index++) {
      const paragraph = spans[at++]!;
      const start = spans[at++]!;
      const end = spans[at++]!;
      const id = `${article.id}#${index}`;
      passages.push({ id, articleId: article.id, index, paragraph, text: article.body.slice(start, end), start, end });
    }
    return { ...article, passages };
  });
  if (at !== spans.length) throw new CorruptSnapshotError('passage spans do not match the articles');
  return articles;
}

/** Whether every passage is `${id}#${n}` in order and its text is the body between its offsets. */
function passagesAreSpans(article: Article): boolean {
  return article.passages.every(
    (p, n) => p.index === n && p.id === `${article.id}#${n}` && p.articleId === article.id && article.body.slice(p.start, p.end) === p.text,
  );
}

function json(name: string, value: unknown): { name: string; type: 'json'; data: Buffer } {
  return { name, type: 'json', data: Buffer.from(JSON.stringify(value), 'utf8') };
}

function typedBytes(array: Int32Array | Float32Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}
