/**
 * Text normalization shared by every input format: one line-break style, plain spaces, no
 * invisible characters. Curly quotes and dashes are kept as the outlet wrote them.
 */

const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
const ODD_SPACES = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000\t\v\f]/g;
// C0/C1 controls other than line feed (tabs were already turned into spaces).
const CONTROLS = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g;

/** Normalizes line breaks, spaces and invisible characters; trims every line. */
export function normalizeText(raw: string): string {
  return raw
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n')
    .replace(ODD_SPACES, ' ')
    .replace(INVISIBLE, '')
    .replace(CONTROLS, '')
    .normalize('NFC')
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trim())
    .join('\n');
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

/** Words of a line, counted the way headline/prose heuristics need (letters or digits). */
export function countWords(text: string): number {
  const matches = text.match(/[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu);
  return matches ? matches.length : 0;
}

/** Lower-cased letters and digits only, for comparing lines that differ in punctuation or case. */
export function comparableText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
