import { readFileSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
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
import { defaultOutletDirectory, type OutletDirectory } from './outlets.js';
import { parseSidecar, SIDECAR_SUFFIX, type MetaOverrides } from './sidecar.js';
import type { ProgressCallback } from '../progress.js';
import type { Article, Corpus, SkippedFile } from './types.js';

export interface ReadCorpusOptions {
  /** Files larger than this are skipped (default 5 MB). */
  maxFileBytes?: number;
  /** Outlet names and domains (default: config/outlets.json). */
  outlets?: OutletDirectory;
  /** Told after each file ('reading files'); see ProgressCallback. */
  onProgress?: ProgressCallback;
}

/**
 * Files handled between two yields to the event loop. Small files are read synchronously (much
 * cheaper than a promise per call), in slices short enough that a running bot keeps answering
 * while a large corpus is read.
 */
const FILES_PER_SLICE = 64;

type FileResult = { article: Article; sidecarProblem?: SkippedFile } | { skipped: SkippedFile };

/**
 * Reads every article file (.txt, .md, .markdown, .html, .htm) in `dir`, in file-name order.
 * A NAME.meta.json sidecar beside an article overrides its metadata fields. Files that cannot be
 * articles are listed in `skipped` with a reason, never thrown; only a missing or unreadable
 * folder throws.
 */
export async function readCorpus(dir: string, options: ReadCorpusOptions = {}): Promise<Corpus> {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const outlets = options.outlets ?? defaultOutletDirectory();
  const names = await listFolder(dir);
  const nameSet = new Set(names);
  const candidates = names.filter((n) => !isIgnoredFile(n)).sort();

  const results: FileResult[] = [];
  options.onProgress?.(0, candidates.length, 'reading files');
  for (let i = 0; i < candidates.length; i++) {
    if (i > 0 && i % FILES_PER_SLICE === 0) await yieldToEventLoop();
    results.push(readArticleFile(dir, candidates[i]!, nameSet, maxFileBytes, outlets));
    options.onProgress?.(i + 1, candidates.length, 'reading files');
  }

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
      skipped.push({ file: result.article.file, reason: `same article name as ${path.basename(earlier)}; rename one of them` });
      continue;
    }
    ids.set(result.article.id, result.article.file);
    articles.push(result.article);
    if (result.sidecarProblem) skipped.push(result.sidecarProblem);
  }
  return { dir, articles, skipped };
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

function readArticleFile(
  dir: string,
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
  let bytes: Buffer;
  try {
    const info = statSync(file);
    if (!info.isFile()) return { skipped: { file, reason: 'not a regular file' } };
    // Decided from the size alone so a huge file is never read into memory.
    if (info.size > maxFileBytes) return { skipped: { file, reason: tooLargeReason(info.size, maxFileBytes) } };
    bytes = readFileSync(file);
  } catch (error) {
    return { skipped: { file, reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` } };
  }
  const decoded = decodeArticleBytes(bytes, maxFileBytes);
  if ('reason' in decoded) return { skipped: { file, reason: decoded.reason } };
  const extracted = extractArticle(decoded.text, format, outlets);
  if ('reason' in extracted) return { skipped: { file, reason: extracted.reason } };

  let overrides: MetaOverrides = {};
  let sidecarProblem: SkippedFile | undefined;
  const sidecarName = articleId(name) + SIDECAR_SUFFIX;
  if (folderNames.has(sidecarName)) {
    const sidecarFile = path.join(dir, sidecarName);
    try {
      const parsed = parseSidecar(readFileSync(sidecarFile, 'utf8'));
      if ('error' in parsed) sidecarProblem = { file: sidecarFile, reason: `metadata sidecar ignored: ${parsed.error}` };
      else overrides = parsed.overrides;
    } catch (error) {
      sidecarProblem = { file: sidecarFile, reason: `metadata sidecar cannot be read (${(error as Error).message})` };
    }
  }
  return { article: buildArticle(file, extracted.article, overrides), sidecarProblem };
}
