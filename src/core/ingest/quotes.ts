/**
 * Repairs of quotations that page exports break: an opening mark lost with a link or a drop cap,
 * and a quotation whose attribution was pushed into the next paragraph.
 */

const OPEN = '“';
const CLOSE = '”';

/**
 * Adds the opening mark to a paragraph whose first curly double quote closes a quotation
 * (`Putin is ready…,” he told reporters.` → `“Putin is ready…,” he told reporters.`). With straight
 * quotes the same is done when the first `"` is clearly a closing one (after punctuation, before a
 * space) and the paragraph has an odd number of them.
 */
export function repairOpeningQuote(paragraph: string): string {
  const firstOpen = paragraph.indexOf(OPEN);
  const firstClose = paragraph.indexOf(CLOSE);
  if (firstClose >= 0 && (firstOpen < 0 || firstClose < firstOpen)) {
    return OPEN + paragraph;
  }
  if (firstOpen < 0 && firstClose < 0 && !paragraph.startsWith('"')) {
    const straight = [...paragraph.matchAll(/"/g)];
    const first = straight[0];
    if (straight.length % 2 === 1 && first?.index !== undefined) {
      const before = paragraph[first.index - 1] ?? '';
      const after = paragraph[first.index + 1] ?? '';
      if (/[,.!?…]/.test(before) && (after === '' || after === ' ')) return '"' + paragraph;
    }
  }
  return paragraph;
}

/**
 * Joins paragraphs that the page split in the middle of a sentence: a paragraph ending in a comma
 * (a quotation `"…resolution,"` whose attribution `Peskov said, …` follows) continues in the next
 * one. The words are kept; only the paragraph break becomes a space.
 */
export function joinBrokenParagraphs(paragraphs: string[]): string[] {
  const joined: string[] = [];
  for (const paragraph of paragraphs) {
    const previous = joined.at(-1);
    if (previous !== undefined && /[,;]["”’]?$/.test(previous) && /^[\p{L}\p{N}"“'‘]/u.test(paragraph)) {
      joined[joined.length - 1] = `${previous} ${paragraph}`;
    } else {
      joined.push(paragraph);
    }
  }
  return joined;
}
