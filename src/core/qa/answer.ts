import type { Article, Passage } from '../ingest/types.js';
import { foldText, nlp, type AnalyzedQuery, type PassageIndex, type QueryTerm, type SearchHit } from '../index/index.js';
import type { Statement } from '../statements/types.js';
import { followUpNeed, SAYING_WORDS, shapeQuestion, type QuestionShape } from './question.js';
import type { Answer, AskOptions, Citation, QuestionType } from './types.js';
import { checkQuestion, MAX_QUESTION_LENGTH } from './validate.js';

/** Tunable parts of answering, each with a documented default. */
export interface AnsweringOptions {
  /**
   * Share of the question's weighted terms a passage (with its neighbours and headline) must cover
   * when it has every key term (default 0.45); each missing key raises the bar (see requiredCoverage).
   */
  minCoverage?: number;
  /** How many retrieved passages are weighed as answers (default 24). */
  candidates?: number;
  /** Longest answer text in characters (default 400). */
  maxAnswerLength?: number;
  /** Longest question in characters (default 1,000). */
  maxQuestionLength?: number;
}

export type AnswerQuestionOptions = AskOptions & AnsweringOptions & { statements?: readonly Statement[] };

const DEFAULTS = { minCoverage: 0.45, candidates: 24, maxAnswerLength: 400, maxQuestionLength: MAX_QUESTION_LENGTH };

export const NOT_IN_COVERAGE = 'The coverage does not say. None of the articles answers that question.';
const DEFAULT_CITATIONS = 3;

/** How much a question term's presence counts, by where the passage's context has it. */
const MATCH = { passage: 1, synonym: 0.75, neighbour: 0.6, headline: 0.75, nearby: 0.4, article: 0.25 } as const;

/** A question term with how much it matters for judging support. */
export interface WeightedTerm {
  term: QueryTerm;
  /** Weight of the term when a passage lacks it. */
  importance: number;
  /** Weight of the term when a passage has it (finding a word is stronger evidence than missing one). */
  presentImportance: number;
  /** A thing the question is about (noun, name, number): an answer's context must contain it. */
  key: boolean;
  /** Synonym term ids that stand in for it. */
  synonyms: number[];
}

export interface Candidate {
  hit: SearchHit;
  coverage: number;
  /** A name of the question that the passage's whole article never mentions. */
  missingName: boolean;
  /** Key terms of the question that neither the passage, its paragraph nor its headline has. */
  missingKeys: number;
  rank: number;
}

/**
 * Answers a question from the index: checks the input, reads the question's shape, retrieves
 * passages, weighs how well each supports an answer, and returns the best sentence with its
 * citations, or an honest "the coverage does not say" (confident: false). Never throws for any input.
 */
export function answerQuestion(index: PassageIndex, question: string, options: AnswerQuestionOptions = {}): Answer {
  const settings = { ...DEFAULTS, ...definedOnly(options) };
  const check = checkQuestion(question, settings.maxQuestionLength);
  if (!check.ok) {
    return { question, answer: check.message, confident: false, citations: [], type: 'other', error: check.message };
  }
  const limit = Math.max(1, Math.min(options.limit ?? DEFAULT_CITATIONS, 20));
  const offset = Math.max(0, Math.floor(options.offset ?? 0));
  const { shape, weighted, candidates } = weighCandidates(index, check.text, options, settings);
  const ranked = candidates.slice(offset);
  const best = ranked[0];
  if (!best || weighted.length === 0) {
    return { question, answer: NOT_IN_COVERAGE, confident: false, citations: [], type: shape.type };
  }
  const keyCount = weighted.filter((w) => w.key).length;
  const supports = (c: Candidate): boolean =>
    c.coverage >= requiredCoverage(settings.minCoverage, c.missingKeys, keyCount) &&
    !c.missingName &&
    c.missingKeys <= allowedMissingKeys(keyCount);
  // What is counted is a common noun ("seats", "troops"); a name near a number ("HOUSTON — Thousands") says nothing.
  const countedWords = weighted
    .filter((w) => !w.term.proper && !SAYING_WORDS.has(w.term.text.toLowerCase()))
    .map((w) => w.term.text);
  // The time or amount asked for may sit in a sentence the answer takes in from the paragraph.
  const answer = composeAnswer(index, best.hit, weighted, shape, settings.maxAnswerLength);
  const confident =
    supports(best) &&
    (!shape.asksForCount || holdsCount(answer, countedWords)) &&
    (!shape.asksForTime || fitsAnswerType('when', answer, shape));
  if (!confident) {
    const related = ranked.filter((c) => c.coverage >= settings.minCoverage * 0.6 && !c.missingName);
    return { question, answer: NOT_IN_COVERAGE, confident: false, citations: citationsOf(related, limit), type: shape.type };
  }
  const supporting = ranked.filter(
    (c, i) =>
      i === 0 ||
      (supports(c) && c.coverage >= best.coverage - 0.25 && c.rank >= best.rank * 0.65),
  );
  if (shape.asksForByline) {
    return { question, answer: bylineOf(best.hit.article), confident: true, citations: citationsOf([best], 1), type: shape.type };
  }
  return {
    question,
    answer,
    confident: true,
    citations: citationsOf(supporting, limit),
    type: shape.type,
  };
}

