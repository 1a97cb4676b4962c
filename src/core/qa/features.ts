import type { Article } from '../ingest/types.js';
import { foldText, type AnalyzedQuery, type PassageIndex, type QueryTerm, type SearchHit } from '../index/index.js';
import { expectedAnswerOf, holdsCount, holdsNovelAnswer, sentenceFactsOf, type ExpectedAnswer, type SentenceFacts } from './answer-type.js';
import { SAYING_WORDS, type QuestionShape } from './question.js';

/** What the features need of word vectors (the lexicon's WordVectors fits): cosine similarity of two words. */
export interface WordSimilarity {
  has(word: string): boolean;
  similarity(a: string, b: string): number;
  /** The word's unit vector, when the vectors offer it (faster than similarity for many pairs). */
  vector?(word: string): Float32Array | undefined;
}

/** Unit vectors of words already looked up (null: no vector), per vector set; starts over when full. */
const vectorMemos = new WeakMap<WordSimilarity, Map<string, Float32Array | null>>();
/** Most words whose vectors are remembered (400 bytes each): the vocabulary of a busy coverage. */
const VECTOR_MEMO_LIMIT = 100_000;

function unitVector(vectors: WordSimilarity, word: string): Float32Array | null {
  let memo = vectorMemos.get(vectors);
  if (!memo) {
    memo = new Map();
    vectorMemos.set(vectors, memo);
  }
  let v = memo.get(word);
  if (v === undefined) {
    const raw = vectors.vector?.(word);
    v = null;
    if (raw) {
      let norm = 0;
      for (let d = 0; d < raw.length; d++) norm += raw[d]! * raw[d]!;
      norm = Math.sqrt(norm);
      if (norm > 0) {
        v = new Float32Array(raw.length);
        for (let d = 0; d < raw.length; d++) v[d] = raw[d]! / norm;
      }
    }
    if (memo.size >= VECTOR_MEMO_LIMIT) memo.clear();
    memo.set(word, v);
  }
  return v;
}

/** Cosine of two words: by their remembered unit vectors when the vectors offer them, else by `similarity`. */
function cosine(vectors: WordSimilarity, a: string, b: string): number {
  if (!vectors.vector) return vectors.similarity(a, b);
  const x = unitVector(vectors, a);
  const y = unitVector(vectors, b);
  if (!x || !y) return 0;
  let dot = 0;
  for (let d = 0; d < x.length; d++) dot += x[d]! * y[d]!;
  return dot;
}

/** A term of the question with what it takes to find it in a passage. */
export interface QuestionTerm {
  term: QueryTerm;
  /** Term ids of its synonyms (from the index's analyzer), which stand in for it. */
  synonyms: number[];
  /** A thing the question is about (a noun, a name, a number written in digits). */
  key: boolean;
  /** How much the term counts in the shares: its IDF, less for a word borrowed from a previous question. */
  mass: number;
}

/** What is read from a question once, before its candidates are weighed. */
export interface QuestionContext {
  shape: QuestionShape;
  expected: ExpectedAnswer;
  /** Content terms of the question (not its frame: saying verbs, the kind of answer asked for). */
  terms: QuestionTerm[];
  /** Folded words of the question, to tell an answer from an echo of the question. */
  words: ReadonlySet<string>;
  /** Words of the thing a how-many question counts (common nouns, not names). */
  countedWords: string[];
  /** Folded words naming the speaker of a "what did X say" question. */
  speakerWords: string[];
  /** The question asks about the present ("now", "currently"). */
  asksAboutNow: boolean;
  /** Passages that hold a statement of the asked speaker on the asked topic. */
  statementPassages: ReadonlySet<number>;
}

/**
 * The evidence that a candidate sentence answers the question, one number each. Every field is a
 * pure function of the question, the sentence and its surroundings, and means the same on any
 * news text; the scorer weighs them. Shares are 0..1, flags are 0 or 1.
 */
