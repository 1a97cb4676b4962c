import type { Passage } from './types.js';
import { createWink } from './wink.js';

/**
 * Sentence passages of an article body. wink-nlp's sentence boundary detection knows English
 * abbreviations ("U.S.", "Mr.") and quotations; only its sentence step runs, which keeps
 * splitting a large corpus fast.
 */

/** Splits several paragraphs at once; returns each paragraph's sentences, in order. */
type SentenceSplitter = (paragraphs: readonly string[]) => string[][];

let splitter: SentenceSplitter | undefined;

/** The shared wink-nlp instance, created on first use (loading the model takes a moment). */
function sentenceSplitter(): SentenceSplitter {
  if (!splitter) {
    const nlp = createWink(['sbd']);
    const split = (text: string): string[] => nlp.readDoc(text).sentences().out();
    splitter = (paragraphs) => splitParagraphs(paragraphs, split);
  }
  return splitter;
}

/**
 * Sentences of each paragraph. One-sentence paragraphs skip the tagger; the others go through it
 * in one document (one call per article is markedly cheaper than one per paragraph; wink ends a
 * sentence at a blank line) and the sentences are mapped back to their paragraphs.
 */
function splitParagraphs(paragraphs: readonly string[], split: (text: string) => string[]): string[][] {
  const result = paragraphs.map((p) => (isOneSentence(p) ? [p] : []));
  const pending = paragraphs.flatMap((p, i) => (isOneSentence(p) ? [] : [i]));
  if (pending.length === 0) return result;
  const joined = pending.map((i) => paragraphs[i]!).join('\n\n');
  const starts: number[] = [];
  let offset = 0;
  for (const i of pending) {
    starts.push(offset);
    offset += paragraphs[i]!.length + 2;
  }
  let cursor = 0;
  for (const sentence of split(joined)) {
    const text = sentence.trim();
    if (text === '') continue;
    const at = joined.indexOf(text, cursor);
    if (at < 0) {
      // wink changed the text (spacing); fall back to one call per paragraph for this article.
      for (const i of pending) result[i] = split(paragraphs[i]!);
      return result;
    }
    cursor = at + text.length;
    // A sentence never spans paragraphs: cut it at each paragraph boundary it crosses.
    pending.forEach((i, k) => {
      const pStart = starts[k]!;
      const pEnd = pStart + paragraphs[i]!.length;
      const from = Math.max(at, pStart);
      const to = Math.min(cursor, pEnd);
      if (from < to) {
        const piece = joined.slice(from, to).trim();
        if (piece) result[i]!.push(piece);
      }
    });
  }
  return result;
}

/**
 * True when no sentence can end before the paragraph's end: no . ! ? … anywhere but in its final
 * punctuation or between two digits. Most paragraphs of news copy are one sentence, and this spares them the tagger.
 */
function isOneSentence(paragraph: string): boolean {
  // A decimal point ("3.5 mln") never ends a sentence: figures alone do not send a paragraph to the tagger.
  const body = paragraph.replace(/[.!?…]+["”’)\]]*$/, '').replace(/(?<=\d)\.(?=\d)/g, '');
  return !/[.!?…]/.test(body);
}

/** Joins paragraphs into the body text that passage offsets point into. */
export function joinBody(paragraphs: readonly string[]): string {
  return paragraphs.join('\n\n');
}

/**
 * Splits each paragraph into sentences. Offsets are into `joinBody(paragraphs)`, so
 * `body.slice(p.start, p.end) === p.text` for every passage.
 */
export function splitPassages(articleId: string, paragraphs: readonly string[]): Passage[] {
  const sentencesByParagraph = sentenceSplitter()(paragraphs);
  const passages: Passage[] = [];
  let paragraphStart = 0;
  paragraphs.forEach((paragraph, paragraphIndex) => {
    let cursor = 0;
    for (const sentence of sentencesByParagraph[paragraphIndex]!) {
      const text = sentence.trim();
      if (!/[\p{L}\p{N}]/u.test(text)) continue;
      let at = paragraph.indexOf(text, cursor);
      if (at < 0) {
        // wink returned the sentence with different spacing; fall back to its first word.
        at = paragraph.indexOf(text.split(' ')[0]!, cursor);
        if (at < 0) continue;
        const end = nextSentenceEnd(paragraph, at, text.length);
        pushPassage(passages, articleId, paragraphIndex, paragraph.slice(at, end).trim(), paragraphStart + at);
        cursor = end;
        continue;
      }
      pushPassage(passages, articleId, paragraphIndex, text, paragraphStart + at);
      cursor = at + text.length;
    }
    paragraphStart += paragraph.length + 2;
  });
  return passages;
}

/**
 * Points each passage's text into `body` when it is the body's text between the passage's offsets,
 * as `splitPassages` promises: the article's text is then held once (the body, plus a small view
 * per passage) rather than twice (the body and every sentence again, from the splitter's output).
 * A passage whose text differs from its offsets keeps its own. Returns the same array.
 */
export function shareBodyText(body: string, passages: Passage[]): Passage[] {
  for (const passage of passages) {
    const slice = body.slice(passage.start, passage.end);
    if (slice === passage.text) passage.text = slice;
  }
  return passages;
}

function nextSentenceEnd(paragraph: string, start: number, approximateLength: number): number {
  return Math.min(paragraph.length, start + approximateLength);
}

function pushPassage(passages: Passage[], articleId: string, paragraph: number, text: string, start: number): void {
  const index = passages.length;
  passages.push({ id: `${articleId}#${index}`, articleId, index, paragraph, text, start, end: start + text.length });
}
