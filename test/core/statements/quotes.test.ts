import { describe, expect, it } from 'vitest';
import { buildFrame, findQuoteSpans, frameToText, splitSentences } from '../../../src/core/statements/quotes.js';
import { QUOTE_CLOSE, QUOTE_OPEN } from '../../../src/core/statements/text.js';

const quoted = (text: string, continuing = true) => findQuoteSpans(text, continuing).map((s) => text.slice(s.innerStart, s.innerEnd));

describe('findQuoteSpans', () => {
  it('finds quotations in every mark style', () => {
    expect(quoted('He said “we are ready” and left.')).toEqual(['we are ready']);
    expect(quoted('He said "we are ready" and left.')).toEqual(['we are ready']);
    expect(quoted('Er sagte „wir sind bereit“ und ging.')).toEqual(['wir sind bereit']);
    expect(quoted('Il a dit «nous sommes prêts» et il est parti.')).toEqual(['nous sommes prêts']);
    expect(quoted('He called it ‘a good start’, officials said.')).toEqual(['a good start']);
    expect(quoted("He said 'We are ready.' and left.")).toEqual(['We are ready.']);
  });

  it('tells apostrophes from single quotation marks', () => {
    expect(quoted('Russia’s envoy said the talks’ outcome was open.')).toEqual([]);
    expect(quoted("The minister's aide didn't comment.")).toEqual([]);
  });

  it('keeps a nested quotation inside the outer one', () => {
    const spans = findQuoteSpans('He said “they called it ‘a farce’ at once” on Monday.');
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ opened: true, closed: true });
  });

  it('marks a quotation running on past the paragraph end as not closed', () => {
    const text = '“We will continue the talks next week';
    expect(findQuoteSpans(text)).toEqual([{ start: 0, end: text.length, innerStart: 1, innerEnd: text.length, opened: true, closed: false }]);
  });

  it('recovers a quotation whose opening mark was lost, spanning a whole paragraph only after one left open', () => {
    const text = 'and that is why we will not sign it,” he said.';
    const mark = text.indexOf('”');
    expect(findQuoteSpans(text, false)).toEqual([{ start: 0, end: mark + 1, innerStart: 0, innerEnd: mark, opened: false, closed: true }]);
    // A closing mark at the very end of a paragraph spans it all only when a quotation was left open before.
    const whole = 'output fell to 300,000 bpd in May."';
    expect(quoted(whole, true)).toEqual(['output fell to 300,000 bpd in May.']);
    expect(findQuoteSpans(whole, false)).toEqual([]);
  });

  it('returns nothing for text without marks, and for empty text', () => {
    expect(findQuoteSpans('')).toEqual([]);
    expect(findQuoteSpans('No quotation here at all.')).toEqual([]);
  });
});

describe('frames', () => {
  const text = 'Peskov said “talks go on” and “no date is set” today.';
  const spans = findQuoteSpans(text);
  const frame = buildFrame(text, spans, 7);

  it('replace each quotation by a numbered placeholder', () => {
    expect(frame.text).toBe(`Peskov said ${QUOTE_OPEN}7${QUOTE_CLOSE} and ${QUOTE_OPEN}8${QUOTE_CLOSE} today.`);
    expect(frame.places.map((p) => [p.quote, text.slice(p.textStart, p.textEnd)])).toEqual([
      [7, '“talks go on”'],
      [8, '“no date is set”'],
    ]);
  });

  it('map frame offsets back to the paragraph, before, between and after the placeholders', () => {
    for (const word of ['Peskov', 'and', 'today']) {
      expect(frameToText(frame, frame.text.indexOf(word))).toBe(text.indexOf(word));
    }
  });

  it('leave a paragraph without quotations as it is', () => {
    expect(buildFrame('Plain text.', [], 0)).toEqual({ text: 'Plain text.', places: [] });
    expect(frameToText(buildFrame('Plain text.', [], 0), 6)).toBe(6);
  });
});

describe('splitSentences', () => {
  const split = (frame: string, quoteEnds: (quote: number) => boolean = () => false, starts: (word: string) => boolean = () => false) => splitSentences(frame, quoteEnds, starts).map(([a, b]) => frame.slice(a, b));

  it('ends a sentence at . ! ? or … before a capital or a digit', () => {
    expect(split('Talks resumed. Was it enough? 40 people came! Then… Nothing.')).toEqual(['Talks resumed.', 'Was it enough?', '40 people came!', 'Then…', 'Nothing.']);
  });

  it('does not end a sentence after an initial or a common abbreviation', () => {
    expect(split('Donald K. McIvor met Gen. Smith and Mr. Jones on Jan. 5. They spoke.')).toEqual(['Donald K. McIvor met Gen. Smith and Mr. Jones on Jan. 5.', 'They spoke.']);
  });

  it('ends a sentence after an initialism only when the next word starts one', () => {
    expect(split('He met U.S. President Donald Trump.')).toEqual(['He met U.S. President Donald Trump.']);
    expect(split('He left the U.S. Trump stayed.', () => false, (w) => w === 'Trump')).toEqual(['He left the U.S.', 'Trump stayed.']);
  });

  it('ends a sentence at a quotation only when that quotation ends one', () => {
    const frame = `He said ${QUOTE_OPEN}0${QUOTE_CLOSE} Officials agreed.`;
    expect(split(frame, () => false)).toHaveLength(1);
    expect(split(frame, (q) => q === 0)).toEqual([`He said ${QUOTE_OPEN}0${QUOTE_CLOSE}`, 'Officials agreed.']);
  });

  it('returns no sentence for empty or blank frames', () => {
    expect(split('')).toEqual([]);
    expect(split('   ')).toEqual([]);
  });
});
