import { z } from 'zod';
import { FEATURE_NAMES, type CandidateFeatures } from './features.js';
import modelJson from './answer-model.json' with { type: 'json' };

/**
 * Chooses among candidate sentences and says how sure it is. The learned scorer (weights fitted by
 * `npm run train`) answers; the eval compares it with other scorers (the old hand-set rules, a
 * plain search baseline) through this same interface.
 */
export interface AnswerScorer {
  readonly name: string;
  /** One score per candidate, in the order given: higher means more likely to hold the answer. */
  rank(features: readonly CandidateFeatures[]): number[];
  /**
   * How likely the coverage answers the question (the learned scorer's reading; the old
   * heuristic's is how likely its best candidate does), 0..1. `ranked` is best first, with the
   * scores `rank` gave.
   */
  confidence(ranked: readonly CandidateFeatures[], scores: readonly number[]): number;
  /** The answer is given only when confidence ≥ threshold; below it the bot says the coverage does not say. */
  readonly threshold: number;
}

/**
 * Features of the best candidate the confidence model reads besides the ranking's shape: those
 * that say whether the coverage speaks of the question's things at all. Kept few, so that the
 * model stays a smooth function that carries over to text it was not fitted on.
 */
const CONFIDENCE_CANDIDATE_FEATURES = [
  'coverSentence', 'coverContext', 'keyMissingContext', 'nameMissingArticle', 'maxMissingIdf', 'vectorAlign',
  'expectsType', 'typeInSentence', 'typeInNeighbour', 'unknownTermShare', 'predicateCoverSentence', 'yesNo', 'statementQuestion',
] as const satisfies readonly (typeof FEATURE_NAMES)[number][];

/** What the confidence model reads: the ranking's shape and some of the best candidate's features. */
export const CONFIDENCE_FEATURE_NAMES = [
  'bestScore',
  'margin',
  'bestShare',
  ...CONFIDENCE_CANDIDATE_FEATURES.map((name) => `best.${name}` as const),
] as const;

/** The confidence model's inputs for a ranked list of candidates (best first, with their scores). */
export function confidenceInputs(ranked: readonly CandidateFeatures[], scores: readonly number[]): Record<string, number> {
  const best = ranked[0]!;
  const top = scores[0] ?? 0;
  let sum = 0;
  for (const s of scores) sum += Math.exp(s - top);
  const inputs: Record<string, number> = {
    bestScore: top,
    margin: scores.length > 1 ? top - scores[1]! : top,
    bestShare: 1 / sum,
  };
  for (const name of CONFIDENCE_CANDIDATE_FEATURES) inputs[`best.${name}`] = best[name];
  return inputs;
}

const linearSchema = z.object({
  bias: z.number(),
  weights: z.record(z.string(), z.number()),
  /** Each input is standardised ((x - mean) / scale) before weighting. */
  mean: z.record(z.string(), z.number()),
  scale: z.record(z.string(), z.number().positive()),
});

/** A fitted answer model as `npm run train` writes it (src/core/qa/answer-model.json). */
export const answerModelSchema = z.object({
  format: z.literal('coverage-bot/answer-model'),
  version: z.number().int().positive(),
  description: z.string(),
  fittedOn: z.array(z.string()),
  thresholdRule: z.string(),
  ranker: linearSchema,
  confidence: linearSchema,
  threshold: z.number().min(0).max(1),
});
export type AnswerModel = z.infer<typeof answerModelSchema>;
export type LinearModel = z.infer<typeof linearSchema>;

/** The value of a standardised linear model for named inputs (inputs it does not weigh are ignored). */
export function linearScore(model: LinearModel, inputs: Readonly<Record<string, number>>): number {
  let z = model.bias;
  for (const [name, weight] of Object.entries(model.weights)) {
    const x = inputs[name] ?? 0;
    z += (weight * (x - (model.mean[name] ?? 0))) / (model.scale[name] ?? 1);
  }
  return z;
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Error for a model file that does not fit this code: the message says what to do. */
export class AnswerModelError extends Error {
  override name = 'AnswerModelError';
}

/**
 * Checks a model against the schema and against the features this code computes; a model
 * fitted on other features would score nonsense, so it is refused.
 */
export function parseAnswerModel(data: unknown): AnswerModel {
  const parsed = answerModelSchema.safeParse(data);
  if (!parsed.success) throw new AnswerModelError(`answer model: invalid file (${parsed.error.issues[0]?.message ?? 'schema'}); run npm run train`);
  const model = parsed.data;
  const known = new Set<string>(FEATURE_NAMES);
  const unknownRank = Object.keys(model.ranker.weights).filter((n) => !known.has(n));
  const knownConfidence = new Set<string>(CONFIDENCE_FEATURE_NAMES);
  const unknownConfidence = Object.keys(model.confidence.weights).filter((n) => !knownConfidence.has(n));
  if (unknownRank.length > 0 || unknownConfidence.length > 0) {
    throw new AnswerModelError(`answer model: weighs features this code does not compute (${[...unknownRank, ...unknownConfidence].join(', ')}); run npm run train`);
  }
  return model;
}

/**
 * A scorer from a fitted model: a conditional logit ranks the candidates of a question (a linear
 * score per candidate; softmax over the question's candidates is the probability of each being the
 * answer), and a logistic regression over the ranking's shape and the best candidate's features
 * gives the probability that the coverage answers the question at all.
 */
export function learnedScorer(model: AnswerModel, threshold: number = model.threshold): AnswerScorer {
  return {
    name: `learned v${model.version}`,
    threshold,
    rank: (features) => features.map((f) => linearScore(model.ranker, f as unknown as Record<string, number>)),
    confidence: (ranked, scores) => (ranked.length === 0 ? 0 : sigmoid(linearScore(model.confidence, confidenceInputs(ranked, scores)))),
  };
}

let shipped: AnswerModel | undefined;

/** The model shipped with the code (answer-model.json), validated once. */
export function shippedAnswerModel(): AnswerModel {
  shipped ??= parseAnswerModel(modelJson);
  return shipped;
}
