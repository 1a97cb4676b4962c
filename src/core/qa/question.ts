import { nlp } from '../index/index.js';
import type { QuestionType } from './types.js';

/** What the wording of a question says about the answer it wants. */
export interface QuestionShape {
  type: QuestionType;
  /** The question without a leading "and"/"so"/"but" and without the closing punctuation. */
  text: string;
  /**
   * Lowercased words that name the kind of answer rather than its subject ("day" in "On which day…",
   * "role" in "What role…"); an answer need not repeat them.
   */
  answerTypeWords: Set<string>;
  /** "How many / how much" (not "how long"): the answer must state an amount. */
  asksForCount: boolean;
  /** "When…", "On which day…" (not "how soon"): the answer must name a time. */
  asksForTime: boolean;
  /**
   * "Who wrote / reported the story that…", "Which journalist wrote…": asks for an article's byline
   * (its author and outlet, which are metadata, not passages); the rest of the question finds the article.
   */
  asksForByline: boolean;
  /** For "what did X say about Y": X as written, else null. */
  speaker: string | null;
  /** For "what did X say about Y": Y as written, else null. */
  topic: string | null;
}

/** Verbs of saying: in a question they frame the answer ("what did X say") more than they name it. */
export const SAYING_WORDS = new Set([
  'say', 'said', 'says', 'saying', 'tell', 'told', 'tells', 'state', 'stated', 'states', 'comment', 'commented',
  'remark', 'remarked', 'claim', 'claimed', 'claims', 'think', 'thinks', 'thought', 'according', 'mention',
  'mentioned', 'respond', 'responded', 'react', 'reacted', 'view', 'views', 'stance', 'happen', 'happened', 'mean',
  'means', 'report', 'reported', 'reports', 'reportedly',
]);

const AUXILIARIES =
  'is|are|was|were|did|does|do|has|have|had|can|could|will|would|should|may|might|must|shall';

const DURATION_VERBS = new Set(['last', 'lasted', 'take', 'took', 'run', 'ran', 'go', 'went']);

const BYLINE_QUESTION = new RegExp(
  [
    '^who (?:wrote|authored|penned|filed)\\b',
    '^who (?:reported|published) (?:the|this|that) (?:story|article|report|piece)\\b',
    '^who (?:is|was) the (?:author|writer|reporter) of\\b',
    '^(?:which|what) (?:journalist|reporter|writer|author|correspondent|outlet|publication|newspaper)s? (?:wrote|reported|authored|filed|published)\\b',
  ].join('|'),
);
/** Words of a byline question that name the byline, not the article's subject. */
const BYLINE_WORDS = [
  'wrote', 'write', 'written', 'authored', 'penned', 'filed', 'published', 'story', 'article', 'piece', 'report',
  'journalist', 'reporter', 'writer', 'author', 'correspondent', 'outlet', 'publication', 'newspaper',
];

const LEADING_FILLER = /^(?:(?:and|so|but|also|ok|okay|well|then|now|hm+|please)\b[\s,]*)+/i;

/** Reads the type and the parts of a question from its wording. */
export function shapeQuestion(question: string): QuestionShape {
  const text = question.replace(LEADING_FILLER, '').replace(/[\s?!.]+$/u, '').trim() || question.trim();
  const lower = text.toLowerCase();
  const answerTypeWords = answerTypeWordsOf(text);

  let speaker: string | null = null;
  let topic: string | null = null;
  const statement = new RegExp(
    `^(?:what|how)\\s+(?:${AUXILIARIES})\\s+(.+?)\\s+(?:say|said|tell|told|state|think|comment|claim|remark|mean|add)\\b(?:\\s+(?:about|on|regarding|concerning|of|to)\\s+(.+))?`,
    'i',
  ).exec(text);
  if (statement && /^what/i.test(text)) {
    speaker = statement[1]!;
    topic = statement[2] ?? null;
  }

  const asksForByline = BYLINE_QUESTION.test(lower);
  if (asksForByline) for (const word of BYLINE_WORDS) answerTypeWords.add(word);
  const asksForCount = /^(?:(?:in|by|for|to|of) )?(?:how (?:many|much)|what (?:number|amount|percentage|share|proportion))\b/.test(lower);
  const type = typeOf(lower, speaker !== null);
  const asksForTime = type === 'when' && !/^how\b/.test(lower);
  return { type, text, answerTypeWords, asksForByline, asksForCount, asksForTime, speaker, topic };
}

