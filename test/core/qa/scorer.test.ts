import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES, type CandidateFeatures } from '../../../src/core/qa/features.js';
import {
  AnswerModelError,
  CONFIDENCE_FEATURE_NAMES,
  confidenceInputs,
  learnedScorer,
  linearScore,
  parseAnswerModel,
  shippedAnswerModel,
  type AnswerModel,
} from '../../../src/core/qa/scorer.js';

/** A candidate with every feature 0 but those given. */
const candidate = (values: Partial<CandidateFeatures> = {}): CandidateFeatures =>
  ({ ...Object.fromEntries(FEATURE_NAMES.map((n) => [n, 0])), ...values }) as CandidateFeatures;

const copy = (): AnswerModel => JSON.parse(JSON.stringify(shippedAnswerModel())) as AnswerModel;

describe('the shipped answer model', () => {
  it('is valid, versioned, weighs only features this code computes, and says what it was fitted on', () => {
    const model = shippedAnswerModel();
    expect(model.format).toBe('coverage-bot/answer-model');
    expect(model.version).toBe(1);
    expect(Object.keys(model.ranker.weights).every((n) => (FEATURE_NAMES as readonly string[]).includes(n))).toBe(true);
    expect(Object.keys(model.confidence.weights).every((n) => (CONFIDENCE_FEATURE_NAMES as readonly string[]).includes(n))).toBe(true);
    expect(model.threshold).toBeGreaterThan(0);
    expect(model.threshold).toBeLessThan(1);
    expect(model.fittedOn.some((s) => s.startsWith('squad2-dev fit part'))).toBe(true);
    expect(model.fittedOn.some((s) => /report|held/.test(s))).toBe(false);
  });
});

describe('parseAnswerModel', () => {
  it.each([
    ['another format', (m: AnswerModel) => Object.assign(m, { format: 'other/model' })],
    ['a threshold above 1', (m: AnswerModel) => Object.assign(m, { threshold: 1.5 })],
    ['a zero scale', (m: AnswerModel) => Object.assign(m.ranker.scale, { bm25Log: 0 })],
    ['a weight that is not a number', (m: AnswerModel) => Object.assign(m.ranker.weights, { bm25Log: 'high' })],
    ['no confidence model', (m: AnswerModel) => Object.assign(m, { confidence: undefined })],
  ])('refuses a model with %s, saying to run npm run train', (_, spoil) => {
    const model = copy();
    spoil(model);
    expect(() => parseAnswerModel(model)).toThrow(AnswerModelError);
    expect(() => parseAnswerModel(model)).toThrow(/npm run train/);
  });

  it('refuses a model that weighs a feature this code does not compute, naming it', () => {
    const model = copy();
    model.ranker.weights.sentimentScore = 0.4;
    expect(() => parseAnswerModel(model)).toThrow(/sentimentScore/);
  });
});

describe('linearScore', () => {
  it('standardises each weighed input and ignores the others', () => {
    const model = { bias: 0.5, weights: { a: 2, b: -1 }, mean: { a: 1, b: 0 }, scale: { a: 2, b: 4 } };
    expect(linearScore(model, { a: 5, b: 8, c: 100 })).toBeCloseTo(0.5 + (2 * (5 - 1)) / 2 - 8 / 4);
    expect(linearScore(model, {})).toBeCloseTo(0.5 - 1);
  });
});

describe('learnedScorer', () => {
  const model: AnswerModel = {
    ...copy(),
    ranker: { bias: 0, weights: { coverSentence: 3 }, mean: {}, scale: {} },
    confidence: { bias: -1, weights: { bestShare: 4 }, mean: {}, scale: {} },
    threshold: 0.5,
  };
  const scorer = learnedScorer(model);

  it('ranks candidates by the fitted weights, in the order given', () => {
    expect(scorer.rank([candidate({ coverSentence: 0.2 }), candidate({ coverSentence: 0.9 })])).toEqual([0.2 * 3, 0.9 * 3].map((x) => expect.closeTo(x)));
  });

  it('is more confident when the best candidate stands out, and has no confidence without candidates', () => {
    const alone = [candidate()];
    const close = [candidate(), candidate()];
    const standsOut = scorer.confidence(alone, [2]);
    const shared = scorer.confidence(close, [2, 2]);
    expect(confidenceInputs(alone, [2]).bestShare).toBe(1);
    expect(confidenceInputs(close, [2, 2]).bestShare).toBeCloseTo(0.5);
    expect(standsOut).toBeGreaterThan(shared);
    expect(standsOut).toBeCloseTo(1 / (1 + Math.exp(-(-1 + 4))));
    expect(scorer.confidence([], [])).toBe(0);
    expect(learnedScorer(model, 0.9).threshold).toBe(0.9);
  });
});
