import { foldText, nlp } from '../index/index.js';
import type { QuestionShape } from './question.js';

/**
 * The kind of thing a question asks for, read from its wording alone ("who" → a person, "how long"
 * → a duration). An answering sentence should hold a thing of that kind that the question does not
 * already name (a sentence that only restates the question echoes it without answering).
 */
export type ExpectedAnswer =
  | 'person'
  | 'place'
  | 'organisation'
  | 'date'
  | 'number'
  | 'duration'
  | 'name'
  | 'reason'
  | 'yes-no'
  | 'statement'
  | 'other';

const PERSON_NOUNS =
  'person|people|official|leader|minister|spokesman|spokeswoman|spokesperson|president|man|woman|men|women|aide|diplomat|player|king|queen|emperor|ruler|author|writer|scientist|general|commander|chief|head|director|member|members|founder|politician|judge|mayor|governor|candidate|envoy|ambassador|journalist|reporter|actor|artist|composer|architect|engineer|inventor|physician|doctor|priest|bishop|pope|prince|princess|duke|son|daughter|wife|husband|father|mother';
const PLACE_NOUNS =
  'city|country|countries|place|town|village|venue|location|capital|region|site|state|province|island|river|continent|area|port|district|territory|nation|street|building|county|border|sea|ocean|mountain';
const ORGANISATION_NOUNS =
  'company|companies|organisation|organization|party|group|team|agency|firm|bank|union|institution|university|school|body|government|network|alliance|newspaper|outlet|court|club|army|committee|council|ministry|department';
const DATE_NOUNS = 'year|years|day|date|month|time|week|weekday|century|centuries|decade|era|period|season|age';
const NUMBER_NOUNS = 'number|amount|percentage|percent|share|proportion|price|cost|rate|size|population|total|sum|figure';

const WH_OBJECT = (nouns: string): RegExp =>
  new RegExp(`^(?:(?:in|on|at|by|to|from|of|during|for|until|since|with) )?(?:what|which)(?: [\\w'-]+){0,2}? (?:${nouns})\\b`);

/** The kind of answer a question asks for, from its wording (see ExpectedAnswer). */
export function expectedAnswerOf(shape: QuestionShape): ExpectedAnswer {
  const lower = shape.text.toLowerCase().replace(/^(?:(?:and|so|but) )+/, '');
  if (shape.type === 'statement') return 'statement';
  if (shape.type === 'yes-no') return 'yes-no';
  if (/^(?:for )?how long\b/.test(lower)) return 'duration';
  if (/^how (?:many|much|far|big|large|old|tall|wide|high|deep|often)\b/.test(lower) || WH_OBJECT(NUMBER_NOUNS).test(lower)) return 'number';
  if (shape.type === 'when' || WH_OBJECT(DATE_NOUNS).test(lower)) return 'date';
  if (/^(?:from )?where\b/.test(lower) || WH_OBJECT(PLACE_NOUNS).test(lower)) return 'place';
  if (/^(?:who|whom|whose)\b/.test(lower) || WH_OBJECT(PERSON_NOUNS).test(lower)) return 'person';
  if (WH_OBJECT(ORGANISATION_NOUNS).test(lower)) return 'organisation';
  if (/^why\b/.test(lower) || /^(?:for )?what (?:reason|cause|purpose)\b/.test(lower)) return 'reason';
  if (/^(?:what|which) (?:is|was|are|were) the (?:name|title)\b/.test(lower) || /^(?:what|which)\b/.test(lower)) return 'name';
  return 'other';
}

