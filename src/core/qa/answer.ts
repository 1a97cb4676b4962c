import type { AnalyzedQuery, PassageIndex, SearchHit } from '../index/index.js';
import { loadWordVectors } from '../lexicon/index.js';
import type { Statement } from '../statements/types.js';
import { citationsOf } from './citations.js';
import { bylineOf, composeAnswer } from './compose.js';
import { candidateFeatures, questionContextOf, type CandidateFeatures, type QuestionContext, type WordSimilarity } from './features.js';
import { followUpNeed, SAYING_WORDS, shapeQuestion, type QuestionShape } from './question.js';
import { learnedScorer, shippedAnswerModel, type AnswerScorer } from './scorer.js';
import { statementSupport } from './statement-support.js';
import type { Answer, AskOptions } from './types.js';
import { checkQuestion, MAX_QUESTION_LENGTH } from './validate.js';

/** How answering works, each part with a documented default (see defaultAnsweringOptions). */
export interface AnsweringOptions {
  /** How many retrieved passages are weighed as answers. */
  candidates?: number;
  /** Longest answer text in characters. */
  maxAnswerLength?: number;
  /** Longest question in characters. */
  maxQuestionLength?: number;
  /** What chooses the answer and says how sure it is (default: the shipped learned model). */
  scorer?: AnswerScorer;
  /** Word vectors for the paraphrase features (default: the lexicon's, loaded on first use; none when its data is not built). */
  vectors?: WordSimilarity;
  /**
   * How far (in the scorer's score, a log-odds) below the best candidate another may score and
   * still be cited as supporting the answer.
   */
  supportMargin?: number;
}

export type AnswerQuestionOptions = AskOptions & AnsweringOptions & { statements?: readonly Statement[] };

/** The defaults of AnsweringOptions. */
export const defaultAnsweringOptions = {
  /**
   * 24 candidates: the answer's passage is among the top 24 retrieved for nearly every answerable
   * question of the development sets, and features cost time per candidate.
   */
  candidates: 24,
  /** 400 characters: a chat message a reader takes in at a glance, room for a sentence and its neighbour. */
  maxAnswerLength: 400,
  maxQuestionLength: MAX_QUESTION_LENGTH,
  /** One unit of log-odds: a passage at least ~1/3 as likely as the best to hold the answer also supports it. */
  supportMargin: 1,
} as const;

export const NOT_IN_COVERAGE = 'The coverage does not say. None of the articles answers that question.';
const DEFAULT_CITATIONS = 3;

/**
 * Retrieval weight of a question's frame words: saying verbs ("what did X say") and the kind of
 * answer asked for ("which deals", "how soon") are in most answers' questions but rarely in their
 * sentences; they should not pull in every "said" of the coverage. Halving or less keeps them as a
 * tie-breaker.
 */
const FRAME_WEIGHT = { saying: 0.3, answerType: 0.5 } as const;
/**
 * Weight of the words a follow-up borrows from the previous question, in retrieval and in the
 * features' shares: its names (which "he" or "it" stands for) nearly as much as the new question's
 * words, its other words half.
 */
const BORROWED_WEIGHT = { name: 0.8, word: 0.5 } as const;

/** A retrieved passage weighed as an answer. */
export interface Candidate {
  hit: SearchHit;
  features: CandidateFeatures;
  /** The scorer's score: higher is more likely the answer. */
  score: number;
}

/** The candidates of a question, best first, and how sure the scorer is of the best. */
export interface WeighedQuestion {
  context: QuestionContext;
  candidates: Candidate[];
  /** 0..1; 0 when there is no candidate. */
  confidence: number;
}

/**
 * Answers a question from the index: checks the input, reads the question's shape, retrieves
 * passages, scores each as an answer, and returns the best sentence (with the neighbours it needs)
 * and its citations when the scorer is confident enough, else an honest "the coverage does not say"
 * (confident: false). Never throws for any input.
 */
