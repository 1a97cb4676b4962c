import { describe, expect, it } from 'vitest';
import { joinBrokenParagraphs, repairOpeningQuote } from '../../../src/core/ingest/quotes.js';

describe('quotations', () => {
  it('adds an opening curly quote when the first one in a paragraph closes', () => {
    expect(repairOpeningQuote('Putin is ready, we are waiting for signals,” he told reporters.')).toBe(
      '“Putin is ready, we are waiting for signals,” he told reporters.',
    );
  });

  it('adds an opening straight quote when the first of an odd number clearly closes', () => {
    expect(repairOpeningQuote('We will not accept it," the minister said.')).toBe('"We will not accept it," the minister said.');
  });

  it('leaves balanced quotations alone', () => {
    const text = 'He said the Kremlin “is, of course, not satisfied” with the plan.';
    expect(repairOpeningQuote(text)).toBe(text);
    expect(repairOpeningQuote('The 12-inch "screen" was fine.')).toBe('The 12-inch "screen" was fine.');
  });

  it('joins a quotation ending in a comma with the attribution in the next paragraph', () => {
    expect(joinBrokenParagraphs(['"We remain committed,"', 'Peskov said.', 'Next paragraph.'])).toEqual([
      '"We remain committed," Peskov said.',
      'Next paragraph.',
    ]);
  });
});
