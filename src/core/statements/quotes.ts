import { countWords } from '../ingest/normalize.js';
import { QUOTE_CLOSE, QUOTE_OPEN } from './text.js';

/**
 * A quotation inside one paragraph. `opened` is false when the opening mark was lost (the quotation
 * then starts at the paragraph start or after the previous quotation); `closed` is false when the
 * paragraph ends inside it (a quotation running on into the next paragraph, or a lost closing mark).
 */
export interface QuoteSpan {
  /** Offsets in the paragraph, marks included. */
  start: number;
  end: number;
  /** Offsets of the quoted words, marks excluded. */
  innerStart: number;
  innerEnd: number;
  opened: boolean;
  closed: boolean;
}

type OpenKind = 'curly' | 'low' | 'guillemet' | 'straight' | 'single' | 'straight-single';

const isSpace = (c: string) => c === '' || /\s/.test(c);
/** A mark opens a quotation after a space or bracket and before a word. */
const opensHere = (prev: string, next: string) => (isSpace(prev) || /[([{—–\-/]/.test(prev)) && !isSpace(next);
/** A mark closes a quotation after a word or punctuation and before a space or punctuation. */
const closesHere = (prev: string, next: string) => !isSpace(prev) && (isSpace(next) || /[.,;:!?)\]—–\-]/.test(next));

/**
 * Finds the quotations of a paragraph in any mark style: “curly”, "straight", «guillemets»,
 * „low“, ‘single curly’ (told apart from apostrophes by what surrounds them), and a closing double
 * mark whose opening was lost (spanning the whole paragraph only when `continuing`: the
 * previous paragraph ended inside a quotation). Nested quotations stay inside the outer one.
 */
export function findQuoteSpans(text: string, continuing = true): QuoteSpan[] {
  const spans: QuoteSpan[] = [];
  let open: { pos: number; kind: OpenKind } | null = null;
  let lastEnd = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const prev = text[i - 1] ?? '';
    const next = text[i + 1] ?? '';
    if (open === null) {
      if (c === '“' || c === '„' || c === '«') {
        open = { pos: i, kind: c === '“' ? 'curly' : c === '„' ? 'low' : 'guillemet' };
      } else if (c === '‘' && opensHere(prev, next)) {
        open = { pos: i, kind: 'single' };
      } else if (c === '"' && opensHere(prev, next)) {
        open = { pos: i, kind: 'straight' };
      } else if (c === "'" && (prev === '' || prev === ' ') && /\p{Lu}/u.test(next)) {
        // 'Straight single' quotation marks: only a capitalised opening, closed right after punctuation.
        open = { pos: i, kind: 'straight-single' };
      } else if (c === '”' || c === '»' || (c === '"' && closesHere(prev, next))) {
        // A closing double mark with nothing open: the opening mark was lost.
        let start = lastEnd;
        while (start < i && /[\s,.;:]/.test(text[start]!)) start++;
        // From the paragraph's start to its very end, only when the previous paragraph left a
        // quotation open (`continuing`): else the mark is a stray one ("But Mizrahi said that…bpd."").
        if (countWords(text.slice(start, i)) >= 2 && (continuing || lastEnd > 0 || text.slice(i + 1).trim() !== '')) {
          spans.push({ start, end: i + 1, innerStart: start, innerEnd: i, opened: false, closed: true });
        }
        lastEnd = i + 1;
      }
      continue;
    }
    const closes =
      open.kind === 'curly' || open.kind === 'low'
        ? c === '”' || (c === '"' && closesHere(prev, next)) || (open.kind === 'low' && c === '“')
        : open.kind === 'guillemet'
          ? c === '»'
          : open.kind === 'straight'
            ? c === '"' && (!isSpace(prev) || isSpace(next)) && i > open.pos + 1 // a doubled mark (`""it…`) opens once; a lone mark between spaces closes (`slack, " Mauro said`)
            : open.kind === 'straight-single'
              ? c === "'" && /[.,!?]/.test(prev) && (isSpace(next) || /[.,;:)]/.test(next))
              : c === '’' && closesHere(prev, next);
    if (closes) {
      const innerStart = open.kind === 'straight' && text[open.pos + 1] === '"' ? open.pos + 2 : open.pos + 1;
      spans.push({ start: open.pos, end: i + 1, innerStart, innerEnd: i, opened: true, closed: true });
      open = null;
      lastEnd = i + 1;
    }
  }
  // An unclosed straight single mark was an apostrophe after all.
  if (open !== null && open.kind !== 'straight-single') {
    spans.push({ start: open.pos, end: text.length, innerStart: open.pos + 1, innerEnd: text.length, opened: true, closed: false });
  }
  return spans;
}

