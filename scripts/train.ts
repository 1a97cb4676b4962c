#!/usr/bin/env node
/**
 * `npm run train`: fits the answer scorer on the development data and writes
 * src/core/qa/answer-model.json. Fits only on the sets eval/sets.ts marks `fit` (dev-qa,
 * extra-qa and the fit half of squad2-dev); held-out sets are never read here.
 *
 * 1. Each question is asked through the same retrieval and features as the bot (weighCandidates);
 *    a candidate is right when its composed answer holds a gold phrase and it is from the gold article.
 * 2. A conditional logit over the candidates' features learns to rank them.
 * 3. A logistic regression over the ranking's shape and the best candidate's features learns the
 *    probability that the coverage answers the question at all (answerable or not). That is what
 *    the bot decides when it answers or refuses; whether its best sentence is right is the
 *    ranker's job, and a model of "right" refuses answerable questions whose answer it doubts.
 * 4. The abstention threshold maximises (answerable questions answered) + (unanswerable questions
 *    refused), each as a share of its kind, on the fit data (Youden's J; see chooseThreshold).
 * Deterministic: no sampling, fixed iteration counts, fixed order.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../src/config/index.js';
import { buildCoverageParts, type CoverageParts } from '../src/core/coverage.js';
import { readCorpus } from '../src/core/ingest/index.js';
import {
  CONFIDENCE_FEATURE_NAMES,
  companionsOf,
  composeAnswer,
  confidenceInputs,
  FEATURE_NAMES,
  featureVector,
  parseAnswerModel,
  type AnswerModel,
  type AnswerScorer,
  type CandidateFeatures,
  type RankedPassage,
  weighCandidates,
} from '../src/core/qa/index.js';
import { readReutersArticles, REUTERS_FILE } from '../eval/distractors.js';
import type { EvalItem } from '../eval/judge.js';
import { isRightAnswer } from '../eval/right-answer.js';
import { coreConfig, questionSets } from '../eval/sets.js';
import { lexiconVectors } from '../eval/vectors.js';
import { chooseThreshold, defaultFitOptions, fitConditionalLogit, fitLogistic, riskCoverage, standardise, standardiser, type ChoiceGroup } from './train/fit.js';

/** Keeps retrieval order: the candidates' features are read without any fitted model. */
const retrievalOrder: AnswerScorer = {
  name: 'retrieval order',
  threshold: 1,
  rank: (features) => features.map((f) => f.bm25Log),
  confidence: () => 0,
};

interface Example {
  set: string;
  answerable: boolean;
  features: CandidateFeatures[];
  right: boolean[];
  /** Each candidate's passage (its article and ordinal), as companionsOf reads it. */
  passages: RankedPassage['hit'][];
  /** Whether the answer composed from candidate `best` with the given companion passages (ordinals) is right. */
  rightWith(best: number, companions: readonly number[]): boolean;
}

/**
 * The confidence model's L2 penalty: ten times the ranker's, since it is fitted on fewer examples
 * (one per question, not one per candidate) and must carry over to other text.
 */
const CONFIDENCE_L2 = 1e-2;

/**
 * How many Reuters-21578 articles join the seeds as the coverage the other corpora's questions are
 * asked of (see collect): enough unrelated news that words of a question find some passage.
 */
const REUTERS_NEGATIVE_ARTICLES = 3000;

/**
 * The examples: every fit set asked of its own coverage; and, as questions the coverage does not
 * cover at all (the kind a news reader asks: "Who is the CEO of Tesla?" of coverage about Ukraine),
 * the answerable fit questions of one corpus asked of another (squad2-dev's fit questions of the
 * seeds with Reuters articles, the seeds' questions of squad2-dev's fit articles), labelled unanswerable.
 */
