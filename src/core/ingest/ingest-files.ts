import { randomBytes } from 'node:crypto';
import { open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import {
  DEFAULT_MAX_FILE_BYTES,
  articleFormat,
  articleId,
  buildArticle,
  decodeArticleBytes,
  extractArticle,
  isIgnoredFile,
  tooLargeReason,
} from './article-file.js';
import { comparableText } from './normalize.js';
import { defaultOutletDirectory, type OutletDirectory } from './outlets.js';
import { readCorpus } from './read-corpus.js';
import { SIDECAR_SUFFIX } from './sidecar.js';
import type { Article, ArticleMeta, SkippedFile } from './types.js';
import type { ProgressCallback } from '../progress.js';

export interface IngestOptions {
  /** Files larger than this are skipped (default 5 MB). */
  maxFileBytes?: number;
  /** Outlet names and domains (default: config/outlets.json). */
  outlets?: OutletDirectory;
  /** Word-shingle Jaccard similarity at or above which two texts are the same article (default 0.9). */
  duplicateSimilarity?: number;
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
  url: string | null;
  shingles: Set<number>;
}

/**
 * Adds article files to a corpus folder. `paths` are files or folders (read recursively) of .txt,
 * .md and .html. Each new article is copied into `corpusDir` with a NAME.meta.json sidecar holding
 * its extracted metadata; both are written to a hidden temporary file and renamed into place,
 * sidecar first, so a reader never sees an article without its metadata or a half-written file.
 * An article already there (same URL, or near-identical text) is reported as a duplicate and not
 * written again. Files that are no article are skipped with a reason. Throws only when the corpus
 * folder itself is missing or unreadable.
 */
export async function ingestFiles(paths: readonly string[], corpusDir: string, options: IngestOptions = {}): Promise<IngestReport> {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const outlets = options.outlets ?? defaultOutletDirectory();
  const threshold = options.duplicateSimilarity ?? 0.9;
  const corpus = await readCorpus(corpusDir, { maxFileBytes, outlets, onProgress: options.onProgress });
  await removeAbandonedTempFiles(corpusDir);
  const known: KnownArticle[] = corpus.articles.map(knownArticle);
  const takenIds = new Set((await readdir(corpusDir)).filter((n) => !isIgnoredFile(n)).map(articleId));
  const report: IngestReport = { added: [], duplicates: [], skipped: [] };

  const sources = await expandPaths(paths, report.skipped);
  options.onProgress?.(0, sources.length, 'adding files');
  for (const [n, source] of sources.entries()) {
    if (n > 0) options.onProgress?.(n, sources.length, 'adding files');
    const name = path.basename(source);
    const format = articleFormat(name);
    if (!format) {
      report.skipped.push({ file: source, reason: `not an article file type (${path.extname(name) || 'no extension'}); use .txt, .md or .html` });
      continue;
    }
    let bytes: Buffer;
    try {
      const info = await stat(source);
      if (info.size > maxFileBytes) {
        report.skipped.push({ file: source, reason: tooLargeReason(info.size, maxFileBytes) });
        continue;
      }
      bytes = await readFile(source);
    } catch (error) {
      report.skipped.push({ file: source, reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` });
      continue;
    }
    const decoded = decodeArticleBytes(bytes, maxFileBytes);
    if ('reason' in decoded) {
      report.skipped.push({ file: source, reason: decoded.reason });
      continue;
    }
    const extracted = extractArticle(decoded.text, format, outlets);
    if ('reason' in extracted) {
      report.skipped.push({ file: source, reason: extracted.reason });
      continue;
    }
    const id = uniqueId(articleId(name), takenIds);
    const fileName = id + path.extname(name).toLowerCase();
    const article = buildArticle(path.join(corpusDir, fileName), extracted.article);
    const candidate = knownArticle(article);
    const duplicate = findDuplicate(candidate, known, threshold);
    if (duplicate) {
      report.duplicates.push({ source, ...duplicate });
      continue;
    }
    const meta = metaOf(article);
    const sidecar = { ...meta, id: undefined, ingestedFrom: path.resolve(source), ingestedAt: new Date().toISOString() };
    await writeAtomically(path.join(corpusDir, id + SIDECAR_SUFFIX), JSON.stringify(sidecar, null, 2) + '\n');
    await writeAtomically(article.file, bytes);
    takenIds.add(id);
    known.push(candidate);
    report.added.push({ source, file: article.file, meta });
  }
  if (sources.length > 0) options.onProgress?.(sources.length, sources.length, 'adding files');
  return report;
}

/** Files named by `paths`, with folders expanded (hidden and temporary files left out). */
async function expandPaths(paths: readonly string[], skipped: SkippedFile[]): Promise<string[]> {
  const files: string[] = [];
  const visit = async (target: string, explicit: boolean): Promise<void> => {
    let info;
    try {
      info = await stat(target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      skipped.push({ file: target, reason: code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? (error as Error).message})` });
      return;
    }
    if (info.isDirectory()) {
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
        // Inside a folder, files of other types are passed over quietly (images, notes...).
        const childInfo = await stat(child).catch(() => null);
        if (childInfo?.isDirectory() || articleFormat(name)) await visit(child, false);
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

function uniqueId(base: string, taken: ReadonlySet<string>): string {
  const safe = base.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^[.~#-]+/, '') || 'article';
  if (!taken.has(safe)) return safe;
  for (let n = 2; ; n++) if (!taken.has(`${safe}-${n}`)) return `${safe}-${n}`;
}

function metaOf(article: Article): ArticleMeta {
  const { id, outlet, title, subtitle, author, published, url } = article;
  return { id, outlet, title, subtitle, author, published, url };
}

function knownArticle(article: Article): KnownArticle {
  return { id: article.id, url: article.url ? normalizeUrl(article.url) : null, shingles: shingleSet(article.body) };
}

function findDuplicate(candidate: KnownArticle, known: readonly KnownArticle[], threshold: number): { existing: string; reason: string } | null {
  if (candidate.url) {
    const same = known.find((k) => k.url === candidate.url);
    if (same) return { existing: same.id, reason: 'same URL' };
  }
  const size = candidate.shingles.size;
  for (const other of known) {
    const otherSize = other.shingles.size;
    // Jaccard can only reach the threshold when the sizes are close; skip the rest cheaply.
    if (Math.min(size, otherSize) < threshold * Math.max(size, otherSize)) continue;
    const similarity = jaccard(candidate.shingles, other.shingles);
    if (similarity >= threshold) return { existing: other.id, reason: `near-identical text (similarity ${similarity.toFixed(2)})` };
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
