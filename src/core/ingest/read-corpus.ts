import { readdirSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import path from 'node:path';
import { DEFAULT_MAX_FILE_BYTES, articleFormat, articleId, buildArticle, decodeArticleBytes, extractArticle, isIgnoredFile } from './article-file.js';
import { configured, type CoreConfig } from '../config.js';
import type { OutletDirectory } from './outlets.js';
import { readFileInFolder, realFolder } from './safe-read.js';
import { parseSidecar, SIDECAR_SUFFIX, type MetaOverrides } from './sidecar.js';
import type { ProgressCallback } from '../progress.js';
import type { Article, Corpus, SkippedFile } from './types.js';

export interface ReadCorpusOptions {
  /** The configuration (its outlet names and domains name each article's outlet). */
  config: CoreConfig;
  /** Files larger than this are skipped (default 5 MB). */
  maxFileBytes?: number;
  /** Told after each file ('reading files'); see ProgressCallback. */
  onProgress?: ProgressCallback;
  /** Called with each file's path before it is read (a build worker's watchdog follows it). */
  onFile?: (file: string) => void;
  /** Files not to read, each skipped with the reason given (files that stalled an earlier build). */
  refused?: ReadonlyMap<string, string>;
  /**
   * What earlier reads of the same folders found (createReadCache): a file whose stamp (size,
   * modification time, inode; its sidecar's too) is unchanged is not read again, and its article
   * is the very object read before. The cache is brought up to date with this read.
   */
  cache?: ReadCache;
}

/** A file's read result kept by a ReadCache. */
export type ReadFileResult = { article: Article; sidecarProblem?: SkippedFile } | { skipped: SkippedFile };

/** What readCorpus read from each file, by path, with the stamp the file had before it was read. */
export interface ReadCache {
  readonly files: Map<string, { stamp: string; result: ReadFileResult }>;
  /** Files the last readCorpus call read (the others came from the cache). */
  lastRead: number;
}

export function createReadCache(): ReadCache {
  return { files: new Map(), lastRead: 0 };
}

/**
 * The stamp of an article file and its sidecar (size, modification time, inode, links followed),
 * or undefined when either cannot be stat'ed (the file is then read, and not cached).
 */
function fileStamp(file: string, hasSidecar: boolean): string | undefined {
  try {
    const info = statSync(file);
    let stamp = `${info.size}:${info.mtimeMs}:${info.ino}`;
    if (hasSidecar) {
      const meta = statSync(sidecarOf(file));
      stamp += `|${meta.size}:${meta.mtimeMs}:${meta.ino}`;
    }
    return stamp;
  } catch {
    return undefined;
  }
}

function sidecarOf(file: string): string {
  return path.join(path.dirname(file), articleId(path.basename(file)) + SIDECAR_SUFFIX);
}

/** The stamps of every file of the folders now, by path: taken before a build, for rememberCorpus. */
export function stampFolders(folders: string | readonly string[]): Map<string, string> {
  const stamps = new Map<string, string>();
  for (const dir of typeof folders === 'string' ? [folders] : folders) {
    let names: string[];
    try {
      names = readdirSyncNames(dir);
    } catch {
      continue;
    }
    const nameSet = new Set(names);
    for (const name of names) {
      if (isIgnoredFile(name)) continue;
      const stamp = fileStamp(path.join(dir, name), nameSet.has(articleId(name) + SIDECAR_SUFFIX));
      if (stamp !== undefined) stamps.set(path.join(dir, name), stamp);
    }
  }
  return stamps;
}

/**
 * Fills `cache` with the articles of a corpus read elsewhere (a snapshot, a build worker), under
 * the stamps their files had before that read (`stampFolders`): a file changed since then has
 * another stamp and is read again.
 */
export function rememberCorpus(cache: ReadCache, corpus: Corpus, stamps: ReadonlyMap<string, string>): void {
  cache.files.clear();
  const skippedByFile = new Map(corpus.skipped.map((s) => [s.file, s]));
  for (const article of corpus.articles) {
    const stamp = stamps.get(article.file);
    if (stamp === undefined) continue;
    const sidecarProblem = skippedByFile.get(sidecarOf(article.file));
    cache.files.set(article.file, { stamp, result: sidecarProblem ? { article, sidecarProblem } : { article } });
  }
}

/**
 * Files handled between two yields to the event loop. Small files are read synchronously (much
 * cheaper than a promise per call), in slices short enough that a running bot keeps answering
 * while a large corpus is read.
 */
const FILES_PER_SLICE = 64;

type FileResult = ReadFileResult;

/**
 * Reads every article file (.txt, .md, .markdown, .html, .htm) of one or more corpus folders, in
 * folder then file-name order. A NAME.meta.json sidecar beside an article overrides its metadata
 * fields. Each folder is a jail: a file whose real path (links resolved) is outside its folder is
 * refused. Files that cannot be articles are listed in `skipped` with a reason, never thrown,
 * whatever is wrong with them; only a missing or unreadable folder throws.
 */
export async function readCorpus(folders: string | readonly string[], options: ReadCorpusOptions): Promise<Corpus> {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const outlets = configured(options.config).outlets;
  const dirs = typeof folders === 'string' ? [folders] : [...folders];
  const results: FileResult[] = [];
  const listed: { dir: string; realDir: string; nameSet: Set<string>; candidates: string[] }[] = [];
  for (const dir of dirs) {
    const names = await listFolder(dir);
    listed.push({ dir, realDir: realFolder(dir), nameSet: new Set(names), candidates: names.filter((n) => !isIgnoredFile(n)).sort() });
  }
  const total = listed.reduce((sum, l) => sum + l.candidates.length, 0);
  options.onProgress?.(0, total, 'reading files');
  let read = 0;
  const cache = options.cache;
  const present = new Set<string>();
  if (cache) cache.lastRead = 0;
  for (const { dir, realDir, nameSet, candidates } of listed) {
    for (const name of candidates) {
      if (read > 0 && read % FILES_PER_SLICE === 0) await yieldToEventLoop();
      const file = path.join(dir, name);
      const refusal = options.refused?.get(file);
      if (refusal) {
        results.push({ skipped: { file, reason: refusal } });
        options.onProgress?.(++read, total, 'reading files');
        continue;
      }
      const stamp = cache ? fileStamp(file, nameSet.has(articleId(name) + SIDECAR_SUFFIX)) : undefined;
      const cached = stamp === undefined ? undefined : cache!.files.get(file);
      // A skipped file is read again: what kept it out (permissions, a lock) may change without its stamp.
      if (cached && cached.stamp === stamp && !('skipped' in cached.result)) {
        results.push(cached.result);
        present.add(file);
        options.onProgress?.(++read, total, 'reading files');
        continue;
      }
      options.onFile?.(file);
      const result = readArticleFileSafely(dir, realDir, name, nameSet, maxFileBytes, outlets);
      results.push(result);
      if (cache) {
        cache.lastRead++;
        if (stamp !== undefined) {
          cache.files.set(file, { stamp, result });
          present.add(file);
        }
      }
      options.onProgress?.(++read, total, 'reading files');
    }
  }
  if (cache) for (const file of cache.files.keys()) if (!present.has(file)) cache.files.delete(file);

  const articles: Article[] = [];
  const skipped: SkippedFile[] = [];
  const ids = new Map<string, string>();
  for (const result of results) {
    if ('skipped' in result) {
      skipped.push(result.skipped);
      continue;
    }
    const earlier = ids.get(result.article.id);
    if (earlier) {
      const where = path.dirname(earlier) === path.dirname(result.article.file) ? path.basename(earlier) : earlier;
      skipped.push({ file: result.article.file, reason: `same article name as ${where}; rename one of them` });
      continue;
    }
    ids.set(result.article.id, result.article.file);
    articles.push(result.article);
    if (result.sidecarProblem) skipped.push(result.sidecarProblem);
  }
  return { dir: dirs[0]!, dirs, articles, skipped };
}

function readdirSyncNames(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() || e.isSymbolicLink())
    .map((e) => e.name);
}