async function collect(): Promise<{ examples: Example[]; fittedOn: string[] }> {
  const examples: Example[] = [];
  const fittedOn: string[] = [];
  const vectors = lexiconVectors();
  const ask = (name: string, parts: CoverageParts, items: readonly EvalItem[]): void => {
    for (const item of items) {
      const { context, candidates } = weighCandidates(parts.index, item.q, {
        scorer: retrievalOrder,
        statements: parts.statements,
        previous: item.previous,
        vectors,
      });
      if (candidates.length === 0) continue;
      examples.push({
        set: name,
        answerable: item.answerable !== false,
        features: candidates.map((c) => c.features),
        passages: candidates.map((c) => c.hit),
        right: candidates.map((c) => isRightAnswer(item, composeAnswer(parts.index, c.hit, context, 400), c.hit.article.id)),
        rightWith: (best, companions) => {
          const hit = candidates[best]!.hit;
          const text = composeAnswer(parts.index, hit, context, 400, companions);
          return isRightAnswer(item, text, hit.article.id);
        },
      });
    }
    process.stderr.write(`train: read ${name}\n`);
  };
  const fitSets = questionSets().filter((s) => s.fit);
  const partsOf = new Map<string, CoverageParts>();
  for (const set of fitSets) {
    fittedOn.push(`${set.name} (${set.items.length} questions)`);
    if (!partsOf.has(set.corpus)) partsOf.set(set.corpus, buildCoverageParts(await readCorpus(set.corpus, { config: coreConfig }), { config: coreConfig }));
    ask(set.name, partsOf.get(set.corpus)!, set.items);
  }
  const unanswerable = (items: readonly EvalItem[]): EvalItem[] =>
    items.filter((i) => i.answerable !== false && !i.previous).map((i) => ({ id: i.id, q: i.q, answerable: false }));
  const squad = fitSets.find((s) => s.name.startsWith('squad2'));
  const seeds = fitSets.filter((s) => !s.name.startsWith('squad2'));
  if (squad && seeds[0]) {
    const seedsCorpus = await readCorpus(seeds[0].corpus, { config: coreConfig });
    const reuters = existsSync(REUTERS_FILE) ? await readReutersArticles(REUTERS_NEGATIVE_ARTICLES) : [];
    const news = buildCoverageParts({ ...seedsCorpus, articles: [...seedsCorpus.articles, ...reuters] }, { config: coreConfig });
    const name = `squad2-dev fit questions asked of the seeds${reuters.length ? ` and ${reuters.length} Reuters articles` : ''}`;
    fittedOn.push(`${name} (unanswerable there)`);
    ask(name, news, unanswerable(squad.items));
    const seedName = 'dev-qa and extra-qa questions asked of squad2-dev fit articles';
    fittedOn.push(`${seedName} (unanswerable there)`);
    ask(seedName, partsOf.get(squad.corpus)!, unanswerable(seeds.flatMap((s) => s.items)));
  }
  return { examples, fittedOn };
}

/**
 * Every question weighs the same (so the large Wikipedia set dominates: the small news sets would
 * be learnt by heart if weighted up to its size).
 */
function setWeights(examples: readonly Example[]): Map<string, number> {
  return new Map(examples.map((e) => [e.set, 1]));
}

function record(names: readonly string[], values: readonly number[]): Record<string, number> {
  return Object.fromEntries(names.map((n, i) => [n, Math.round(values[i]! * 1e6) / 1e6]));
}

