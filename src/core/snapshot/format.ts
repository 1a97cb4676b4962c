import { endianness } from 'node:os';
import { crc32 } from 'node:zlib';
import { z } from 'zod';
import type { Article, Corpus, Passage, SkippedFile } from '../ingest/types.js';
import type { IndexSnapshot } from '../index/types.js';
import type { ArticleStatement } from '../statements/extract.js';
import type { Statement } from '../statements/types.js';
import type { Fingerprint } from './fingerprint.js';

/**
 * The snapshot file: everything a coverage costs to rebuild (the ingested articles, the
 * statements, the passage index) in one file.
 *
 *   "COVSNAP\n"  8 bytes
 *   uint32 LE    length of the header
 *   uint32 LE    CRC-32 of the header
 *   header       JSON: formats, fingerprint, and the table of sections (each with its CRC-32)
 *   payload      the sections, each starting on an 8-byte boundary
 *
 * Numbers of the index (postings, impacts, term sequences) are typed arrays written as raw bytes
 * in the machine's byte order. Lists (articles, statements, the vocabulary, skipped files) are
 * JSON Lines, one item per line, encoded and parsed item by item: no string ever holds a whole
 * list, so no coverage is too big for V8's longest string (2^29 characters, passed by the
 * articles' JSON at about 4M passages when it was one string). Small records are JSON. The header
 * has its own checksum and is checked against a schema and for sections that fit together before
 * anything is read, so a damaged header is refused, never half-used; each section's checksum is
 * checked as it is read.
 */

/** Bumped whenever the layout of the file changes. */
export const FILE_FORMAT = 2;
const MAGIC = Buffer.from('COVSNAP\n', 'latin1');
const PREFIX_BYTES = MAGIC.length + 8;
/** A header is a few kilobytes; anything bigger is not one of ours. */
const MAX_HEADER_BYTES = 1 << 20;

/** Characters of JSON gathered into one buffer while a list section is encoded (1M: few buffers, none large). */
export const DEFAULT_LIST_CHUNK_CHARS = 1 << 20;

const sectionSchema = z.strictObject({
  name: z.string().min(1).max(200),
  type: z.enum(['json', 'jsonl', 'int32', 'float32']),
  offset: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  crc32: z.number().int().nonnegative().max(0xffffffff),
});

const headerSchema = z.strictObject({
  fileFormat: z.number().int(),
  indexFormat: z.number().int(),
  fingerprint: z.strictObject({ corpus: z.string(), config: z.string(), code: z.string() }),
  byteOrder: z.enum(['LE', 'BE']),
  payloadBytes: z.number().int().nonnegative(),
  sections: z.array(sectionSchema).max(1000),
});

export type SnapshotHeader = z.infer<typeof headerSchema>;
type SectionEntry = SnapshotHeader['sections'][number];

/** Sections every snapshot has. */
const REQUIRED_SECTIONS = ['corpus', 'corpus.articles', 'corpus.skipped', 'statements', 'passageSpans', 'index'];

/** What a snapshot holds: enough to assemble a coverage without reading or analysing any article. */
export interface SnapshotContent {
  corpus: Corpus;
  /** The coverage version (corpusVersion) the content had when it was built. */
  version: string;
  statements: Statement[];
  index: IndexSnapshot;
  /** Each article's own statements before merging (optional section): a later update re-extracts only new and changed articles. */
  articleStatements?: ReadonlyMap<string, readonly ArticleStatement[]>;
}

/** The snapshot cannot be used: truncated, damaged, or not a snapshot at all. */
export class CorruptSnapshotError extends Error {
  override name = 'CorruptSnapshotError';
}

/** Bytes of a snapshot by position: a file read piece by piece, or a buffer in memory. */
export interface SnapshotBytes {
  size: number;
  read(position: number, length: number): Buffer;
}

/**
 * An article as stored: passages that are plain slices of the body (`${id}#${n}`, in order) are
 * kept as [paragraph, start, end] in the `passageSpans` section and `passages` is their count;
 * any other shape keeps its passages as they are.
 */