export function answerQuestion(index: PassageIndex, question: string, options: AnswerQuestionOptions = {}): Answer {
  const settings = settingsOf(options);
  const check = checkQuestion(question, settings.maxQuestionLength);
  if (!check.ok) {
    return { question, answer: check.message, confident: false, citations: [], type: 'other', error: check.message };
  }
  const limit = Math.max(1, Math.min(options.limit ?? DEFAULT_CITATIONS, 20));
  const { context, candidates, confidence } = weighCandidates(index, check.text, options);
  const type = context.shape.type;
  const best = candidates[0];
  if (!best || context.terms.length === 0) {
    return { question, answer: NOT_IN_COVERAGE, confident: false, citations: [], type };
  }
  // Another passage supports the answer when it scores nearly as well, or speaks of all the things the best one does.
  const supporting = candidates.filter(
    (c, i) =>
      i === 0 ||
      c.score >= best.score - settings.supportMargin ||
      (c.features.keyMissingContext <= best.features.keyMissingContext && c.features.nameMissingArticle <= best.features.nameMissingArticle),
  );
  if (confidence < settings.scorer.threshold || !settlesYesNo(best.features)) {
    // The closest passages are worth showing only when the coverage names what the question names;
    // past the answering passages ("more like this", an offset), unconfident ones are not more sources.
    const unknownName = context.terms.some((t) => t.term.proper && t.term.id < 0 && t.synonyms.length === 0);
    const related = (options.offset ?? 0) > 0 || unknownName ? [] : supporting;
    return { question, answer: NOT_IN_COVERAGE, confident: false, citations: citationsOf(related, limit), type };
  }
  if (context.shape.asksForByline) {
    return { question, answer: bylineOf(best.hit.article), confident: true, citations: citationsOf([best], 1), type };
  }
  return {
    question,
    answer: composeAnswer(index, best.hit, context, settings.maxAnswerLength, companionsOf(candidates, settings.supportMargin)),
    confident: true,
    citations: citationsOf(supporting, limit),
    type,
  };
}

/**
 * A yes/no question states a proposition ("Did Peskov resign?"); a sentence can settle it only
 * when it speaks of all the question's things (every key term in its paragraph or headline) and
 * of what is asked about them (one of the question's verbs or adjectives, when it has any). The
 * fitted data has too few yes/no questions for the scorer to learn this, so it is a rule of the
 * question's grammar, not a fitted weight.
 */
export function settlesYesNo(best: CandidateFeatures): boolean {
  return best.yesNo === 0 || (best.keyMissingContext === 0 && best.predicateCoverSentence > 0);
}

/** What companionsOf reads of a ranked candidate: its passage's article and ordinal, and its score. */
export interface RankedPassage {
  hit: { article: { id: string }; ordinal: number };
  score: number;
}

/**
 * The sentences the answer takes in beside the best candidate (as passage ordinals): the next best
 * candidate of the same article, and any other of its candidates the ranker rates within the
 * support margin. The answer often spans two sentences, and the ranker's second choice holds the
 * answer in two fifths of the fit questions its first choice misses (squad2-dev's fit half: top-2
 * 0.84, top-1 0.73); showing the article's two best sentences, in the article's order, costs a
 * second sentence of reading (the 400-character budget still bounds it).
 */
export function companionsOf(candidates: readonly RankedPassage[], margin: number = defaultAnsweringOptions.supportMargin): number[] {
  const best = candidates[0];
  if (!best) return [];
  return candidates
    .filter((c) => c !== best && c.hit.article.id === best.hit.article.id)
    .filter((c, i) => i === 0 || c.score >= best.score - margin)
    .map((c) => c.hit.ordinal);
}

let lexiconVectors: WordSimilarity | null | undefined;

