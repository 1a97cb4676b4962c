import { describe, expect, it } from 'vitest';
import { countWords, normalizeText, unwrapMarkdownInline } from '../../../src/core/ingest/normalize.js';

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