type StoredArticle = Omit<Article, 'passages'> & { passages: number | Passage[] };

interface StoredCorpus {
  dir: string;
  dirs?: string[];
  version: string;
}

type SectionData = { name: string; type: 'json' | 'jsonl'; data: Buffer[] } | { name: string; type: 'int32' | 'float32'; data: Buffer[] };

export interface EncodeOptions {
  fingerprint: Fingerprint;
  indexFormat: number;
  /** Characters of JSON per buffer of a list section (default DEFAULT_LIST_CHUNK_CHARS); lowered in tests. */
  listChunkChars?: number;
}

/** Encodes a snapshot: the header then the sections (a list of buffers, to be written in order). */
export function encodeSnapshot(content: SnapshotContent, options: EncodeOptions): Buffer[] {
  const chunkChars = options.listChunkChars ?? DEFAULT_LIST_CHUNK_CHARS;
  const spans: number[] = [];
  const articles = content.corpus.articles.map((article): StoredArticle => {
    if (!passagesAreSpans(article)) return article;
    for (const p of article.passages) spans.push(p.paragraph, p.start, p.end);
    return { ...article, passages: article.passages.length };
  });
  const stored: StoredCorpus = { dir: content.corpus.dir, ...(content.corpus.dirs ? { dirs: content.corpus.dirs } : {}), version: content.version };

  const sections: SectionData[] = [
    json('corpus', stored),
    jsonLines('corpus.articles', articles, chunkChars),
    jsonLines('corpus.skipped', content.corpus.skipped, chunkChars),
    jsonLines('statements', content.statements, chunkChars),
    ...(content.articleStatements ? [jsonLines('articleStatements', [...content.articleStatements], chunkChars)] : []),
    { name: 'passageSpans', type: 'int32', data: [typedBytes(Int32Array.from(spans))] },
  ];
  // passageIds are the articles' passage ids in order: restored from the articles, not stored twice.
  const indexFields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(content.index)) {
    if (key === 'passageIds') continue;
    if (value instanceof Int32Array) sections.push({ name: `index.${key}`, type: 'int32', data: [typedBytes(value)] });
    else if (value instanceof Float32Array) sections.push({ name: `index.${key}`, type: 'float32', data: [typedBytes(value)] });
    else if (Array.isArray(value)) sections.push(jsonLines(`index.${key}`, value, chunkChars));
    else indexFields[key] = value;
  }
  sections.push(json('index', indexFields));

  const chunks: Buffer[] = [];
  const entries: SectionEntry[] = [];
  let offset = 0;
  for (const section of sections) {
    const padding = (8 - (offset % 8)) % 8;
    if (padding) {
      chunks.push(Buffer.alloc(padding));
      offset += padding;
    }
    let crc = 0;
    let bytes = 0;
    for (const data of section.data) {
      crc = crc32Of(data, crc);
      bytes += data.length;
      chunks.push(data);
    }
    entries.push({ name: section.name, type: section.type, offset, bytes, crc32: crc });
    offset += bytes;
  }
  const header: SnapshotHeader = {
    fileFormat: FILE_FORMAT,
    indexFormat: options.indexFormat,
    fingerprint: options.fingerprint,
    byteOrder: endianness(),
    payloadBytes: offset,
    sections: entries,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const prefix = Buffer.alloc(PREFIX_BYTES);
  MAGIC.copy(prefix);
  prefix.writeUInt32LE(headerBytes.length, MAGIC.length);
  prefix.writeUInt32LE(crc32Of(headerBytes, 0), MAGIC.length + 4);
  return [prefix, headerBytes, ...chunks];
}

/** A buffer as SnapshotBytes. */
export function bufferBytes(buffer: Buffer): SnapshotBytes {
  return { size: buffer.length, read: (position, length) => buffer.subarray(position, position + length) };
}

/**
 * Reads and checks the header at the start of a snapshot: signature, the header's checksum, its
 * schema, and a table of sections that lie in order inside the payload without overlapping.
 * Throws CorruptSnapshotError for anything else; a header that passes can be used safely.
 */