/** The passages weighed as answers to a (valid) question, best first, with how well each supports it. */
export function weighCandidates(
  index: PassageIndex,
  question: string,
  options: AnswerQuestionOptions = {},
  settings: typeof DEFAULTS = { ...DEFAULTS, ...definedOnly(options) },
): { shape: QuestionShape; weighted: WeightedTerm[]; candidates: Candidate[] } {
  const shape = shapeQuestion(question);
  const query = index.analyze(shape.text);
  const weighted = weighTerms(query, shape);

  // Follow-ups borrow the names (or, for elliptic questions, all the words) of the previous question.
  const previousCheck = options.previous ? checkQuestion(options.previous, settings.maxQuestionLength) : undefined;
  if (previousCheck?.ok) {
    const contentWords = weighted.filter((w) => w.importance >= 1).length;
    const need = followUpNeed(question, contentWords);
    if (need !== 'none') {
      const previousQuery = index.analyze(shapeQuestion(previousCheck.text).text);
      const present = new Set(query.terms.map((t) => t.term));
      for (const term of previousQuery.terms) {
        if (present.has(term.term) || term.synonymOf) continue;
        if (!term.proper && need === 'names') continue;
        const borrowed = { ...term, weight: term.weight * (term.proper ? 0.8 : 0.5) };
        query.terms.push(borrowed);
        present.add(term.term);
        const importance = term.proper ? 0.6 : 0.4;
        weighted.push({ term: borrowed, importance, presentImportance: importance, key: false, synonyms: [] });
      }
    }
  }
  attachSynonyms(weighted, query);

  const offset = Math.max(0, Math.floor(options.offset ?? 0));
  const hits = index.searchAnalyzed(query, { limit: settings.candidates + offset });
  if (hits.length === 0) return { shape, weighted, candidates: [] };
  const statementPassages = options.statements?.length ? statementSupport(index, shape, options.statements, query) : new Set<number>();
  const topScore = hits[0]!.score || 1;
  const asksAboutNow = PRESENT_TIME.test(question);
  const articleTerms = new Map<string, Set<number>>();
  const candidates: Candidate[] = hits.map((hit) => {
    let { coverage, missingName, missingKeys } = support(index, hit, weighted, articleTerms);
    let rank = 0.7 * coverage + 0.3 * (hit.score / topScore);
    rank += answerTypeFit(shape.type, hit.passage.text, shape);
    if (asksAboutNow && isStale(index, hit.article)) missingKeys++;
    if (statementPassages.has(hit.ordinal)) rank += 0.1;
    if (missingName) rank -= 0.3;
    rank -= 0.1 * missingKeys;
    return { hit, coverage, missingName, missingKeys, rank };
  });
  candidates.sort((x, y) => y.rank - x.rank || y.hit.score - x.hit.score);
  return { shape, weighted, candidates };
}

/**
 * An answer may put one key word of the question differently ("penalties" for "sanctions", "the
 * discussion" of "the two presidents"); requiredCoverage then asks for most of the rest of the question.
 */
