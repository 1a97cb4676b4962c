import { randomBytes } from 'node:crypto';
import { lstat, open, readdir, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import {
  DEFAULT_MAX_FILE_BYTES,
  articleFormat,
  articleId,
  buildArticle,
  decodeArticleBytes,
  extractArticle,
  isIgnoredFile,
} from './article-file.js';
import { comparableText } from './normalize.js';
import { configured, type CoreConfig } from '../config.js';
import { readCorpus } from './read-corpus.js';
import { readRegularFile } from './safe-read.js';
import { SIDECAR_SUFFIX } from './sidecar.js';
import type { Article, ArticleMeta, SkippedFile } from './types.js';
import type { ProgressCallback } from '../progress.js';

export interface IngestOptions {
  /** The configuration (its outlet names and domains name each article's outlet). */
  config: CoreConfig;
  /** Files larger than this are skipped (default 5 MB). */
  maxFileBytes?: number;
  /** Word-shingle Jaccard similarity at or above which two texts are the same article (default 0.9). */
  duplicateSimilarity?: number;
  /**
   * Folders served alongside the corpus folder (the sample seeds beside a user's folder): their
   * articles count when looking for duplicates and their names are not reused; nothing is
   * written into them.
   */
  alsoServed?: readonly string[];
  /** Told how far reading the corpus folder ('reading files') and then adding the inputs ('adding files') has come. */
  onProgress?: ProgressCallback;
}

/** An article written into the corpus folder. */
export interface IngestedFile {
  /** The path it was read from. */
  source: string;
  /** The article file written into the corpus folder (its sidecar is beside it). */
  file: string;
  meta: ArticleMeta;
  /** Set when the article is a newer version of one with the same URL, which it replaced (that article's id). */
  replaces?: string;
}

/** An input that is already in the corpus (or earlier in the same batch). */
export interface DuplicateFile {
  source: string;
  /** Id of the article it duplicates. */
  existing: string;
  reason: string;
}

export interface IngestReport {
  added: IngestedFile[];
  duplicates: DuplicateFile[];
  skipped: SkippedFile[];
}

/** Shingle length in words for near-duplicate detection. */
const SHINGLE_WORDS = 5;

interface KnownArticle {
  id: string;
  /** The article's file, when it is in the corpus folder being written (so it may be replaced). */
  file: string | null;
  published: string | null;
  url: string | null;
  shingles: Set<number>;
}

/**
 * Adds article files to a corpus folder. `paths` are files or folders (read recursively) of .txt,
 * .md and .html. Each new article is copied into `corpusDir` with a NAME.meta.json sidecar holding
 * its extracted metadata; both are written to a hidden temporary file and renamed into place,
 * sidecar first, so a reader never sees an article without its metadata or a half-written file.
 * Only regular files are copied, never through a symbolic link. An article already there (near-
 * identical text, or the same URL) is reported as a duplicate and not written again, except that
 * a changed text under the same URL, not dated before the one in the corpus folder, is a
 * corrected version and replaces it. Files that are no article, and files that fail in any way,
 * are skipped with a reason and the rest of the batch goes on. Throws only when the corpus folder
 * itself is missing or unreadable.
 */
export async function ingestFiles(paths: readonly string[], corpusDir: string, options: IngestOptions): Promise<IngestReport> {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const outlets = configured(options.config).outlets;
  const threshold = options.duplicateSimilarity ?? 0.9;
  const here = path.resolve(corpusDir);
  const others = (options.alsoServed ?? []).map((d) => path.resolve(d)).filter((d) => d !== here);
  const corpus = await readCorpus([here, ...others], { config: options.config, maxFileBytes, onProgress: options.onProgress });
  await removeAbandonedTempFiles(here);
  const known: KnownArticle[] = corpus.articles.map((a) => knownArticle(a, path.dirname(a.file) === here));
  const takenIds = new Set([...corpus.articles.map((a) => a.id), ...(await readdir(here)).filter((n) => !isIgnoredFile(n)).map(articleId)]);
  const report: IngestReport = { added: [], duplicates: [], skipped: [] };

  const sources = await expandPaths(paths, report.skipped);
  options.onProgress?.(0, sources.length, 'adding files');
  for (const [n, source] of sources.entries()) {
    if (n > 0) options.onProgress?.(n, sources.length, 'adding files');
    try {
      await ingestOne(source);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      report.skipped.push({ file: source, reason: `could not be added (${code ? `${code}: ` : ''}${(error as Error).message})` });
    }
  }
  if (sources.length > 0) options.onProgress?.(sources.length, sources.length, 'adding files');
  return report;

  async function ingestOne(source: string): Promise<void> {
    const name = path.basename(source);
    const format = articleFormat(name);
    if (!format) {
      report.skipped.push({ file: source, reason: `not an article file type (${path.extname(name) || 'no extension'}); use .txt, .md or .html` });
      return;
    }
    const read = readRegularFile(source, maxFileBytes);
    if ('reason' in read) {
      report.skipped.push({ file: source, reason: read.reason });
      return;
    }
    const decoded = decodeArticleBytes(read.bytes, maxFileBytes, format);
    if ('reason' in decoded) {
      report.skipped.push({ file: source, reason: decoded.reason });
      return;
    }
    const extracted = extractArticle(decoded.text, format, outlets);
    if ('reason' in extracted) {
      report.skipped.push({ file: source, reason: extracted.reason });
      return;
    }
    const probe = buildArticle(path.join(here, articleId(name) + path.extname(name).toLowerCase()), extracted.article);
    const candidate = knownArticle(probe, true);
    const match = findDuplicate(candidate, known, threshold);
    if (match && !match.replaceable) {
      report.duplicates.push({ source, existing: match.existing.id, reason: match.reason });
      return;
    }
    const replaced = match?.existing;
    const id = replaced ? replaced.id : uniqueId(articleId(name), takenIds);
    const file = path.join(here, id + path.extname(name).toLowerCase());
    const article = buildArticle(file, extracted.article);
    const meta = metaOf(article);
    const sidecar = { ...meta, id: undefined, ingestedFrom: path.resolve(source), ingestedAt: new Date().toISOString() };
    await writeAtomically(path.join(here, id + SIDECAR_SUFFIX), JSON.stringify(sidecar, null, 2) + '\n');
    await writeAtomically(file, read.bytes);
    // The corrected version may come in another format (.html for a .txt): the old file goes.
    if (replaced?.file && replaced.file !== file) await unlink(replaced.file).catch(() => undefined);
    takenIds.add(id);
    const entry = knownArticle(article, true);
    if (replaced) known.splice(known.indexOf(replaced), 1, entry);
    else known.push(entry);
    report.added.push({ source, file, meta, ...(replaced ? { replaces: replaced.id } : {}) });
  }
}

/**
 * Files named by `paths`, with folders expanded (hidden and temporary files left out). Symbolic
 * links are never followed: a named one, or one inside a folder, is skipped with a reason.
 */
async function expandPaths(paths: readonly string[], skipped: SkippedFile[]): Promise<string[]> {
  const files: string[] = [];
  const visit = async (target: string, explicit: boolean): Promise<void> => {
    let info;
    try {
      info = await lstat(target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      skipped.push({ file: target, reason: code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? (error as Error).message})` });
      return;
    }
    if (info.isSymbolicLink()) {
      skipped.push({ file: target, reason: 'is a symbolic link; ingest copies regular files only, never through links' });
    } else if (info.isDirectory()) {
      let names: string[];
      try {
        names = (await readdir(target)).sort();
      } catch (error) {
        skipped.push({ file: target, reason: `folder cannot be read (${(error as NodeJS.ErrnoException).code})` });
        return;
      }
      for (const name of names) {
        if (isIgnoredFile(name)) continue;
        const child = path.join(target, name);
        // Inside a folder, files of other types are passed over quietly (images, notes...); links are named.
        const childInfo = await lstat(child).catch(() => null);
        if (childInfo?.isDirectory() || childInfo?.isSymbolicLink() || articleFormat(name)) await visit(child, false);
      }
    } else if (info.isFile()) {
      files.push(target);
    } else if (explicit) {
      skipped.push({ file: target, reason: 'not a regular file' });
    }
  };
  for (const target of paths) await visit(target, true);
  return files;
}

/**
 * Longest article id, in UTF-8 bytes. File names are limited to 255 bytes and the sidecar adds
 * ".meta.json" (10) and the temporary write a prefix and suffix (about 25); 120 leaves room for
 * both and is still a readable name.
 */
const MAX_ID_BYTES = 120;

function uniqueId(base: string, taken: ReadonlySet<string>): string {
  const safe = truncateBytes(base.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^[.~#-]+/, ''), MAX_ID_BYTES) || 'article';
  if (!taken.has(safe)) return safe;
  for (let n = 2; ; n++) if (!taken.has(`${safe}-${n}`)) return `${safe}-${n}`;
}

/** `text` cut to at most `max` UTF-8 bytes, on a character boundary, without a trailing '-' or '.'. */
function truncateBytes(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  let out = '';
  let bytes = 0;
  for (const char of text) {
    bytes += Buffer.byteLength(char);
    if (bytes > max) break;
    out += char;
  }
  return out.replace(/[-.]+$/, '');
}

function metaOf(article: Article): ArticleMeta {
  const { id, outlet, title, subtitle, author, published, url } = article;
  return { id, outlet, title, subtitle, author, published, url };
}

function knownArticle(article: Article, inCorpusFolder: boolean): KnownArticle {
  return {
    id: article.id,
    file: inCorpusFolder ? article.file : null,
    published: article.published,
    url: article.url ? normalizeUrl(article.url) : null,
    shingles: shingleSet(article.body),
  };
}

/**
 * The article a candidate duplicates and why; `replaceable` when the candidate is a corrected
 * version of it (same URL, changed text, not dated before it, in the folder being written).
 */
function findDuplicate(
  candidate: KnownArticle,
  known: readonly KnownArticle[],
  threshold: number,
): { existing: KnownArticle; reason: string; replaceable: boolean } | null {
  const size = candidate.shingles.size;
  for (const other of known) {
    const otherSize = other.shingles.size;
    // Jaccard can only reach the threshold when the sizes are close; skip the rest cheaply.
    if (Math.min(size, otherSize) < threshold * Math.max(size, otherSize)) continue;
    const similarity = jaccard(candidate.shingles, other.shingles);
    if (similarity >= threshold) return { existing: other, reason: `near-identical text (similarity ${similarity.toFixed(2)})`, replaceable: false };
  }
  if (candidate.url) {
    const same = known.find((k) => k.url === candidate.url);
    if (same) {
      const older = Boolean(candidate.published && same.published && candidate.published < same.published);
      if (same.file && !older) return { existing: same, reason: 'same URL, changed text', replaceable: true };
      const why = older ? 'same URL; this version is dated before the one in the coverage' : 'same URL (the article is in a folder ingest does not write to)';
      return { existing: same, reason: why, replaceable: false };
    }
  }
  return null;
}

/** URL identity: no scheme, "www.", fragment, tracking parameters or trailing slash. */
function normalizeUrl(url: string): string {
  try {
    const u = new URL(url);
    for (const key of [...u.searchParams.keys()]) if (/^(?:utm_|fbclid|gclid|ref$|cmp)/i.test(key)) u.searchParams.delete(key);
    const query = u.searchParams.toString();
    return `${u.hostname.replace(/^www\./, '')}${u.pathname.replace(/\/+$/, '')}${query ? `?${query}` : ''}`.toLowerCase();
  } catch {
    return url.trim().toLowerCase();
  }
}

function shingleSet(text: string): Set<number> {
  const words = comparableText(text).split(' ').filter(Boolean);
  const shingles = new Set<number>();
  if (words.length < SHINGLE_WORDS) {
    if (words.length > 0) shingles.add(hash(words.join(' ')));
    return shingles;
  }
  for (let i = 0; i + SHINGLE_WORDS <= words.length; i++) shingles.add(hash(words.slice(i, i + SHINGLE_WORDS).join(' ')));
  return shingles;
}

function jaccard(a: Set<number>, b: Set<number>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) shared++;
  return shared / (a.size + b.size - shared);
}

/** 32-bit FNV-1a. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const TEMP_FILE = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/** Deletes temporary files left by an ingest that was killed mid-write (its process is gone). */
async function removeAbandonedTempFiles(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    const m = TEMP_FILE.exec(name);
    if (m && !processIsAlive(Number(m[1]))) await unlink(path.join(dir, name)).catch(() => undefined);
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Writes `data` to `target` through a hidden temporary file in the same folder (which the corpus
 * reader ignores) and a rename, so `target` is either absent, the old file, or the whole new file.
 */
async function writeAtomically(target: string, data: string | Uint8Array): Promise<void> {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