export function decodeHeader(bytes: SnapshotBytes): { header: SnapshotHeader; payloadStart: number } {
  const prefix = bytes.read(0, PREFIX_BYTES);
  if (prefix.length < PREFIX_BYTES || !prefix.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new CorruptSnapshotError('not a coverage snapshot (wrong signature)');
  }
  const headerLength = prefix.readUInt32LE(MAGIC.length);
  if (headerLength > MAX_HEADER_BYTES) throw new CorruptSnapshotError(`header of ${headerLength} bytes`);
  const headerBytes = bytes.read(PREFIX_BYTES, headerLength);
  if (headerBytes.length < headerLength) throw new CorruptSnapshotError('truncated header');
  if (crc32Of(headerBytes, 0) !== prefix.readUInt32LE(MAGIC.length + 4)) throw new CorruptSnapshotError('header checksum mismatch');
  let raw: unknown;
  try {
    raw = JSON.parse(headerBytes.toString('utf8'));
  } catch (error) {
    throw new CorruptSnapshotError(`unreadable header (${(error as Error).message})`);
  }
  const parsed = headerSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CorruptSnapshotError(`header does not fit the schema (${issue.path.join('.') || 'header'}: ${issue.message})`);
  }
  const header = parsed.data;
  const payloadStart = PREFIX_BYTES + headerLength;
  checkSections(header);
  if (bytes.size !== payloadStart + header.payloadBytes) {
    throw new CorruptSnapshotError(`payload of ${bytes.size - payloadStart} bytes, the header says ${header.payloadBytes}`);
  }
  return { header, payloadStart };
}

/** The table of sections must be in order, aligned, inside the payload, with unique names and the required ones present. */
function checkSections(header: SnapshotHeader): void {
  const names = new Set<string>();
  let end = 0;
  for (const entry of header.sections) {
    if (names.has(entry.name)) throw new CorruptSnapshotError(`two ${entry.name} sections`);
    names.add(entry.name);
    if (entry.offset % 8 !== 0 || entry.offset < end) throw new CorruptSnapshotError(`${entry.name} section at a wrong offset`);
    end = entry.offset + entry.bytes;
    if (end > header.payloadBytes) throw new CorruptSnapshotError(`${entry.name} section out of bounds`);
    if ((entry.type === 'int32' || entry.type === 'float32') && entry.bytes % 4 !== 0) throw new CorruptSnapshotError(`${entry.name} section of ${entry.bytes} bytes`);
  }
  for (const name of REQUIRED_SECTIONS) if (!names.has(name)) throw new CorruptSnapshotError(`no ${name} section`);
}

/**
 * Decodes a whole snapshot. Throws CorruptSnapshotError when the bytes are damaged (signature,
 * header, a section's checksum, or sections that do not fit together).
 */