async function listFolder(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isFile() || e.isSymbolicLink()).map((e) => e.name);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`coverage folder ${dir} does not exist`);
    if (code === 'ENOTDIR') throw new Error(`coverage folder ${dir} is a file, not a folder`);
    if (code === 'EACCES' || code === 'EPERM') throw new Error(`coverage folder ${dir} cannot be read (permission denied)`);
    throw new Error(`coverage folder ${dir} cannot be read (${(error as Error).message})`);
  }
}

/** readArticleFile, with anything it throws turned into a skipped file: one file never stops the rest. */
function readArticleFileSafely(
  dir: string,
  realDir: string,
  name: string,
  folderNames: ReadonlySet<string>,
  maxFileBytes: number,
  outlets: OutletDirectory,
): FileResult {
  try {
    return readArticleFile(dir, realDir, name, folderNames, maxFileBytes, outlets);
  } catch (error) {
    return { skipped: { file: path.join(dir, name), reason: `cannot be read as an article (${(error as Error).message})` } };
  }
}

function readArticleFile(
  dir: string,
  realDir: string,
  name: string,
  folderNames: ReadonlySet<string>,
  maxFileBytes: number,
  outlets: OutletDirectory,
): FileResult {
  const file = path.join(dir, name);
  const format = articleFormat(name);
  if (!format) {
    return { skipped: { file, reason: `not an article file type (${path.extname(name) || 'no extension'}); use .txt, .md or .html` } };
  }
  const read = readFileInFolder(realDir, name, maxFileBytes);
  if ('reason' in read) return { skipped: { file, reason: read.reason } };
  const decoded = decodeArticleBytes(read.bytes, maxFileBytes, format);
  if ('reason' in decoded) return { skipped: { file, reason: decoded.reason } };
  const extracted = extractArticle(decoded.text, format, outlets);
  if ('reason' in extracted) return { skipped: { file, reason: extracted.reason } };

  let overrides: MetaOverrides = {};
  let sidecarProblem: SkippedFile | undefined;
  const sidecarName = articleId(name) + SIDECAR_SUFFIX;
  if (folderNames.has(sidecarName)) {
    const sidecarFile = path.join(dir, sidecarName);
    // A sidecar is small; 1 MB is far above any real one and keeps a hostile one from filling memory.
    const sidecar = readFileInFolder(realDir, sidecarName, 1_000_000);
    if ('reason' in sidecar) {
      sidecarProblem = { file: sidecarFile, reason: `metadata sidecar ignored: ${sidecar.reason}` };
    } else {
      const parsed = parseSidecar(sidecar.bytes.toString('utf8'));
      if ('error' in parsed) sidecarProblem = { file: sidecarFile, reason: `metadata sidecar ignored: ${parsed.error}` };
      else overrides = parsed.overrides;
    }
  }
  return { article: buildArticle(file, extracted.article, overrides), sidecarProblem };
}
