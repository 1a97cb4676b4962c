import { describe, expect, it } from 'vitest';
import { joinBody, shareBodyText, splitPassages } from '../../../src/core/ingest/passages.js';

describe('sentence passages', () => {
  it('keeps a paragraph whose only inner periods are decimal points as one sentence', () => {
    // wink's splitter cuts "7.70s" after "7."; such a paragraph has no sentence end to find.
    const paragraphs = [
      'The unit will redeem the 7.70s of 1991 and the 8.35s of 1993.',
      'Total proceeds from the 21 mln shares were 195.3 mln dlrs.',
    ];
    const passages = splitPassages('a', paragraphs);
    expect(passages.map((p) => p.text)).toEqual(paragraphs);
    const body = joinBody(paragraphs);
    for (const p of passages) expect(body.slice(p.start, p.end)).toBe(p.text);
  });

  it('still splits a paragraph with a sentence end between its figures', () => {
    const passages = splitPassages('b', ['Output rose by 3.5 percent in May. Prices fell by 2.1 percent.']);
    expect(passages.map((p) => p.text)).toEqual(['Output rose by 3.5 percent in May.', 'Prices fell by 2.1 percent.']);
  });
});

describe('passage texts held in the body', () => {
  const body = joinBody(['Output rose by 3.5 percent in May.', 'Prices fell by 2.1 percent.']);

  it('leaves every text as it was when it is the body between its offsets', () => {
    const passages = splitPassages('c', ['Output rose by 3.5 percent in May.', 'Prices fell by 2.1 percent.']);
    const texts = passages.map((p) => p.text);
    expect(shareBodyText(body, passages)).toBe(passages);
    expect(passages.map((p) => p.text)).toEqual(texts);
    for (const p of passages) expect(p.text).toBe(body.slice(p.start, p.end));
  });

  it('keeps the own text of a passage whose offsets do not hold it', () => {
    const passage = { id: 'd#0', articleId: 'd', index: 0, paragraph: 0, text: 'Prices fell.', start: 0, end: 12 };
    shareBodyText(body, [passage]);
    expect(passage.text).toBe('Prices fell.');
  });
});