export function decodeSnapshot(file: Buffer | SnapshotBytes): { header: SnapshotHeader; content: SnapshotContent } {
  const bytes = Buffer.isBuffer(file) ? bufferBytes(file) : file;
  const { header, payloadStart } = decodeHeader(bytes);
  const byName = new Map(header.sections.map((s) => [s.name, s]));
  const section = (name: string): SectionEntry => byName.get(name)!;
  const readSection = (entry: SectionEntry): Buffer => {
    const data = bytes.read(payloadStart + entry.offset, entry.bytes);
    if (data.length !== entry.bytes) throw new CorruptSnapshotError(`${entry.name} section is truncated`);
    if (crc32Of(data, 0) !== entry.crc32) throw new CorruptSnapshotError(`${entry.name} section checksum mismatch`);
    return data;
  };
  const readJson = <T>(name: string): T => parseJson(readSection(section(name)).toString('utf8'), name) as T;
  const readLines = <T>(name: string): T[] => {
    const entry = section(name);
    if (entry.type !== 'jsonl') throw new CorruptSnapshotError(`${name} has type ${entry.type}`);
    return parseJsonLines(readSection(entry), name) as T[];
  };
  // Copied out of the read buffer unless it is the section's own, aligned buffer.
  const readTyped = (entry: SectionEntry): Int32Array | Float32Array => {
    const data = readSection(entry);
    const own = data.byteOffset % 4 === 0 && data.byteLength === data.buffer.byteLength ? data : new Uint8Array(data);
    const length = entry.bytes / 4;
    return entry.type === 'int32' ? new Int32Array(own.buffer, own.byteOffset, length) : new Float32Array(own.buffer, own.byteOffset, length);
  };

  const stored = readJson<StoredCorpus>('corpus');
  if (typeof stored !== 'object' || stored === null || typeof stored.dir !== 'string' || typeof stored.version !== 'string') {
    throw new CorruptSnapshotError('corpus section without a folder or version');
  }
  const spansEntry = section('passageSpans');
  if (spansEntry.type !== 'int32') throw new CorruptSnapshotError(`passageSpans has type ${spansEntry.type}`);
  const articles = restoreArticles(readLines<StoredArticle>('corpus.articles'), readTyped(spansEntry) as Int32Array);
  const skipped = readLines<SkippedFile>('corpus.skipped');
  const statements = readLines<Statement>('statements');
  const articleStatements = byName.has('articleStatements')
    ? new Map(readLines<[string, ArticleStatement[]]>('articleStatements'))
    : undefined;
  const index: Record<string, unknown> = { ...readJson<Record<string, unknown>>('index') };
  for (const entry of header.sections) {
    if (!entry.name.startsWith('index.')) continue;
    const key = entry.name.slice('index.'.length);
    index[key] = entry.type === 'jsonl' ? readLines(entry.name) : entry.type === 'json' ? readJson(entry.name) : readTyped(entry);
  }
  index.passageIds = articles.flatMap((a) => a.passages.map((p) => p.id));
  const corpus: Corpus = { dir: stored.dir, ...(stored.dirs ? { dirs: stored.dirs } : {}), articles, skipped };
  const content: SnapshotContent = { corpus, version: stored.version, statements, index: index as unknown as IndexSnapshot };
  if (articleStatements) content.articleStatements = articleStatements;
  return { header, content };
}

function parseJson(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CorruptSnapshotError(`${name} section is not JSON (${(error as Error).message})`);
  }
}

/** The items of a JSON Lines section, each parsed from its own line of the buffer. */
function parseJsonLines(data: Buffer, name: string): unknown[] {
  const items: unknown[] = [];
  let start = 0;
  while (start < data.length) {
    let end = data.indexOf(0x0a, start);
    if (end < 0) end = data.length;
    items.push(parseJson(data.toString('utf8', start, end), name));
    start = end + 1;
  }
  return items;
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

function json(name: string, value: unknown): SectionData {
  return { name, type: 'json', data: [Buffer.from(JSON.stringify(value), 'utf8')] };
}

/**
 * A list as JSON Lines: each item stringified on its own (JSON.stringify never writes a raw line
 * break), gathered into buffers of about `chunkChars` characters.
 */
function jsonLines(name: string, items: readonly unknown[], chunkChars: number): SectionData {
  const data: Buffer[] = [];
  let pending: string[] = [];
  let chars = 0;
  const flush = () => {
    if (pending.length === 0) return;
    data.push(Buffer.from(pending.join(''), 'utf8'));
    pending = [];
    chars = 0;
  };
  for (const item of items) {
    const line = `${JSON.stringify(item)}\n`;
    if (chars + line.length > chunkChars) flush();
    pending.push(line);
    chars += line.length;
  }
  flush();
  return { name, type: 'jsonl', data };
}

function typedBytes(array: Int32Array | Float32Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

/** CRC-32 of `data` continuing from `crc`. Node's crc32 returns 0 for an empty buffer over an empty ArrayBuffer instead of `crc`. */
function crc32Of(data: Uint8Array, crc: number): number {
  return data.length === 0 ? crc : crc32(data, crc);
}