export interface CandidateFeatures {
  /** log(1 + BM25 score) of the passage for the question. */
  bm25Log: number;
  /** BM25 score over the best candidate's. */
  bm25RatioBest: number;
  /** BM25 score over the second-best candidate's (capped at 2). */
  bm25RatioSecond: number;
  /** 1 / (1 + retrieval rank). */
  retrievalRank: number;
  /** IDF-weighted share of the question's content terms (or their synonyms) in the sentence. */
  coverSentence: number;
  /** Same, in the sentence and the ones right before and after it. */
  coverNeighbours: number;
  /** Same, in the sentence's whole paragraph. */
  coverParagraph: number;
  /** Same, in the article's headline (title, subtitle, outlet, date). */
  coverHeadline: number;
  /** Same, in the paragraph or the headline. */
  coverContext: number;
  /** Same, anywhere in the article. */
  coverArticle: number;
  /** IDF-weighted share of the question's key terms (things, names, numbers) in the sentence (1 when none). */
  keyCoverSentence: number;
  /** Share of key terms neither the paragraph nor the headline has. */
  keyMissingContext: number;
  /** 1 when a name of the question appears nowhere in the article. */
  nameMissingArticle: number;
  /** Share of the question's names in the sentence (1 when it names none). */
  nameCoverSentence: number;
  /** Share of the question's numbers in the sentence (1 when it has none). */
  numberCoverSentence: number;
  /** Share of the question's verbs, adjectives and adverbs in the sentence (1 when none). */
  predicateCoverSentence: number;
  /** Highest IDF of a content term missing from the paragraph and headline, over the question's highest IDF. */
  maxMissingIdf: number;
  /** IDF-weighted mean, over the question's content words, of the best cosine with a sentence word (1 for the word itself). */
  vectorAlign: number;
  /** The same mean over only the words the sentence lacks literally (1 when it lacks none): paraphrase. */
  vectorAlignMissing: number;
  /** 1 when the question asks for a kind of thing (a person, place, date, amount, reason, quotation). */
  expectsType: number;
  /** 1 when the sentence holds a thing of that kind the question does not already name. */
  typeInSentence: number;
  /** 1 when a neighbouring sentence of its paragraph does (an answer may take it in). */
  typeInNeighbour: number;
  /** 1 when a how-many question's counted thing stands next to an amount in the sentence. */
  countNearWord: number;
  /** Share of the sentence's words (3+ letters) the question does not have: an echo has few. */
  novelShare: number;
  /** 1 for the first sentence of the article. */
  lede: number;
  /** 1 for the first sentence of a paragraph. */
  paragraphFirst: number;
  /** Position of the sentence in its article, 0 (start) to 1 (end). */
  relativePosition: number;
  /** log(characters of the sentence) / 6. */
  sentenceLength: number;
  /** 1 when the sentence holds a quotation mark or a verb of saying. */
  quoteOrAttribution: number;
  /** 1 for a "what did X say" question answered by a quotation or attributed sentence. */
  statementQuote: number;
  /** 1 when the asked speaker is named in the sentence or the one before it. */
  speakerInSentence: number;
  /** 1 when the sentence holds a statement of the asked speaker on the asked topic. */
  statementSupport: number;
  /** 1 when the question asks about the present and the article is older than the coverage's present. */
  staleForPresent: number;
  /** Question: IDF-weighted share of its content terms that no passage or headline has. */
  unknownTermShare: number;
  /** Question: 1 for a yes/no question. */
  yesNo: number;
  /** Question: 1 for a "what did X say" question. */
  statementQuestion: number;
  /** Question: log(1 + number of content terms). */
  termCount: number;
}

/** The features in a fixed order: the order of a model's weights. */
export const FEATURE_NAMES = [
  'bm25Log', 'bm25RatioBest', 'bm25RatioSecond', 'retrievalRank',
  'coverSentence', 'coverNeighbours', 'coverParagraph', 'coverHeadline', 'coverContext', 'coverArticle',
  'keyCoverSentence', 'keyMissingContext', 'nameMissingArticle', 'nameCoverSentence', 'numberCoverSentence',
  'predicateCoverSentence', 'maxMissingIdf', 'vectorAlign', 'vectorAlignMissing',
  'expectsType', 'typeInSentence', 'typeInNeighbour', 'countNearWord', 'novelShare',
  'lede', 'paragraphFirst', 'relativePosition', 'sentenceLength',
  'quoteOrAttribution', 'statementQuote', 'speakerInSentence', 'statementSupport', 'staleForPresent',
  'unknownTermShare', 'yesNo', 'statementQuestion', 'termCount',
] as const satisfies readonly (keyof CandidateFeatures)[];

export type FeatureName = (typeof FEATURE_NAMES)[number];