/** The lexicon's word vectors, or undefined when its data is not built (answering then does without). */
export function defaultVectors(): WordSimilarity | undefined {
  if (lexiconVectors === undefined) {
    try {
      lexiconVectors = loadWordVectors();
    } catch {
      lexiconVectors = null;
    }
  }
  return lexiconVectors ?? undefined;
}

function settingsOf(options: AnswerQuestionOptions): Required<Omit<AnsweringOptions, 'vectors'>> & { vectors?: WordSimilarity } {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as AnsweringOptions;
  return { ...defaultAnsweringOptions, scorer: given.scorer ?? learnedScorer(shippedAnswerModel()), vectors: defaultVectors(), ...given } as Required<
    Omit<AnsweringOptions, 'vectors'>
  > & { vectors?: WordSimilarity };
}

/**
 * The passages weighed as answers to a (valid) question, scored and ranked best first (after
 * `offset` best ones are skipped), with the scorer's confidence in the best. Training and the eval
 * use it to see every candidate's features.
 */
export function weighCandidates(index: PassageIndex, question: string, options: AnswerQuestionOptions = {}): WeighedQuestion {
  const settings = settingsOf(options);
  const shape = shapeQuestion(question);
  const { query, borrowed } = queryOf(index, shape, question, options.previous, settings.maxQuestionLength);
  const offset = Math.max(0, Math.floor(options.offset ?? 0));
  const hits = index.searchAnalyzed(query, { limit: settings.candidates + offset });
  const statementPassages = options.statements?.length ? statementSupport(index, shape, options.statements, query) : new Set<number>();
  const context = questionContextOf(shape, query, statementPassages, borrowed);
  if (hits.length === 0) return { context, candidates: [], confidence: 0 };
  const features = candidateFeatures(index, context, hits, settings.vectors);
  const scores = settings.scorer.rank(features);
  const candidates = hits
    .map((hit, i) => ({ hit, features: features[i]!, score: scores[i]! }))
    .sort((x, y) => y.score - x.score || y.hit.score - x.hit.score)
    .slice(offset);
  const confidence =
    candidates.length === 0
      ? 0
      : settings.scorer.confidence(
          candidates.map((c) => c.features),
          candidates.map((c) => c.score),
        );
  return { context, candidates, confidence };
}

/**
 * The question as a search: its frame words weigh less, and a follow-up borrows the names (or,
 * for an elliptic question, all the words) of the previous question.
 */
function queryOf(
  index: PassageIndex,
  shape: QuestionShape,
  question: string,
  previous: string | undefined,
  maxLength: number,
): { query: AnalyzedQuery; borrowed: Map<string, number> } {
  const query = index.analyze(shape.text);
  const borrowed = new Map<string, number>();
  let contentWords = 0;
  for (const term of query.terms) {
    if (term.synonymOf) continue;
    const word = term.text.toLowerCase();
    if (SAYING_WORDS.has(word)) term.weight *= FRAME_WEIGHT.saying;
    else if (shape.answerTypeWords.has(word)) term.weight *= FRAME_WEIGHT.answerType;
    else if (['NOUN', 'PROPN', 'NUM'].includes(term.pos) || term.proper || /^\d/.test(term.text)) contentWords++;
  }
  const previousCheck = previous ? checkQuestion(previous, maxLength) : undefined;
  if (!previousCheck?.ok) return { query, borrowed };
  const need = followUpNeed(question, contentWords);
  if (need === 'none') return { query, borrowed };
  const previousQuery = index.analyze(shapeQuestion(previousCheck.text).text);
  const present = new Set(query.terms.map((t) => t.term));
  for (const term of previousQuery.terms) {
    if (present.has(term.term) || term.synonymOf) continue;
    if (!term.proper && need === 'names') continue;
    const share = term.proper ? BORROWED_WEIGHT.name : BORROWED_WEIGHT.word;
    query.terms.push({ ...term, weight: term.weight * share });
    borrowed.set(term.term, share);
    present.add(term.term);
  }
  return { query, borrowed };
}
