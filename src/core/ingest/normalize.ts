/**
 * Text normalization shared by every input format: one line-break style, plain spaces, no
 * invisible characters. Curly quotes and dashes are kept as the outlet wrote them.
 */
import { foldText } from './fold.js';

// Invisible characters and C0/C1 controls (other than line feed) go; odd spaces become a space.
const STRAY_CHARACTERS = /[\u200B-\u200D\u2060\uFEFF\u00AD\u0000-\u0009\u000B-\u001F\u007F-\u009F\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;
const SPACE_LIKE = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000\t\v\f]/;

/** Normalizes line breaks, spaces and invisible characters; trims every line. */
export function normalizeText(raw: string): string {
  return raw
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n')
    .replace(STRAY_CHARACTERS, (char) => (SPACE_LIKE.test(char) ? ' ' : ''))
    .normalize('NFC')
    .replace(/ {2,}/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .trim();
}

/**
 * Turns inline markdown into plain text: links and images keep their visible text, emphasis and
 * code marks go. Plain-text exports of web pages often carry these too, so it is applied to every
 * text file, not just .md.
 */
export function unwrapMarkdownInline(line: string): string {
  if (!/[\[*_`<]/.test(line)) return line;
  return line
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '')
    .replace(/\[([^\]]+)\]\((?:[^()\s]|\([^)]*\))*(?:\s+"[^"]*")?\)/g, '$1')
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
    .replace(/<(https?:\/\/[^>\s]+)>/g, '$1')
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
    .replace(/(^|[^\p{L}\p{N}*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\p{L}\p{N}*])/gu, '$1$2')
    .replace(/(^|[^\p{L}\p{N}_])_(?=\S)([^_]+?)(?<=\S)_(?![\p{L}\p{N}_])/gu, '$1$2')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/<\/?(?:b|i|em|strong|span|u|a|sup|sub|br)\b[^>]*>/gi, '')
    .replace(/ {2,}/g, ' ')
    .trim();
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

function isLetterOrDigit(text: string, i: number, code: number): boolean {
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return LETTER_OR_DIGIT.test(text[i]!);
}

/**
 * Words of a line, counted the way headline/prose heuristics need: a word starts with a letter or
 * digit and runs on through letters, digits, apostrophes, dots and hyphens ("U.S.", "30-day").
 * A hand-written scan because it runs on every line of every file.
 */
export function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inWord) {
      if (code === 32) inWord = false;
      else if (!(isLetterOrDigit(text, i, code) || code === 39 || code === 46 || code === 45 || code === 0x2019)) inWord = false;
    } else if (code !== 32 && isLetterOrDigit(text, i, code)) {
      words++;
      inWord = true;
    }
  }
  return words;
}

/** Folded letters and digits only (foldText), for comparing lines that differ in punctuation or case. */
export function comparableText(text: string): string {
  // eslint-disable-next-line no-control-regex
  const folded = /^[\x00-\x7F]*$/.test(text) ? text.toLowerCase() : foldText(text);
  return folded.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** True when two lines are the same text up to case, punctuation and accents (a repeated headline). */
export function sameText(a: string, b: string): boolean {
  // Lines of very different length cannot match; skip the normalization for them.
  if (Math.abs(a.length - b.length) > Math.max(8, 0.3 * Math.max(a.length, b.length))) return false;
  return comparableText(a) === comparableText(b);
}