/** Words that ask about the present; the coverage's "now" is its newest article. */
const PRESENT_TIME = /\b(today|tonight|now|currently|current|at the moment|this (?:week|month|year)|latest|right now)\b/i;
/**
 * How old an article may be, before the newest one of the coverage, and still speak of "now":
 * about a month, the span over which news about an ongoing matter is still current.
 */
const PRESENT_WINDOW_DAYS = 31;
/** Most same-paragraph sentences looked at on each side of a candidate (a paragraph rarely has more). */
const PARAGRAPH_REACH = 6;

/** Reads the question's terms: which are content, which are key, which only frame the answer. */
export function questionContextOf(
  shape: QuestionShape,
  query: AnalyzedQuery,
  statementPassages: ReadonlySet<number> = new Set(),
  borrowed: ReadonlyMap<string, number> = new Map(),
): QuestionContext {
  const terms: QuestionTerm[] = [];
  for (const term of query.terms) {
    if (term.synonymOf) continue;
    const word = term.text.toLowerCase();
    if (SAYING_WORDS.has(word) || shape.answerTypeWords.has(word)) continue;
    const digits = /^\d/.test(term.text);
    const share = borrowed.get(term.term);
    const key = (term.proper || digits || term.pos === 'NOUN' || term.pos === 'PROPN') && share === undefined;
    const synonyms = query.terms.filter((t) => t.synonymOf === term.term && t.id >= 0).map((t) => t.id);
    terms.push({ term, synonyms, key, mass: term.idf * (share ?? 1) });
  }
  const words = new Set(foldText(shape.text).split(/[^\p{L}\p{N}]+/u).filter((w) => w !== ''));
  const countedWords = shape.asksForCount ? terms.filter((t) => !t.term.proper).map((t) => t.term.text) : [];
  const speakerWords = shape.speaker
    ? foldText(shape.speaker).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 2 && w !== 'the')
    : [];
  return {
    shape,
    expected: expectedAnswerOf(shape),
    terms,
    words,
    countedWords,
    speakerWords,
    asksAboutNow: PRESENT_TIME.test(shape.text),
    statementPassages,
  };
}

/** Caches of what is read once per passage or article of an index. */
interface IndexMemo {
  facts: Map<number, SentenceFacts>;
  articleTerms: Map<string, Set<number>>;
  newest: number | null | undefined;
}
const memos = new WeakMap<PassageIndex, IndexMemo>();
/**
 * Most passages whose facts are remembered per index (~1 KB each): enough for the candidates of
 * thousands of questions; the cache starts over when full.
 */
const MEMO_LIMIT = 50_000;

function memoOf(index: PassageIndex): IndexMemo {
  let memo = memos.get(index);
  if (!memo) {
    memo = { facts: new Map(), articleTerms: new Map(), newest: undefined };
    memos.set(index, memo);
  }
  return memo;
}

/** What a passage holds (names, dates, amounts...), read once per index. */
export function passageFacts(index: PassageIndex, ordinal: number): SentenceFacts {
  const memo = memoOf(index);
  let facts = memo.facts.get(ordinal);
  if (!facts) {
    if (memo.facts.size >= MEMO_LIMIT) memo.facts.clear();
    facts = sentenceFactsOf(index.passages[ordinal]!.text);
    memo.facts.set(ordinal, facts);
  }
  return facts;
}

function articleTermsOf(index: PassageIndex, hit: SearchHit): Set<number> {
  const memo = memoOf(index);
  let terms = memo.articleTerms.get(hit.article.id);
  if (terms) return terms;
  if (memo.articleTerms.size >= MEMO_LIMIT / 10) memo.articleTerms.clear();
  terms = new Set(index.headlineTerms(hit.article.id));
  // Passages of an article are contiguous in the index, in reading order.
  const first = hit.ordinal - hit.passage.index;
  for (let p = Math.max(0, first); p < index.passages.length && index.passages[p]!.articleId === hit.article.id; p++) {
    for (const id of index.passageTerms(p)) terms.add(id);
  }
  memo.articleTerms.set(hit.article.id, terms);
  return terms;
}

/** Whether an article is too old to answer a question about the present of the coverage. */
function isStale(index: PassageIndex, article: Article): boolean {
  const memo = memoOf(index);
  if (memo.newest === undefined) {
    memo.newest = null;
    for (const a of index.articles.values()) {
      const time = a.published ? Date.parse(a.published) : NaN;
      if (!Number.isNaN(time) && (memo.newest === null || time > memo.newest)) memo.newest = time;
    }
  }
  const time = article.published ? Date.parse(article.published) : NaN;
  if (memo.newest === null || Number.isNaN(time)) return false;
  return memo.newest - time > PRESENT_WINDOW_DAYS * 86_400_000;
}

