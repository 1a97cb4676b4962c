import { describe, expect, it } from 'vitest';
import { comparableText, countWords, normalizeText, sameText, unwrapMarkdownInline } from '../../../src/core/ingest/normalize.js';

describe('text normalization', () => {
  it('turns odd spaces into spaces, drops invisible characters and keeps curly quotes', () => {
    expect(normalizeText('a\u00A0b\u200Bc \u201Cq\u201D\r\nnext\u2028line')).toBe('a bc “q”\nnext\nline');
  });

  it('unwraps markdown links, images and emphasis', () => {
    expect(unwrapMarkdownInline('The Kremlin [repeated](#) the **call** for _direct_ talks ![x](y.png)')).toBe(
      'The Kremlin repeated the call for direct talks',
    );
    expect(unwrapMarkdownInline('snake_case_name stays')).toBe('snake_case_name stays');
  });

  it('counts words with abbreviations and hyphenated words as one', () => {
    expect(countWords('The U.S. proposal for a 30-day ceasefire isn’t new.')).toBe(9);
  });
});

describe('comparing lines', () => {
  it('comparableText keeps folded letters and digits only', () => {
    expect(comparableText('  Kremlin: “No plans” — yet!  ')).toBe('kremlin no plans yet');
    expect(comparableText('Café Zürich 2025')).toBe('cafe zurich 2025');
    expect(comparableText('')).toBe('');
    expect(comparableText('“—…”')).toBe('');
  });

  it('sameText matches a repeated headline up to case, punctuation and accents, and not different lines', () => {
    expect(sameText('Kremlin says no plans yet for Putin-Trump call', 'KREMLIN SAYS NO PLANS YET FOR PUTIN TRUMP CALL.')).toBe(true);
    expect(sameText('Café owners welcome the ferry', 'Cafe owners welcome the ferry')).toBe(true);
    expect(sameText('Kremlin says no plans yet', 'Kremlin says no plans yet for a call with the US president this week')).toBe(false);
    expect(sameText('', '')).toBe(true);
  });

  it('countWords counts nothing in empty, space-only and punctuation-only text', () => {
    expect(countWords('')).toBe(0);
    expect(countWords('   ')).toBe(0);
    expect(countWords('— … !')).toBe(0);
    expect(countWords('Песков заявил 李雷')).toBe(3);
  });
});