/** What a sentence holds that can answer a question, found once per sentence. */
export interface SentenceFacts {
  /** Folded words, in order. */
  words: string[];
  /** Names written with capitals (not the sentence's first word alone), folded. */
  names: string[];
  /** Names right after "in / at / from / near / to": likely places. */
  placeNames: string[];
  /** Names of two or more capitalised words: likely people or organisations. */
  fullNames: string[];
  /** Times and dates (wink DATE/TIME entities, years, months, weekdays, centuries), folded. */
  dates: string[];
  /** Amounts (wink CARDINAL/MONEY/PERCENT/QUANTITY/ORDINAL entities and digits), folded. */
  numbers: string[];
  /** Durations (wink DURATION entities, "three weeks", "since 2019"), folded. */
  durations: string[];
  /** Words that give a reason ("because", "due to", "in order to"). */
  givesReason: boolean;
  /** A quotation mark or a verb of saying. */
  quotesOrAttributes: boolean;
}

const NAME = /(?<![\p{L}\p{N}])\p{Lu}[\p{L}\p{N}'’.-]*(?:\s+(?:(?:of|de|da|del|von|van|al|bin|the|and|for)\s+)?\p{Lu}[\p{L}\p{N}'’.-]*)*/gu;
const PLACE_CUE = /\b(?:in|at|from|near|to|into|across|throughout|outside|inside)\s+(?:the\s+)?$/i;
const MONTHS = 'january|february|march|april|may|june|july|august|september|october|november|december';
const DATE_WORDS = new RegExp(
  `\\b(?:(?:${MONTHS}|monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tomorrow)\\b|(?:1[0-9]|20)\\d{2}s?\\b|\\d+(?:st|nd|rd|th)[- ]century\\b|\\d{1,2}(?:st|nd|rd|th)? centuries\\b)`,
  'gi',
);
const CALENDAR_WORD = new RegExp(`^(?:${MONTHS}|monday|tuesday|wednesday|thursday|friday|saturday|sunday)$`, 'i');
const NUMBER_WORDS =
  'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|hundreds|thousand|thousands|million|millions|billion|billions|dozen|dozens|several|half|a few';
