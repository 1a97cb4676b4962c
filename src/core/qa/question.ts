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
  /** For "what did X say about Y": X as written, else null. */
  speaker: string | null;
  /** For "what did X say about Y": Y as written, else null. */
  topic: string | null;
}

/** Verbs of saying: in a question they frame the answer ("what did X say") more than they name it. */
export const SAYING_WORDS = new Set([
  'say', 'said', 'says', 'saying', 'tell', 'told', 'tells', 'state', 'stated', 'states', 'comment', 'commented',
  'remark', 'remarked', 'claim', 'claimed', 'claims', 'think', 'thinks', 'thought', 'according', 'mention',
  'mentioned', 'describe', 'described', 'call', 'called', 'respond', 'responded', 'react', 'reacted', 'view', 'views',
  'position', 'stance', 'happen', 'happened', 'mean', 'means', 'report', 'reported', 'reports', 'reportedly',
]);

const AUXILIARIES =
  'is|are|was|were|did|does|do|has|have|had|can|could|will|would|should|may|might|must|shall';

const LEADING_FILLER = /^(?:(?:and|so|but|also|ok|okay|well|then|now|hm+|please)\b[\s,]*)+/i;

/** Reads the type and the parts of a question from its wording. */
export function shapeQuestion(question: string): QuestionShape {
  const text = question.replace(LEADING_FILLER, '').replace(/[\s?!.]+$/u, '').trim() || question.trim();
  const lower = text.toLowerCase();
  const answerTypeWords = new Set<string>();
  const typeNoun = new RegExp(`^(?:\\w+ )?(?:which|what)(?: kind of| type of| sort of)? ([a-z-]+)`).exec(lower);
  if (typeNoun && !new RegExp(`^(?:${AUXILIARIES})$`).test(typeNoun[1]!)) answerTypeWords.add(typeNoun[1]!);
  const howNoun = /^how (many|much|long|soon|often|far|big|large) ([a-z-]+)?/.exec(lower);
  if (howNoun?.[1]) answerTypeWords.add(howNoun[1]);

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

  return { type: typeOf(lower, speaker !== null), text, answerTypeWords, speaker, topic };
}

function typeOf(lower: string, statement: boolean): QuestionType {
  if (/^how (many|much)\b/.test(lower) || /^(?:\w+ )?what (number|amount|percentage|share|proportion)\b/.test(lower)) {
    return 'how-many';
  }
  if (/^(since |until )?when\b/.test(lower) || /^(?:(?:on|in|by|at|until|since) )?(what|which) (day|date|year|month|time|week|weekday)\b/.test(lower)) {
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