/** IDF-weighted share (by each term's mass) of `terms` that `present` says are there (`empty` when there are none). */
export function weightedShare(terms: readonly QuestionTerm[], present: (t: QuestionTerm) => boolean, empty = 1): number {
  let total = 0;
  let found = 0;
  for (const t of terms) {
    total += t.mass;
    if (present(t)) found += t.mass;
  }
  return total > 0 ? found / total : empty;
}

/**
 * Each question word's best cosine match among the sentence's words (1 for the word itself),
 * averaged with IDF weights; words without a vector count 1 when present literally, else 0.
 */
export function vectorAlignment(
  questionWords: readonly { word: string; idf: number; present: boolean }[],
  sentenceWords: readonly string[],
  vectors: WordSimilarity | undefined,
): { all: number; missing: number } {
  let total = 0;
  let sum = 0;
  let missingTotal = 0;
  let missingSum = 0;
  const candidates = vectors ? [...new Set(sentenceWords)].filter((w) => w.length > 2) : [];
  for (const { word, idf, present } of questionWords) {
    let best = present ? 1 : 0;
    if (!present && vectors && (vectors.vector ? unitVector(vectors, word) : vectors.has(word))) {
      for (const w of candidates) best = Math.max(best, cosine(vectors, word, w));
    }
    total += idf;
    sum += idf * best;
    if (!present) {
      missingTotal += idf;
      missingSum += idf * best;
    }
  }
  return { all: total > 0 ? sum / total : 1, missing: missingTotal > 0 ? missingSum / missingTotal : 1 };
}

/** Share of a sentence's words of 3+ letters that the question does not have. */
export function novelShareOf(sentenceWords: readonly string[], questionWords: ReadonlySet<string>): number {
  const content = sentenceWords.filter((w) => w.length >= 3);
  if (content.length === 0) return 0;
  return content.filter((w) => !questionWords.has(w)).length / content.length;
}

