import { foldText as foldCharacters } from '../ingest/fold.js';

/**
 * The core's folding (src/core/ingest/fold.ts: lowercase, no diacritics, one quote and dash
 * style) with the whitespace collapsed, as statements compare names and quotes.
 */
export function foldText(text: string): string {
  // Most words are plain ASCII: skip Unicode normalisation for them (it dominates extraction time).
  if (/^[a-z0-9 .'-]*$/i.test(text)) return text.toLowerCase().replace(/\s+/g, ' ').trim();
  return foldCharacters(text).replace(/\s+/g, ' ').trim();
}

/** A word, a punctuation mark or a quotation placeholder of a sentence frame. */
export interface Token {
  text: string;
  /** Folded form of `text` without a possessive 's ("Russia’s" → "russia"). */
  word: string;
  start: number;
  end: number;
  /** Index of the quotation this placeholder stands for, else -1. */
  quote: number;
  capitalized: boolean;
  possessive: boolean;
  punctuation: boolean;
}

/** Marks the place of a quotation inside a sentence frame: QUOTE_OPEN + number + QUOTE_CLOSE. */
export const QUOTE_OPEN = '\uE000';
export const QUOTE_CLOSE = '\uE001';

// A capital and a full stop before another capitalised word is a middle initial ("Donald K. McIvor"): one token, so names keep it.
const TOKEN = /\uE000(\d+)\uE001|(?:\p{L}\.){2,}|\p{Lu}\.(?=\s+\p{Lu})|\b(?:Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Adm|Mr|Mrs|Ms|Dr|Prof|St)\.(?=\s)|[\p{L}\p{N}]+(?:[-'’.][\p{L}\p{N}]+)*|\S/gu;

/** Splits a sentence frame into tokens (offsets shifted by `offset`) (words keep inner hyphens, apostrophes and initials such as "U.S."). */
export function tokenize(frame: string, offset = 0): Token[] {
  const tokens: Token[] = [];
  for (const match of frame.matchAll(TOKEN)) {
    const text = match[0];
    const start = match.index + offset;
    if (match[1] !== undefined) {
      tokens.push({ text, word: '', start, end: start + text.length, quote: Number(match[1]), capitalized: false, possessive: false, punctuation: false });
      continue;
    }
    const possessive = /\p{L}['’]s$/u.test(text);
    const bare = possessive ? text.slice(0, -2) : text;
    tokens.push({
      text,
      word: foldText(bare),
      start,
      end: start + text.length,
      quote: -1,
      capitalized: /^\p{Lu}/u.test(text),
      possessive,
      punctuation: !/[\p{L}\p{N}]/u.test(text),
    });
  }
  return tokens;
}