const DIGITS = /\b\d[\d,.]*(?:%| ?percent| ?per cent)?/gi;
const DURATION = new RegExp(
  `\\b(?:\\d[\\d,.]*|${NUMBER_WORDS}|a|an|several|many)[- ](?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centuries|century)\\b|\\b(?:since|until|for)\\s+(?:\\d{4}|${MONTHS})\\b`,
  'gi',
);
const REASON = /\b(?:because|due to|owing to|as a result|in order to|so that|reason|caused by|thanks to|in response to|aimed at|in protest)\b/i;
const QUOTE_OR_SAYING = /["“”]|\b(?:said|says|told|added|stated|noted|stressed|warned|insisted|argued|according to|announced|declared)\b/i;

/** Reads what a sentence holds: names, dates, amounts, durations, reasons, quotations. */
export function sentenceFactsOf(text: string): SentenceFacts {
  const words = foldText(text).split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
  const names: string[] = [];
  const placeNames: string[] = [];
  const fullNames: string[] = [];
  for (const match of text.matchAll(NAME)) {
    const at = match.index ?? 0;
    const value = match[0].replace(/[.’'-]+$/, '');
    const multiword = /\s/.test(value);
    // A lone capitalised first word is just the start of the sentence; a weekday or month is a time, not a name.
    if (at <= 1 && !multiword) continue;
    if (!multiword && CALENDAR_WORD.test(value)) continue;
    const folded = foldText(value);
    names.push(folded);
    if (multiword) fullNames.push(folded);
    if (PLACE_CUE.test(text.slice(Math.max(0, at - 14), at))) placeNames.push(folded);
  }
  const dates = [...text.matchAll(DATE_WORDS)].map((m) => foldText(m[0]));
  const numbers = [...text.matchAll(DIGITS)].map((m) => foldText(m[0])).filter((n) => !/^(?:1[0-9]|20)\d{2}$/.test(n));
  const durations = [...text.matchAll(DURATION)].map((m) => foldText(m[0]));
  const doc = nlp().readDoc(text);
  const entities = doc.entities().out(nlp().its.detail) as unknown as { value: string; type: string }[];
  for (const { value, type } of entities) {
    const folded = foldText(value);
    if (type === 'DATE' || type === 'TIME') dates.push(folded);
    else if (type === 'DURATION') durations.push(folded);
    else if (type === 'CARDINAL' || type === 'MONEY' || type === 'PERCENT' || type === 'QUANTITY' || type === 'ORDINAL') numbers.push(folded);
  }
  return {
    words,
    names,
    placeNames,
    fullNames,
    dates,
    numbers,
    durations,
    givesReason: REASON.test(text),
    quotesOrAttributes: QUOTE_OR_SAYING.test(text),
  };
}

/** Whether some of a thing's words are not among the question's: the question does not already name it. */
function isNovel(value: string, questionWords: ReadonlySet<string>): boolean {
  const words = value.split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '' && w !== 'the' && w !== 'of');
  return words.some((w) => !questionWords.has(w));
}

/**
 * Whether a sentence holds a thing of the expected kind that the question does not already name
 * (echo avoidance): "Who leads the union?" is not answered by "The union's leader spoke on Monday".
 */
export function holdsNovelAnswer(facts: SentenceFacts, expected: ExpectedAnswer, questionWords: ReadonlySet<string>): boolean {
  const novel = (values: readonly string[]): boolean => values.some((v) => isNovel(v, questionWords));
  switch (expected) {
    case 'person':
      return novel(facts.fullNames) || novel(facts.names);
    case 'place':
      return novel(facts.placeNames) || novel(facts.names);
    case 'organisation':
    case 'name':
      return novel(facts.names);
    case 'date':
      return novel(facts.dates);
    case 'number':
      return novel(facts.numbers) || novel(facts.durations);
    case 'duration':
      return novel(facts.durations) || novel(facts.dates);
    case 'reason':
      return facts.givesReason;
    case 'statement':
      return facts.quotesOrAttributes;
    default:
      return false;
  }
}

const COUNT_WORD =
  /\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|dozens?|several|few|half|second|third|fourth|fifth|twice|once|double|doubled|tripled)\b/i;
const YEAR_OR_DAY_OF_MONTH = new RegExp(
  `\\b(?:(?:${MONTHS}|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\\.?\\s+\\d{1,2}(?:,\\s*\\d{4})?|\\d{1,2}\\s+(?:${MONTHS})|(?:19|20)\\d{2}s?)\\b`,
  'gi',
);

/**
 * How many words apart an amount and a word of the question may be and still be about the same
 * thing: about the span of a noun phrase with its number ("9,500 members of the union").
 */
const COUNT_WINDOW = 4;

/**
 * Whether a passage states an amount of what a "how many / how much" question asks about: a number
 * (not a year or a day of a month) or a counting word (not the "one of" of a description) within a
 * few words of one of the question's words ("9,500 members of the union", "talks in three years").
 */
export function holdsCount(text: string, questionWords: readonly string[]): boolean {
  const withoutDates = text.replace(YEAR_OR_DAY_OF_MONTH, ' _ ').replace(/\bone of\b/gi, ' _ ');
  const words = foldText(withoutDates).split(/[^\p{L}\p{N}.,%$]+/u).filter((w) => w !== '');
  // Five letters: a crude stem that lets "prisoner" meet "prisoners" without an analyzer.
  const stemsOf = (word: string): string => word.replace(/[.,]+$/, '').slice(0, 5);
  const asked = new Set(questionWords.map((w) => stemsOf(foldText(w))).filter((w) => w.length >= 3));
  return words.some((word, i) => {
    if (!/\d/.test(word) && !COUNT_WORD.test(word)) return false;
    for (let j = Math.max(0, i - COUNT_WINDOW); j <= Math.min(words.length - 1, i + COUNT_WINDOW); j++) {
      if (j !== i && asked.has(stemsOf(words[j]!))) return true;
    }
    return false;
  });
}