function allowedMissingKeys(keyCount: number): number {
  return keyCount >= 1 ? 1 : 0;
}

/** A passage that lacks a key word of the question must cover more of the rest to count as support. */
function requiredCoverage(minCoverage: number, missingKeys: number, keyCount: number): number {
  // Of two key words, a missing one is half of what the question is about.
  return minCoverage + missingKeys * (keyCount >= 3 ? 0.15 : 0.25);
}

/** English month names, for recognizing dates in passages. */
const MONTH_NAMES = 'january|february|march|april|may|june|july|august|september|october|november|december';

const COUNT_WORD =
  /\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|dozens?|several|few|half|second|third|fourth|fifth|twice|once|double|doubled|tripled)\b/i;
const YEAR_OR_DAY_OF_MONTH = new RegExp(
  `\\b(?:(?:${MONTH_NAMES}|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\\.?\\s+\\d{1,2}(?:,\\s*\\d{4})?|\\d{1,2}\\s+(?:${MONTH_NAMES})|(?:19|20)\\d{2}s?)\\b`,
  'gi',
);

/** How many words apart an amount and a word of the question may be and still be about the same thing. */
const COUNT_WINDOW = 4;

/**
 * Whether a passage states an amount of what a "how many / how much" question asks about: a number
 * (not a year or a day of a month) or a counting word (not the "one of" of a description) within a
 * few words of one of the question's words ("9,500 members of the union", "talks in three years").
 */
