import path from 'node:path';
import { extractFromHtml } from './html-article.js';
import { countWords } from './normalize.js';
import type { OutletDirectory } from './outlets.js';
import { joinBody, splitPassages } from './passages.js';
import type { MetaOverrides } from './sidecar.js';
import { SIDECAR_SUFFIX } from './sidecar.js';
import { extractFromText, type ExtractedArticle } from './text-article.js';
import type { Article } from './types.js';

/** How one file of the coverage folder is read, and when it is no article at all. */

export type ArticleFormat = 'text' | 'markdown' | 'html';

const FORMATS: Record<string, ArticleFormat> = {
  '.txt': 'text',
  '.text': 'text',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
};

/** Default limit on one article file's size (5 MB); larger files are skipped, not read. */
export const DEFAULT_MAX_FILE_BYTES = 5_000_000;

/** The article format a file name says, or null when it is not an article file. */
export function articleFormat(fileName: string): ArticleFormat | null {
  return FORMATS[path.extname(fileName).toLowerCase()] ?? null;
}

/** Files the corpus reader never considers: hidden and temporary files, sidecars. */
export function isIgnoredFile(fileName: string): boolean {
  return (
    fileName.startsWith('.') ||
    fileName.startsWith('~') ||
    fileName.startsWith('#') ||
    fileName.endsWith('~') ||
    fileName.endsWith(SIDECAR_SUFFIX) ||
    /\.(?:tmp|temp|swp|swo|part|crdownload|partial|bak)$/i.test(fileName)
  );
}

/** The article id of a file: its name without the extension. */
export function articleId(fileName: string): string {
  return path.basename(fileName, path.extname(fileName));
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes a file's bytes as article text, or says why they cannot be an article
 * (empty, over the size limit, binary, not UTF-8).
 */
export function decodeArticleBytes(bytes: Uint8Array, maxFileBytes: number): { text: string } | { reason: string } {
  if (bytes.length === 0) return { reason: 'empty file' };
  if (bytes.length > maxFileBytes) return { reason: tooLargeReason(bytes.length, maxFileBytes) };
  if (bytes.includes(0)) return { reason: 'binary file (contains NUL bytes), not article text' };
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    return { reason: 'not valid UTF-8 text (save the file as UTF-8)' };
  }
  if (text.trim() === '') return { reason: 'empty file (only whitespace)' };
  return { text };
}

/** Why a file of `size` bytes is refused under a `limit`. */
export function tooLargeReason(size: number, limit: number): string {
  return `file is ${formatBytes(size)}, over the ${formatBytes(limit)} limit for one article`;
}

function formatBytes(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(n % 1_000_000 === 0 ? 0 : 1)} MB`;
  if (n >= 1000) return `${(n / 1000).toFixed(n % 1000 === 0 ? 0 : 1)} kB`;
  return `${n} bytes`;
}

/** Fewest words a body must have to count as an article. */
const MIN_BODY_WORDS = 10;

/** Extracts the article from decoded text, or says why the file holds none. */
export function extractArticle(
  text: string,
  format: ArticleFormat,
  outlets: OutletDirectory,
): { article: ExtractedArticle } | { reason: string } {
  const article =
    format === 'html' ? extractFromHtml(text, outlets) : extractFromText(text, { outlets, markdown: format === 'markdown' });
  const words = article ? article.paragraphs.reduce((n, p) => n + countWords(p), 0) : 0;
  if (!article || words < MIN_BODY_WORDS) {
    return { reason: format === 'html' ? 'HTML page has no article text in it' : 'no article text found (too short or only page furniture)' };
  }
  return { article };
}

/** Assembles the Article value: metadata (sidecar overrides applied), body and passages. */
export function buildArticle(file: string, extracted: ExtractedArticle, overrides: MetaOverrides = {}): Article {
  const id = articleId(file);
  const body = joinBody(extracted.paragraphs);
  return {
    id,
    outlet: extracted.outlet,
    title: extracted.title ?? id,
    subtitle: extracted.subtitle,
    author: extracted.author,
    published: extracted.published,
    url: extracted.url,
    ...overrides,
    file,
    body,
    passages: splitPassages(id, extracted.paragraphs),
  };
}
