/**
 * The one text folding of the project: lowercase, diacritics removed, curly quotes and dashes
 * unified. Every comparison of words builds on it (the index's terms, statements' names and quotes,
 * ingest's comparison of lines); it lives here, in the lowest layer, so that all of them can.
 */
const QUOTES = /[\u2018\u2019\u201a\u201b\u2032\u02bc`´]/g;
const DOUBLE_QUOTES = /[\u201c\u201d\u201e\u201f\u2033«»]/g;
const DASHES = /[\u2010-\u2015\u2212]/g;

/** Lowercase, diacritics removed, curly quotes and dashes unified: the form every comparison uses. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(QUOTES, "'")
    .replace(DOUBLE_QUOTES, '"')
    .replace(DASHES, '-')
    .toLowerCase();
}
