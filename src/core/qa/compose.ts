import type { PassageIndex, SearchHit } from '../index/index.js';
import { foldText } from '../index/index.js';
import type { Article } from '../ingest/types.js';
import { holdsNovelAnswer } from './answer-type.js';
import { passageFacts, type QuestionContext } from './features.js';

/** Who wrote an article and where it appeared, as its metadata says (a missing byline is said, not guessed). */
export function bylineOf(article: Article): string {
  const title = `“${article.title}”`;
  if (article.outlet && article.author) return `${title} was published by ${article.outlet} and written by ${article.author}.`;
  if (article.outlet) return `${title} was published by ${article.outlet} and names no author.`;
  if (article.author) return `${title} was written by ${article.author}; it names no outlet.`;
  return `${title} names no outlet and no author.`;
}

/** Passage text as a reader should see it: markdown links and emphasis reduced to their words. */
export function cleanPassageText(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\*\*|__/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const ATTRIBUTION = /^(?:["“”'‘’]?\s*)?(?:[\p{Lu}][\p{L}.'-]*\s+){0,4}(?:said|says|added|told|noted|stressed|remarked|insisted)\b|^(?:he|she|they|it)\s+(?:said|added|told|noted)\b/u;
/** A sentence that opens with a pronoun leans on the sentence before it for who or what it means. */
const PRONOUN_START = /^(?:["“'‘]\s*)?(?:he|she|they|it|this|that|these|those)\b/i;
const REPORTED_SPEECH = /\b(?:said|says|added|told|noted|stressed|warned|insisted|argued)\b/i;
const OPENS_QUOTE = /^["“‘]/;

/**
 * The answering sentence with what it needs from its neighbours, cut to fit: the sentence a
 * pronoun refers back to, the attribution of a quotation, the direct quote that follows reported
 * speech, and, when the sentence lacks the kind of thing the question asks for (a time, an amount,
 * a place, a name), the neighbouring sentence of its paragraph that has it; and `companions`,
 * other sentences of the same article the scorer finds nearly as likely to hold the answer (the
 * answer often spans two sentences, and the scorer cannot always tell which one holds it). The
 * sentences keep the article's order; a gap between two of them is shown as "…".
 */
export function composeAnswer(
  index: PassageIndex,
  hit: SearchHit,
  context: QuestionContext,
  maxLength: number,
  companions: readonly number[] = [],
): string {
  const { shape } = context;
  const own = cleanPassageText(hit.passage.text);
  const sentenceAt = (ordinal: number): { text: string; paragraphGap: number; ordinal: number } | undefined => {
    const passage = index.passages[ordinal];
    if (!passage || passage.articleId !== hit.article.id) return undefined;
    return { text: cleanPassageText(passage.text), paragraphGap: Math.abs(passage.paragraph - hit.passage.paragraph), ordinal };
  };
  const previous = sentenceAt(hit.ordinal - 1);
  const next = sentenceAt(hit.ordinal + 1);
  const chosen = new Map<number, string>([[hit.ordinal, own]]);
  const has = (ordinal: number): boolean => chosen.has(ordinal);
  const length = (): number => [...chosen.values()].reduce((n, t) => n + t.length + 3, -3);
  const fits = (extra: string): boolean => length() + extra.length + 3 <= maxLength;
  const take = (sentence: { text: string; ordinal: number } | undefined): boolean => {
    if (!sentence || has(sentence.ordinal) || [...chosen.values()].includes(sentence.text) || !fits(sentence.text)) return false;
    chosen.set(sentence.ordinal, sentence.text);
    return true;
  };

  for (const ordinal of companions) take(sentenceAt(ordinal));

  const openQuote = /^["“'‘]/.test(own) && !ATTRIBUTION.test(own.replace(/^["“'‘]/, ''));
  if (next && next.paragraphGap <= 1 && !has(next.ordinal)) {
    const quoteWithSpeaker = openQuote && ATTRIBUTION.test(next.text);
    // Reported speech reads better with the speaker's own words, and they often hold the point.
    const speechWithQuote =
      OPENS_QUOTE.test(next.text) && !OPENS_QUOTE.test(own) && (shape.type === 'statement' || REPORTED_SPEECH.test(own));
    if (quoteWithSpeaker || speechWithQuote) take(next);
  }
  if (previous && previous.paragraphGap === 0 && PRONOUN_START.test(own)) take(previous);

  // A thing of the asked kind (a time, an amount, a place, a name) may sit in a neighbouring sentence.
  const holdsAsked = (ordinal: number): boolean => holdsNovelAnswer(passageFacts(index, ordinal), context.expected, context.words);
  const asked = ['date', 'number', 'duration', 'place', 'person'].includes(context.expected);
  if (asked && ![...chosen.keys()].some(holdsAsked)) {
    const keyIds = new Set(context.terms.filter((t) => t.key && t.term.id >= 0).flatMap((t) => [t.term.id, ...t.synonyms]));
    const sharesKey = (ordinal: number): boolean => index.passageTerms(ordinal).some((id) => keyIds.has(id));
    for (const neighbour of [next, previous]) {
      if (!neighbour || neighbour.paragraphGap !== 0 || has(neighbour.ordinal)) continue;
      if (!holdsAsked(neighbour.ordinal) || !sharesKey(neighbour.ordinal)) continue;
      if (take(neighbour)) break;
    }
  }
  const ordinals = [...chosen.keys()].sort((a, b) => a - b);
  const text = ordinals.map((o, i) => (i > 0 && o - ordinals[i - 1]! > 1 ? `… ${chosen.get(o)!}` : chosen.get(o)!)).join(' ');
  return fitLength(text, context.terms.map((t) => t.term.text), maxLength);
}

/** Cuts a long sentence down to the clauses that hold most of the question's terms. */
function fitLength(text: string, questionWords: readonly string[], maxLength: number): string {
  if (text.length <= maxLength) return text;
  const clauses = text.split(/(?<=[,;:—–])\s+/);
  const words = new Set(questionWords.map((w) => foldText(w)));
  const scoreOf = (clause: string): number =>
    foldText(clause)
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => words.has(w)).length;
  let bestIndex = 0;
  clauses.forEach((clause, i) => {
    if (scoreOf(clause) > scoreOf(clauses[bestIndex]!)) bestIndex = i;
  });
  let from = bestIndex;
  let to = bestIndex;
  let length = clauses[bestIndex]!.length;
  for (;;) {
    const after = clauses[to + 1];
    const before = clauses[from - 1];
    if (after !== undefined && length + after.length + 2 <= maxLength - 2) {
      to++;
      length += after.length + 1;
    } else if (before !== undefined && length + before.length + 2 <= maxLength - 2) {
      from--;
      length += before.length + 1;
    } else break;
  }
  let result = clauses.slice(from, to + 1).join(' ');
  let cut = to < clauses.length - 1;
  if (result.length > maxLength - 2) {
    result = result.slice(0, maxLength - 2).replace(/\s+\S*$/, '');
    cut = true;
  }
  return `${from > 0 ? '…' : ''}${result}${cut ? '…' : ''}`;
}