async function main(): Promise<void> {
  const { examples, fittedOn } = await collect();
  const weights = setWeights(examples);

  // 2. Ranker.
  const allRows = examples.flatMap((e) => e.features.map(featureVector));
  const rankScale = standardiser(allRows, FEATURE_NAMES.length);
  const groups: ChoiceGroup[] = examples.map((e) => ({
    rows: e.features.map((f) => standardise(featureVector(f), rankScale)),
    right: e.right,
    weight: weights.get(e.set)!,
  }));
  const rankWeights = fitConditionalLogit(groups, FEATURE_NAMES.length);
  const ranker = { bias: 0, weights: record(FEATURE_NAMES, rankWeights), mean: record(FEATURE_NAMES, rankScale.mean), scale: record(FEATURE_NAMES, rankScale.scale) };

  // 3. Confidence.
  const ranked = groups.map((g, i) => {
    const scores = g.rows.map((row) => row.reduce((s, x, j) => s + x * rankWeights[j]!, 0));
    const order = scores.map((_, k) => k).sort((a, b) => scores[b]! - scores[a]!);
    const e = examples[i]!;
    const inputs = confidenceInputs(order.map((k) => e.features[k]!), order.map((k) => scores[k]!));
    const best = order[0]!;
    const companions = companionsOf(order.map((k) => ({ hit: e.passages[k]!, score: scores[k]! })));
    return { inputs: CONFIDENCE_FEATURE_NAMES.map((n) => inputs[n]!), right: e.rightWith(best, companions), weight: g.weight, set: e.set, answerable: e.answerable };
  });
  const confidenceScale = standardiser(ranked.map((r) => r.inputs), CONFIDENCE_FEATURE_NAMES.length);
  const rows = ranked.map((r) => standardise(r.inputs, confidenceScale));
  // squad2-dev's unanswerable questions are written to share their paragraph's words; on articles
  // not fitted on, nothing here tells them from answerable ones (AUC 0.52), and fitting on them
  // teaches the model to doubt every answer. The confidence model learns from the news sets'
  // unanswerable questions and from questions asked of another corpus (not covered at all).
  const confidenceWeight = ranked.map((r) => (r.answerable || !r.set.startsWith('squad2-dev fit part') ? r.weight : 0));
  const fitted = fitLogistic(rows, ranked.map((r) => r.answerable), confidenceWeight, { ...defaultFitOptions, l2: CONFIDENCE_L2 });
  const confidence = {
    bias: Math.round(fitted[0]! * 1e6) / 1e6,
    weights: record(CONFIDENCE_FEATURE_NAMES, fitted.slice(1)),
    mean: record(CONFIDENCE_FEATURE_NAMES, confidenceScale.mean),
    scale: record(CONFIDENCE_FEATURE_NAMES, confidenceScale.scale),
  };

  // 4. Threshold.
  const scored = ranked.map((r, i) => ({
    confidence: 1 / (1 + Math.exp(-(fitted[0]! + rows[i]!.reduce((s, x, j) => s + x * fitted[j + 1]!, 0)))),
    right: r.right,
    weight: confidenceWeight[i]!,
    answerable: r.answerable,
  }));
  // The decision is to answer or refuse; an answerable question answered (even wrongly) is not a
  // wrong refusal, so the threshold weighs answered answerable questions against refused unanswerable ones.
  const threshold = Math.round(chooseThreshold(scored.map((q) => ({ ...q, right: q.answerable }))) * 1e4) / 1e4;

  const model: AnswerModel = {
    format: 'coverage-bot/answer-model',
    version: 1,
    description:
      'Answer scorer fitted by npm run train (scripts/train.ts): a conditional logit ranks candidate sentences; a logistic regression gives the probability that the coverage answers the question.',
    fittedOn,
    thresholdRule:
      'the confidence that maximises (answerable questions answered) + (unanswerable questions refused), each as a share of its kind, on the fit data (Youden\'s J of the answer-or-refuse decision); squad2-dev\'s adversarial unanswerable questions left out, as in fitting the confidence model',
    ranker,
    confidence,
    threshold,
  };
  parseAnswerModel(model);
  const file = path.join(projectRoot, 'src', 'core', 'qa', 'answer-model.json');
  writeFileSync(file, `${JSON.stringify(model, null, 2)}\n`);

  const top1 = (set?: string): string => {
    const chosen = ranked.filter((r, i) => r.answerable && examples[i]!.right.some(Boolean) && (!set || r.set === set));
    return `${chosen.filter((r) => r.right).length}/${chosen.length}`;
  };
  process.stdout.write(`wrote ${path.relative(projectRoot, file)}: threshold ${threshold}\n`);
  for (const set of [...weights.keys()]) process.stdout.write(`  ${set}: best candidate right when one is: ${top1(set)}\n`);
  process.stdout.write('fit data risk–coverage (share answered → accuracy of answered):\n');
  const curve = riskCoverage(scored);
  for (const share of [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]) {
    const point = curve.find((p) => p.coverage >= share - 1e-9) ?? curve.at(-1)!;
    process.stdout.write(`  ${point.coverage.toFixed(2)} → ${point.accuracy.toFixed(3)} (confidence ≥ ${point.threshold.toFixed(3)})\n`);
  }
  const chosen = curve.filter((p) => p.threshold >= threshold - 1e-4).at(-1);
  if (chosen) process.stdout.write(`  chosen: ${chosen.coverage.toFixed(2)} → ${chosen.accuracy.toFixed(3)} (confidence ≥ ${threshold})\n`);
  const sortedWeights = Object.entries(ranker.weights).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));
  process.stdout.write(`ranker weights: ${sortedWeights.map(([n, w]) => `${n} ${w.toFixed(2)}`).join(', ')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`train: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