/** The features of each retrieved passage as an answer to the question, in the order of the hits. */
export function candidateFeatures(
  index: PassageIndex,
  context: QuestionContext,
  hits: readonly SearchHit[],
  vectors?: WordSimilarity,
): CandidateFeatures[] {
  const { terms, shape, expected } = context;
  const best = hits[0]?.score || 1;
  const second = hits[1]?.score || best;
  const maxIdf = Math.max(1e-9, ...terms.map((t) => t.term.idf));
  const keys = terms.filter((t) => t.key);
  const names = terms.filter((t) => t.term.proper);
  const numbers = terms.filter((t) => t.term.kind === 'number' || /^\d/.test(t.term.text));
  const predicates = terms.filter((t) => ['VERB', 'ADJ', 'ADV'].includes(t.term.pos) && !t.term.proper);
  const question = {
    unknownTermShare: weightedShare(terms, (t) => t.term.id < 0 && t.synonyms.length === 0, 0),
    yesNo: shape.type === 'yes-no' ? 1 : 0,
    statementQuestion: shape.type === 'statement' ? 1 : 0,
    termCount: Math.log1p(terms.length),
    expectsType: ['yes-no', 'other'].includes(expected) ? 0 : 1,
  };
  return hits.map((hit, rank) => {
    const own = new Set(index.passageTerms(hit.ordinal));
    const neighbours = new Set<number>();
    const paragraph = new Set<number>();
    const sameParagraph: number[] = [];
    for (let step = -1; step <= 1; step += 2) {
      for (let p = hit.ordinal + step, n = 0; n < PARAGRAPH_REACH; p += step, n++) {
        const passage = index.passages[p];
        if (!passage || passage.articleId !== hit.article.id) break;
        if (n === 0) for (const id of index.passageTerms(p)) neighbours.add(id);
        if (passage.paragraph !== hit.passage.paragraph) break;
        if (n === 0) sameParagraph.push(p);
        for (const id of index.passageTerms(p)) paragraph.add(id);
      }
    }
    const headline = new Set(index.headlineTerms(hit.article.id));
    const article = articleTermsOf(index, hit);
    const inSet = (set: ReadonlySet<number>) => (t: QuestionTerm): boolean =>
      (t.term.id >= 0 && set.has(t.term.id)) || t.synonyms.some((s) => set.has(s));
    const inOwn = inSet(own);
    const inContext = (t: QuestionTerm): boolean => inOwn(t) || inSet(paragraph)(t) || inSet(headline)(t);

    const facts = passageFacts(index, hit.ordinal);
    const align = vectorAlignment(
      terms.map((t) => ({ word: foldText(t.term.text), idf: t.mass, present: inOwn(t) })),
      facts.words,
      vectors,
    );
    let maxMissing = 0;
    for (const t of terms) if (!inContext(t)) maxMissing = Math.max(maxMissing, t.term.idf);
    const typeInSentence = holdsNovelAnswer(facts, expected, context.words);
    const typeInNeighbour = sameParagraph.some((p) => holdsNovelAnswer(passageFacts(index, p), expected, context.words));
    const previous = index.passages[hit.ordinal - 1];
    const speakerNear = (words: readonly string[]): boolean => context.speakerWords.some((w) => words.includes(w));
    const passagesInArticle = hit.article.passages.length || 1;
    return {
      bm25Log: Math.log1p(Math.max(0, hit.score)),
      bm25RatioBest: hit.score / best,
      bm25RatioSecond: Math.min(2, hit.score / (second || 1)),
      retrievalRank: 1 / (1 + rank),
      coverSentence: weightedShare(terms, inOwn, 0),
      coverNeighbours: weightedShare(terms, (t) => inOwn(t) || inSet(neighbours)(t), 0),
      coverParagraph: weightedShare(terms, (t) => inOwn(t) || inSet(paragraph)(t), 0),
      coverHeadline: weightedShare(terms, inSet(headline), 0),
      coverContext: weightedShare(terms, inContext, 0),
      coverArticle: weightedShare(terms, inSet(article), 0),
      keyCoverSentence: weightedShare(keys, inOwn),
      keyMissingContext: keys.length === 0 ? 0 : keys.filter((t) => !inContext(t)).length / keys.length,
      nameMissingArticle: names.some((t) => !inSet(article)(t)) ? 1 : 0,
      nameCoverSentence: names.length === 0 ? 1 : names.filter(inOwn).length / names.length,
      numberCoverSentence: numbers.length === 0 ? 1 : numbers.filter(inOwn).length / numbers.length,
      predicateCoverSentence: predicates.length === 0 ? 1 : predicates.filter(inOwn).length / predicates.length,
      maxMissingIdf: maxMissing / maxIdf,
      vectorAlign: align.all,
      vectorAlignMissing: align.missing,
      expectsType: question.expectsType,
      typeInSentence: typeInSentence ? 1 : 0,
      typeInNeighbour: typeInNeighbour ? 1 : 0,
      countNearWord: shape.asksForCount && holdsCount(hit.passage.text, context.countedWords) ? 1 : 0,
      novelShare: novelShareOf(facts.words, context.words),
      lede: hit.passage.index === 0 ? 1 : 0,
      paragraphFirst: !previous || previous.articleId !== hit.article.id || previous.paragraph !== hit.passage.paragraph ? 1 : 0,
      relativePosition: hit.passage.index / passagesInArticle,
      sentenceLength: Math.log(Math.max(1, hit.passage.text.length)) / 6,
      quoteOrAttribution: facts.quotesOrAttributes ? 1 : 0,
      statementQuote: shape.type === 'statement' && facts.quotesOrAttributes ? 1 : 0,
      speakerInSentence:
        context.speakerWords.length > 0 &&
        (speakerNear(facts.words) || (previous?.articleId === hit.article.id && speakerNear(passageFacts(index, hit.ordinal - 1).words)))
          ? 1
          : 0,
      statementSupport: context.statementPassages.has(hit.ordinal) ? 1 : 0,
      staleForPresent: context.asksAboutNow && isStale(index, hit.article) ? 1 : 0,
      unknownTermShare: question.unknownTermShare,
      yesNo: question.yesNo,
      statementQuestion: question.statementQuestion,
      termCount: question.termCount,
    };
  });
}

/** A feature record as numbers in FEATURE_NAMES order. */
export function featureVector(features: CandidateFeatures): number[] {
  return FEATURE_NAMES.map((name) => features[name]);
}