/** A paragraph with its quotations replaced by placeholders, so sentence and clause rules never look inside them. */
export interface Frame {
  text: string;
  /** Placeholder positions in the frame and the quotation positions they stand for in the paragraph. */
  places: { frameStart: number; frameEnd: number; textStart: number; textEnd: number; quote: number }[];
}

/** Replaces each span with QUOTE_OPEN + (firstQuoteId + k) + QUOTE_CLOSE. */
export function buildFrame(text: string, spans: readonly QuoteSpan[], firstQuoteId: number): Frame {
  let frame = '';
  let at = 0;
  const places: Frame['places'] = [];
  spans.forEach((span, k) => {
    frame += text.slice(at, span.start);
    const placeholder = `${QUOTE_OPEN}${firstQuoteId + k}${QUOTE_CLOSE}`;
    places.push({ frameStart: frame.length, frameEnd: frame.length + placeholder.length, textStart: span.start, textEnd: span.end, quote: firstQuoteId + k });
    frame += placeholder;
    at = span.end;
  });
  frame += text.slice(at);
  return { text: frame, places };
}

/** Maps an offset of the frame (at a token boundary) to the paragraph text. */
export function frameToText(frame: Frame, offset: number): number {
  let delta = 0;
  for (const place of frame.places) {
    if (place.frameEnd <= offset) delta = place.textEnd - place.frameEnd;
    else break;
  }
  return offset + delta;
}

const ABBREVIATIONS = new Set(
  'mr mrs ms dr gen sen rep gov lt col maj sgt capt prof jr sr st no vs jan feb mar apr jun jul aug sep sept oct nov dec inc corp co ltd est approx dept'.split(' '),
);

/**
 * Splits a frame into sentences ([start, end) offsets). A sentence ends at . ! ? or … before a
 * capital, a digit or a quotation, but not after an initial or a common abbreviation; a
 * quotation that itself ends a sentence ("…see me.” “Every day…”) ends the frame's sentence too.
 */
export function splitSentences(
  frame: string,
  quoteEndsSentence: (quote: number) => boolean,
  startsSentence: (word: string) => boolean,
): [number, number][] {
  const sentences: [number, number][] = [];
  const boundary = /([.!?…]+)|\uE000(\d+)\uE001/g;
  let start = 0;
  for (const match of frame.matchAll(boundary)) {
    const end = match.index + match[0].length;
    const rest = frame.slice(end);
    const after = /^[)\]"”’»]*(\s+)(?=[\p{Lu}\p{N}\uE000“"‘«(])/u.exec(rest);
    if (!after) continue;
    if (match[2] !== undefined) {
      if (!quoteEndsSentence(Number(match[2]))) continue;
    } else if (match[1] === '.' || match[1] === '…') {
      const word = /(\S+)$/.exec(frame.slice(start, match.index))?.[1] ?? '';
      const bare = word.replace(/^[("“‘]+/, '').toLowerCase();
      const nextWord = /^\S+/.exec(rest.slice(after[0].length))?.[0] ?? '';
      // (A quotation opening after "First Boston Corp." starts a new sentence.)
      if ((/^\p{L}$/u.test(bare) || ABBREVIATIONS.has(bare)) && !/^[\uE000“"]/.test(rest.slice(after[0].length))) continue;
      // "the U.S. Trump is…" ends a sentence; "U.S. President Donald Trump" does not.
      if (/^(\p{L}\.)+\p{L}$/u.test(bare) && !startsSentence(nextWord)) continue;
    }
    const cut = end + after[0].length - after[1]!.length;
    if (frame.slice(start, cut).trim()) sentences.push([start, cut]);
    start = end + after[0].length;
  }
  if (frame.slice(start).trim()) sentences.push([start, frame.length]);
  return sentences;
}