/**
 * The noun a which/what question asks for ("deals" in "Which deals did…", "country" in "Which
 * Middle Eastern country…") and the word after "how" ("long", "soon"): found by part of speech.
 */
function answerTypeWordsOf(text: string): Set<string> {
  const words = new Set<string>();
  const doc = nlp().readDoc(text);
  const values = doc.tokens().out(nlp().its.value).map((v) => v.toLowerCase());
  const tags = doc.tokens().out(nlp().its.pos);
  const wh = values.findIndex((v, i) => i <= 2 && (v === 'which' || v === 'what' || v === 'how'));
  if (wh < 0) return words;
  if (values[wh] === 'how') {
    if (values[wh + 1]) words.add(values[wh + 1]!);
    // "How long did the strike last / take?": the closing verb asks for the duration too.
    const closing = values.filter((v) => /\p{L}/u.test(v)).at(-1);
    if (values[wh + 1] === 'long' && closing && DURATION_VERBS.has(closing)) words.add(closing);
    return words;
  }
  let i = wh + 1;
  // "What kind of status…": "kind of" frames the answer as much as the noun after it does.
  if (['kind', 'kinds', 'type', 'types', 'sort', 'sorts'].includes(values[i] ?? '') && values[i + 1] === 'of') {
    words.add(values[i]!);
    i += 2;
  }
  let last: string | undefined;
  for (; i < values.length; i++) {
    const tag = tags[i];
    if (tag === 'NOUN') last = values[i];
    else if (tag !== 'ADJ' && tag !== 'PROPN' && tag !== 'NUM' && tag !== 'PUNCT') break;
    if (values[i + 1] === "'s" || values[i + 1] === '’s') break;
  }
  if (last) words.add(last);
  return words;
}

function typeOf(lower: string, statement: boolean): QuestionType {
  lower = lower.replace(/^(?:for|in|on|at|by|since|until|to|from|of|with|along|after|before|under) (?=(?:how|what|which|when|where|who)\b)/, '');
  if (/^how (many|much|long|far|big|large|old|tall|wide|high|deep)\b/.test(lower) || /^(?:\w+ )?what (number|amount|percentage|share|proportion)\b/.test(lower)) {
    return 'how-many';
  }
  if (/^(since |until )?when\b/.test(lower) || /^how (soon|often)\b/.test(lower) || /^(?:(?:on|in|by|at|until|since) )?(what|which) (day|date|year|month|time|week|weekday)\b/.test(lower)) {
    return 'when';
  }
  if (/^(from )?where\b/.test(lower) || /^(?:(?:in|at|to|from) )?(what|which) (city|country|place|town|venue|location|capital|region|site)\b/.test(lower)) {
    return 'where';
  }
  if (statement) return 'statement';
  if (/^(who|whom|whose)\b/.test(lower) || /^(what|which) (person|official|leader|minister|spokesman|spokesperson|president|man|woman|people|aide|diplomat)\b/.test(lower)) {
    return 'who';
  }
  if (new RegExp(`^(?:${AUXILIARIES}|isn't|aren't|wasn't|didn't|doesn't|hasn't|haven't|won't|can't)\\b`).test(lower)) return 'yes-no';
  if (/^(what|which|how|why)\b/.test(lower)) return 'what';
  return 'other';
}

const PRONOUN = /\b(he|she|him|his|her|hers|they|them|their|it|its|that|this|those|these|there|then)\b/i;
const ELLIPTIC_START = /^\s*(?:and|what about|how about|and what about|what of|also)\b/i;

/**
 * Whether a question leans on the one before ("and what did he say about Istanbul?", "what about
 * Trump?"), and how much of the previous question it should borrow.
 */
export function followUpNeed(question: string, contentWordCount: number): 'none' | 'names' | 'context' {
  const elliptic = ELLIPTIC_START.test(question);
  if (elliptic && contentWordCount <= 2) return 'context';
  if (contentWordCount <= 1) return 'context';
  if (elliptic || PRONOUN.test(question.replace(/^\s*(?:what|which|who|how|when|where)\b/i, ''))) return 'names';
  return 'none';
}