export function holdsCount(text: string, questionWords: readonly string[]): boolean {
  const withoutDates = text.replace(YEAR_OR_DAY_OF_MONTH, ' _ ').replace(/\bone of\b/gi, ' _ ');
  const words = foldText(withoutDates).split(/[^\p{L}\p{N}.,%$]+/u).filter((w) => w !== '');
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

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * How much a question word matters for support, by part of speech: things (nouns) are what a
 * passage must be about; verbs and adverbs are often paraphrased ("want"/"like", "list"/"name").
 */
const POS_IMPORTANCE: Record<string, number> = { NOUN: 1, PROPN: 1.5, NUM: 1.5, ADJ: 0.8, VERB: 0.6, ADV: 0.5 };

/** How much each question term matters when judging whether a passage answers the question. */
function weighTerms(query: AnalyzedQuery, shape: QuestionShape): WeightedTerm[] {
  const weighted: WeightedTerm[] = [];
  for (const term of query.terms) {
    if (term.synonymOf) continue;
    const word = term.text.toLowerCase();
    const digits = /^\d/.test(term.text);
    const named = term.proper || (term.kind === 'number' && digits);
    let importance = named ? 1.5 : term.kind === 'number' || term.pos === 'NUM' ? 0.8 : (POS_IMPORTANCE[term.pos] ?? 0.7);
    let presentImportance = named ? 1.5 : 1;
    // Spelled-out small numbers mostly describe ("the two presidents"); digits name ("30-day").
    let key = term.proper || digits || term.pos === 'NOUN' || term.pos === 'PROPN';
    if (SAYING_WORDS.has(word)) {
      importance = presentImportance = 0.25;
      key = false;
      // Saying verbs frame the question; they should not pull in every "said" of the coverage.
      term.weight *= 0.3;
    } else if (shape.answerTypeWords.has(word)) {
      // The kind of answer asked for ("which deals", "how soon") need not be in the answer.
      importance = 0.3;
      key = false;
      term.weight *= 0.5;
    }
    weighted.push({ term, importance, presentImportance, key, synonyms: [] });
  }
  return weighted;
}

function attachSynonyms(weighted: WeightedTerm[], query: AnalyzedQuery): void {
  for (const w of weighted) {
    w.synonyms = query.terms.filter((t) => t.synonymOf === w.term.term && t.id >= 0).map((t) => t.id);
  }
}

function termsOfArticle(index: PassageIndex, hit: SearchHit, cache: Map<string, Set<number>>): Set<number> {
  let terms = cache.get(hit.article.id);
  if (terms) return terms;
  terms = new Set(index.headlineTerms(hit.article.id));
  // Passages of an article are contiguous in the index, in reading order.
  const first = hit.ordinal - hit.passage.index;
  for (let p = Math.max(0, first); p < index.passages.length && index.passages[p]!.articleId === hit.article.id; p++) {
    for (const id of index.passageTerms(p)) terms.add(id);
  }
  cache.set(hit.article.id, terms);
  return terms;
}

/** Weighted share of the question's terms that a passage, its neighbours and its article's headline contain. */
function support(
  index: PassageIndex,
  hit: SearchHit,
  weighted: readonly WeightedTerm[],
  articleCache: Map<string, Set<number>>,
): { coverage: number; missingName: boolean; missingKeys: number } {
  const own = new Set(index.passageTerms(hit.ordinal));
  const sameParagraph = new Set<number>();
  const nearby = new Set<number>();
  for (const p of [hit.ordinal - 1, hit.ordinal + 1]) {
    const passage = index.passages[p];
    if (!passage || passage.articleId !== hit.article.id) continue;
    const target = passage.paragraph === hit.passage.paragraph ? sameParagraph : nearby;
    for (const id of index.passageTerms(p)) target.add(id);
  }
  const headline = new Set(index.headlineTerms(hit.article.id));
  const has = (set: Set<number>, w: WeightedTerm): boolean =>
    (w.term.id >= 0 && set.has(w.term.id)) || w.synonyms.some((s) => set.has(s));
  let total = 0;
  let covered = 0;
  let missingName = false;
  let missingKeys = 0;
  for (const w of weighted) {
    let match = 0;
    if (w.term.id >= 0 && own.has(w.term.id)) match = MATCH.passage;
    else if (w.synonyms.some((s) => own.has(s))) match = MATCH.synonym;
    else if (has(sameParagraph, w)) match = MATCH.neighbour;
    else if (has(headline, w)) match = MATCH.headline;
    else if (has(nearby, w)) match = MATCH.nearby;
    else if (w.term.id >= 0 && termsOfArticle(index, hit, articleCache).has(w.term.id)) match = MATCH.article;
    // A word found is evidence at full weight; a missing paraphrasable word (a verb, the kind of
    // answer asked for) is only weak evidence against.
    const importance = match > 0 ? Math.max(w.importance, w.presentImportance) : w.importance;
    // A floor keeps a tiny coverage (where every word is common) from being judged by its missing words alone.
    const mass = importance * Math.max(w.term.idf, 1);
    total += mass;
    covered += mass * match;
    if (w.key && match < 0.5) missingKeys++;
    if (w.key && w.term.proper && match === 0) missingName = true;
  }
  return { coverage: total > 0 ? covered / total : 0, missingName, missingKeys };
}

const WEEKDAY_OR_MONTH = new RegExp(
  `\\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|${MONTH_NAMES}|yesterday|today|tomorrow|weekend|week|month|year|\\d{4})\\b`,
  'i',
);
const NUMBER_WORD = /\b(\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion|dozens?|several)\b/i;

const FULL_DATE = new RegExp(`\\b(?:(?:${MONTH_NAMES})\\s+(?:\\d{1,2},?\\s+)?\\d{4}|\\d{4}-\\d{2}-\\d{2}|(?:in|since|until|by)\\s+\\d{4})\\b`, 'i');

/** Bonus for a passage that holds the kind of thing the question asks for (a date, a number, a place, a name). */
function answerTypeFit(type: QuestionType, text: string, shape: QuestionShape): number {
  // A date with a year answers "when" better than a weekday does.
  if (type === 'when' && FULL_DATE.test(text)) return 0.12;
  return fitsAnswerType(type, text, shape) ? 0.08 : 0;
}

/** Words that ask about the present; the coverage's "now" is its newest article. */
const PRESENT_TIME = /\b(today|tonight|now|currently|current|at the moment|this (?:week|month|year)|latest|right now)\b/i;
/** How old an article may be, before the newest one of the coverage, and still speak of "now". */
const PRESENT_WINDOW_DAYS = 31;
const newestDates = new WeakMap<PassageIndex, number | null>();

/** Whether an article is too old to answer a question about the present of the coverage. */
function isStale(index: PassageIndex, article: Article): boolean {
  let newest = newestDates.get(index);
  if (newest === undefined) {
    newest = null;
    for (const a of index.articles.values()) {
      const time = a.published ? Date.parse(a.published) : NaN;
      if (!Number.isNaN(time) && (newest === null || time > newest)) newest = time;
    }
    newestDates.set(index, newest);
  }
  const time = article.published ? Date.parse(article.published) : NaN;
  if (newest === null || Number.isNaN(time)) return false;
  return newest - time > PRESENT_WINDOW_DAYS * 86_400_000;
}

/** Whether a passage holds the kind of thing the question asks for (a date, a number, a place or a name). */
function fitsAnswerType(type: QuestionType, text: string, shape: QuestionShape): boolean {
  switch (type) {
    case 'when':
      return WEEKDAY_OR_MONTH.test(text) || hasEntity(text, ['DATE', 'TIME', 'DURATION']);
    case 'how-many':
      return NUMBER_WORD.test(text) || hasEntity(text, ['CARDINAL', 'MONEY', 'PERCENT', 'QUANTITY', 'DURATION']);
    case 'where':
      return /\b(in|at|from|to|near)\s+(the\s+)?\p{Lu}/u.test(text);
    case 'who':
      return /\p{Lu}\p{Ll}+\s+\p{Lu}\p{Ll}+/u.test(text.slice(1));
    case 'statement':
      return /["“”]|\b(said|says|told|added|stated|noted|stressed)\b/.test(text) && shape.speaker !== null;
    default:
      return false;
  }
}

function hasEntity(text: string, types: readonly string[]): boolean {
  const detail = nlp().readDoc(text).entities().out(nlp().its.detail) as unknown as { type: string }[];
  return detail.some((e) => types.includes(e.type));
}

const foldedSpeakers = new WeakMap<readonly Statement[], string[]>();

/**
 * Each statement's speaker and role, folded, in statement order; computed once per statement list
 * (a coverage's statements do not change), since folding thousands of them per question is most of its cost.
 */
function foldedSpeakersOf(statements: readonly Statement[]): string[] {
  let folded = foldedSpeakers.get(statements);
  if (!folded) {
    folded = statements.map((s) => foldText(`${s.speaker ?? ''} ${s.role ?? ''}`));
    foldedSpeakers.set(statements, folded);
  }
  return folded;
}

/** Passages that hold a statement of the question's speaker on its topic, found through the statements. */
function statementSupport(
  index: PassageIndex,
  shape: QuestionShape,
  statements: readonly Statement[],
  query: AnalyzedQuery,
): Set<number> {
  const found = new Set<number>();
  if (!shape.speaker) return found;
  const speakerWords = foldText(shape.speaker)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 2 && !['the', 'his', 'her', 'their'].includes(w));
  if (speakerWords.length === 0) return found;
  const speakers = foldedSpeakersOf(statements);
  const bySpeaker = statements.filter((_, i) => speakerWords.some((w) => speakers[i]!.includes(w)));
  for (const statement of bySpeaker.slice(0, 50)) {
    const ordinal = quotePassage(index, statement);
    if (ordinal < 0) continue;
    const quoteTerms = new Set(index.passageTerms(ordinal));
    const onTopic = query.terms.some((t) => t.id >= 0 && !t.proper && quoteTerms.has(t.id));
    if (onTopic) found.add(ordinal);
  }
  return found;
}

const quotePassages = new WeakMap<PassageIndex, WeakMap<Statement, number>>();

/**
 * The passage of its citing articles that best matches a statement's quote (-1 when none), found
 * once per index: a common speaker's statements come up in question after question, and analyzing
 * a quote (wink tagging) costs more than the search.
 */
function quotePassage(index: PassageIndex, statement: Statement): number {
  let known = quotePassages.get(index);
  if (!known) {
    known = new WeakMap();
    quotePassages.set(index, known);
  }
  let ordinal = known.get(statement);
  if (ordinal === undefined) {
    const articleIds = new Set(statement.citations.map((c) => c.article));
    ordinal = index.searchAnalyzed(index.analyze(statement.quote, { related: false }), { limit: 1, articleIds })[0]?.ordinal ?? -1;
    known.set(statement, ordinal);
  }
  return ordinal;
}

/** Who wrote an article and where it appeared, as its metadata says (a missing byline is said, not guessed). */
export function bylineOf(article: Article): string {
  const title = `“${article.title}”`;
  if (article.outlet && article.author) return `${title} was published by ${article.outlet} and written by ${article.author}.`;
  if (article.outlet) return `${title} was published by ${article.outlet} and names no author.`;
  if (article.author) return `${title} was written by ${article.author}; it names no outlet.`;
  return `${title} names no outlet and no author.`;
}

function citationsOf(candidates: readonly Candidate[], limit: number): Citation[] {
  const seen = new Set<string>();
  const citations: Citation[] = [];
  for (const { hit } of candidates) {
    if (seen.has(hit.article.id)) continue;
    seen.add(hit.article.id);
    citations.push(citationOf(hit.article, hit.passage));
    if (citations.length >= limit) break;
  }
  return citations;
}

function citationOf(article: Article, passage: Passage): Citation {
  return {
    article: article.id,
    outlet: article.outlet,
    title: article.title,
    published: article.published,
    url: article.url,
    quote: cleanPassageText(passage.text),
    passageId: passage.id,
  };
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
 * a place, a name), the neighbouring sentence of its paragraph that has it.
 */
function composeAnswer(
  index: PassageIndex,
  hit: SearchHit,
  weighted: readonly WeightedTerm[],
  shape: QuestionShape,
  maxLength: number,
): string {
  const own = cleanPassageText(hit.passage.text);
  const near = (offset: number): { text: string; paragraphGap: number; ordinal: number } | undefined => {
    const passage = index.passages[hit.ordinal + offset];
    if (!passage || passage.articleId !== hit.article.id) return undefined;
    return { text: cleanPassageText(passage.text), paragraphGap: Math.abs(passage.paragraph - hit.passage.paragraph), ordinal: hit.ordinal + offset };
  };
  const previous = near(-1);
  const next = near(1);
  const parts = [own];
  const length = (): number => parts.reduce((n, t) => n + t.length + 1, -1);
  const fits = (extra: string): boolean => length() + extra.length + 1 <= maxLength;

  const openQuote = /^["“'‘]/.test(own) && !ATTRIBUTION.test(own.replace(/^["“'‘]/, ''));
  if (next && next.paragraphGap <= 1 && fits(next.text)) {
    const quoteWithSpeaker = openQuote && ATTRIBUTION.test(next.text);
    // Reported speech reads better with the speaker's own words, and they often hold the point.
    const speechWithQuote =
      OPENS_QUOTE.test(next.text) && !OPENS_QUOTE.test(own) && (shape.type === 'statement' || REPORTED_SPEECH.test(own));
    if (quoteWithSpeaker || speechWithQuote) parts.push(next.text);
  }
  if (previous && previous.paragraphGap === 0 && PRONOUN_START.test(own) && fits(previous.text)) parts.unshift(previous.text);

  const asked = shape.type === 'when' || shape.type === 'how-many' || shape.type === 'where' || shape.type === 'who';
  if (asked && !parts.some((t) => fitsAnswerType(shape.type, t, shape))) {
    const keyIds = new Set(weighted.filter((w) => w.key && w.term.id >= 0).flatMap((w) => [w.term.id, ...w.synonyms]));
    const sharesKey = (ordinal: number): boolean => index.passageTerms(ordinal).some((id) => keyIds.has(id));
    for (const neighbour of [next, previous]) {
      if (!neighbour || neighbour.paragraphGap !== 0 || parts.includes(neighbour.text)) continue;
      if (!fitsAnswerType(shape.type, neighbour.text, shape) || !sharesKey(neighbour.ordinal) || !fits(neighbour.text)) continue;
      if (neighbour === next) parts.push(neighbour.text);
      else parts.unshift(neighbour.text);
      break;
    }
  }
  return fitLength(parts.join(' '), weighted, maxLength);
}

/** Cuts a long sentence down to the clauses that hold most of the question's terms. */
function fitLength(text: string, weighted: readonly WeightedTerm[], maxLength: number): string {
  if (text.length <= maxLength) return text;
  const clauses = text.split(/(?<=[,;:—–])\s+/);
  const words = new Set(weighted.map((w) => foldText(w.term.text)));
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
