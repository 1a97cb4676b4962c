import { describe, expect, it } from 'vitest';
import { foldText, QUOTE_CLOSE, QUOTE_OPEN, tokenize } from '../../../src/core/statements/text.js';

describe('foldText', () => {
  it('lowercases and collapses whitespace, for ASCII and non-ASCII text alike', () => {
    expect(foldText('  Dmitry   PESKOV\n')).toBe('dmitry peskov');
    expect(foldText('  Renée\tDUPRÉ  ')).toBe('renee dupre');
  });

  it('gives one form to quote and dash styles and diacritics, as the index does', () => {
    expect(foldText('Russia’s')).toBe(foldText("Russia's"));
    expect(foldText('Zelenskyy – Kyiv')).toBe(foldText('Zelenskyy - Kyiv'));
    expect(foldText('Šoigu')).toBe('soigu');
  });

  it('returns an empty string for empty and whitespace-only input', () => {
    expect(foldText('')).toBe('');
    expect(foldText(' \u00A0\t ')).toBe('');
  });
});

describe('tokenize', () => {
  const texts = (frame: string) => tokenize(frame).map((t) => t.text);

  it('keeps inner hyphens, apostrophes, initialisms, middle initials and titles as one token', () => {
    expect(texts('The U.S. ceasefire isn’t a 30-day one, Donald K. McIvor and Gen. Smith said.')).toEqual([
      'The', 'U.S.', 'ceasefire', 'isn’t', 'a', '30-day', 'one', ',', 'Donald', 'K.', 'McIvor', 'and', 'Gen.', 'Smith', 'said', '.',
    ]);
  });

  it('marks capitalised words, punctuation and possessives, and folds the possessive away', () => {
    const [russia, talks, comma] = tokenize('Russia’s talks,');
    expect(russia).toMatchObject({ text: 'Russia’s', word: 'russia', possessive: true, capitalized: true, punctuation: false, quote: -1 });
    expect(talks).toMatchObject({ word: 'talks', possessive: false, capitalized: false });
    expect(comma).toMatchObject({ text: ',', punctuation: true });
  });

  it('reads a quotation placeholder as one token carrying its number', () => {
    const tokens = tokenize(`${QUOTE_OPEN}12${QUOTE_CLOSE}, Peskov said`);
    expect(tokens[0]).toMatchObject({ quote: 12, word: '', capitalized: false, punctuation: false, start: 0, end: 4 });
    expect(tokens.slice(1).map((t) => t.word)).toEqual([',', 'peskov', 'said']);
  });

  it('gives offsets in the frame, shifted by the offset given', () => {
    const frame = 'He said  “yes”.';
    for (const token of tokenize(frame, 100)) expect(frame.slice(token.start - 100, token.end - 100)).toBe(token.text);
  });

  it('returns no tokens for empty input and reads odd scripts as words', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize('  ')).toEqual([]);
    expect(tokenize('Песков заявил 李雷').map((t) => t.text)).toEqual(['Песков', 'заявил', '李雷']);
    expect(tokenize('Песков')[0]).toMatchObject({ capitalized: true, word: foldText('Песков') });
  });
});
