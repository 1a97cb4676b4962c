import path from 'node:path';
import { boundHtml } from './html-bounds.js';
import { extractFromHtml } from './html-article.js';
import { countWords } from './normalize.js';
import type { OutletDirectory } from './outlets.js';
import { joinBody, shareBodyText, splitPassages } from './passages.js';
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
 * How far into an HTML file its charset declaration is looked for: the HTML standard's prescan
 * reads the first 1024 bytes; a little more forgives a long <head> preamble.
 */
const CHARSET_SCAN_BYTES = 2048;

/**
 * Decodes a file's bytes as article text, or says why they cannot be an article (empty, over the
 * size limit, binary, undecodable). UTF-8 is the default; a byte-order mark says UTF-16 (or
 * UTF-8), a UTF-16 file without one is recognised by its zero high bytes, and an HTML page may
 * declare another charset (`<meta charset="windows-1252">`).
 */
export function decodeArticleBytes(
  bytes: Uint8Array,
  maxFileBytes: number,
  format: ArticleFormat = 'text',
): { text: string } | { reason: string } {
  if (bytes.length === 0) return { reason: 'empty file' };
  if (bytes.length > maxFileBytes) return { reason: tooLargeReason(bytes.length, maxFileBytes) };
  const encoding = byteOrderEncoding(bytes) ?? (bytes.includes(0) ? utf16WithoutMark(bytes) : null) ?? (format === 'html' ? declaredCharset(bytes) : null);
  let text: string;
  if (encoding && encoding !== 'utf-8') {
    text = encoding === 'windows-1252' ? decodeWindows1252(bytes) : new TextDecoder(encoding).decode(bytes);
    if (text.includes('\0')) return { reason: 'binary file (contains NUL characters), not article text' };
  } else {
    if (bytes.includes(0)) return { reason: 'binary file (contains NUL bytes), not article text' };
    try {
      text = UTF8.decode(bytes);
    } catch {
      return {
        reason:
          format === 'html'
            ? 'not valid UTF-8 text (save the page as UTF-8, or declare its charset: <meta charset="windows-1252">)'
            : 'not valid UTF-8 text (save the file as UTF-8)',
      };
    }
  }
  if (text.trim() === '') return { reason: 'empty file (only whitespace)' };
  return { text };
}

/**
 * windows-1252 (the charset most non-UTF-8 Western pages declare). Node 20's TextDecoder reads it
 * as ISO-8859-1, turning its quotes and dashes (0x80 to 0x9F) into control characters; this
 * table gives those bytes their windows-1252 characters (the five unassigned ones stay as they are).
 */
const WINDOWS_1252_HIGH = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  return latin1.replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80]!);
}

function byteOrderEncoding(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/**
 * UTF-16 without a byte-order mark: text in a Latin script has a zero byte in every other place.
 * Accepted when nearly all (95%: a few non-Latin characters are allowed) of one side is zero and
 * the other side has none, which binary files practically never show.
 */
const UTF16_ZERO_SHARE = 0.95;

function utf16WithoutMark(bytes: Uint8Array): string | null {
  if (bytes.length % 2 !== 0 || bytes.length < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < bytes.length; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const units = bytes.length / 2;
  if (oddZeros >= UTF16_ZERO_SHARE * units && evenZeros === 0) return 'utf-16le';
  if (evenZeros >= UTF16_ZERO_SHARE * units && oddZeros === 0) return 'utf-16be';
  return null;
}

/**
 * The charset an HTML page declares in its first bytes (<meta charset> or the http-equiv
 * Content-Type), when this Node knows it. A declared UTF-16 is read as UTF-8, as browsers do:
 * the declaration itself was readable as ASCII.
 */
function declaredCharset(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, CHARSET_SCAN_BYTES)).toString('latin1');
  const match = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)/i.exec(head);
  if (!match) return null;
  try {
    const encoding = new TextDecoder(match[1]!).encoding;
    return encoding.startsWith('utf-16') ? 'utf-8' : encoding;
  } catch {
    return null;
  }
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

/**
 * Extracts the article from decoded text, or says why the file holds none. Never throws: a page
 * the HTML libraries choke on is a reason, not an error. An .html file without a single tag is
 * read as the plain text it is.
 */
export function extractArticle(
  text: string,
  format: ArticleFormat,
  outlets: OutletDirectory,
): { article: ExtractedArticle } | { reason: string } {
  const html = format === 'html' && /<[A-Za-z!/?]/.test(text);
  let article: ExtractedArticle | null;
  try {
    if (html) {
      const bounded = boundHtml(text);
      if ('reason' in bounded) return bounded;
      article = extractFromHtml(bounded.html, outlets);
    } else {
      article = extractFromText(text, { outlets, markdown: format === 'markdown' });
    }
  } catch (error) {
    return { reason: `${html ? 'HTML page' : 'text'} cannot be read as an article (${(error as Error).message})` };
  }
  const words = article ? article.paragraphs.reduce((n, p) => n + countWords(p), 0) : 0;
  if (!article || words < MIN_BODY_WORDS) {
    return { reason: html ? 'HTML page has no article text in it' : 'no article text found (too short or only page furniture)' };
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
    passages: shareBodyText(body, splitPassages(id, extracted.paragraphs)),
  };
}
