#!/usr/bin/env node
/**
 * `npm run eval [-- --json --only NAME --failures --distractors N] [FILE.jsonl --corpus DIR]`:
 * asks every question set (eval/sets.ts) through the same path as `coverage-bot ask --json`
 * (coverage.ask) and prints, side by side, the learned scorer, the old hand-set heuristic and a
 * plain MiniSearch top-sentence baseline (and the same with the next sentence of its article, to
 * compare at a like answer length): citation@1, answer accuracy, unanswerable refused, answerable
 * wrongly refused, mean answer length; then the learned scorer's risk–coverage view, and the
 * statement sets.
 * `--distractors N` adds N Reuters articles in memory to the seeds sets (robustness).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { assembleCoverage, buildCoverageParts, type CoverageParts } from '../src/core/coverage.js';
import { readCorpus } from '../src/core/ingest/index.js';
import { answerQuestion, companionsOf, composeAnswer, weighCandidates, type Answer } from '../src/core/qa/index.js';
import { miniSearchBaseline } from './baseline.js';
import { readReutersArticles } from './distractors.js';
import { heuristicScorer } from './heuristic-scorer.js';
import { judge, readEvalItems, summarizeOutcomes, type EvalItem, type EvalOutcome, type EvalReport } from './judge.js';
import { riskCoverage, type ScoredQuestion } from '../scripts/train/fit.js';
import { isRightAnswer } from './right-answer.js';
import { coreConfig, questionSets, type QuestionSet } from './sets.js';
import { formatStatementSetReports, statementSetReports, statementSets } from './statements.js';
import { lexiconVectors } from './vectors.js';

const SCORERS = ['learned', 'heuristic', 'baseline', 'baselineTwo'] as const;
type ScorerName = (typeof SCORERS)[number];
const LABEL: Record<ScorerName, string> = { learned: 'learned scorer', heuristic: 'old heuristic', baseline: 'MiniSearch top sentence', baselineTwo: 'MiniSearch two sentences' };

interface SetResult {
  name: string;
  fit: boolean;
  outcomes: Record<ScorerName, EvalOutcome[]>;
  curve: ScoredQuestion[];
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        failures: { type: 'boolean', default: false },
        only: { type: 'string' },
        corpus: { type: 'string' },
        distractors: { type: 'string' },
      },
    });
  } catch (error) {
    process.stderr.write(`eval: ${(error as Error).message}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const distractors = values.distractors === undefined ? 0 : values.distractors === 'all' ? undefined : Number(values.distractors);
  if (distractors !== undefined && !Number.isFinite(distractors)) {
    process.stderr.write('eval: --distractors takes a number or "all"\n');
    return 2;
  }
  let sets: QuestionSet[] =
    positionals.length > 0
      ? positionals.map((file) => ({ name: path.basename(file), corpus: path.resolve(values.corpus ?? 'seeds'), items: readEvalItems(file), fit: false }))
      : questionSets();
  if (values.only) sets = sets.filter((s) => s.name.includes(values.only!));

  const vectors = lexiconVectors();
  const partsByCorpus = new Map<string, CoverageParts>();
  const extra = distractors === 0 ? [] : await readReutersArticles(distractors);
  const results: SetResult[] = [];
  for (const set of sets) {
    if (set.name === 'squad2-dev whole') {
      const halves = results.filter((r) => r.name.startsWith('squad2-dev '));
      if (halves.length === 2) {
        results.push({
          name: set.name,
          fit: false,
          outcomes: Object.fromEntries(SCORERS.map((s) => [s, halves.flatMap((h) => h.outcomes[s])])) as SetResult['outcomes'],
          curve: halves.flatMap((h) => h.curve),
        });
        continue;
      }
    }
    let parts = partsByCorpus.get(set.corpus);
    if (!parts) {
      const corpus = await readCorpus(set.corpus, { config: coreConfig });
      const articles = set.corpus.endsWith('seeds') ? [...corpus.articles, ...extra] : corpus.articles;
      parts = buildCoverageParts({ ...corpus, articles }, { config: coreConfig });
      partsByCorpus.set(set.corpus, parts);
    }
    results.push(evaluateSet(set, parts, vectors));
    process.stderr.write(`eval: ${set.name} done\n`);
  }

  const reports = results.map((r) => ({
    name: r.name,
    fit: r.fit,
    scorers: Object.fromEntries(SCORERS.map((s) => [s, summarizeOutcomes(r.outcomes[s])])) as Record<ScorerName, EvalReport>,
    riskCoverage: curvePoints(r.curve),
  }));
  const statementSetsFound = statementSets();
  const statementMetrics = await statementSetReports(statementSetsFound.sets);
  const statements = Object.fromEntries(Object.entries(statementMetrics).map(([k, { missed, wrong, ...m }]) => [k, { ...m, missed: missed.length, wrong: wrong.length }]));
  if (values.json) {
    const slim = reports.map((r) => ({ ...r, scorers: Object.fromEntries(Object.entries(r.scorers).map(([k, v]) => [k, { ...v, failures: v.failures.length }])) }));
    process.stdout.write(`${JSON.stringify({ reports: slim, statements })}\n`);
    return 0;
  }
  for (const r of reports) {
    const l = r.scorers.learned;
    process.stdout.write(
      `\n${r.name}${r.fit ? ' (fitted on)' : ''}: ${l.items} questions (${l.answerable} answerable, ${l.unanswerable} unanswerable)\n` +
        `  ${'scorer'.padEnd(26)}citation@1  answer  refused  wrongly refused  answer chars\n`,
    );
    for (const s of SCORERS) {
      const x = r.scorers[s];
      process.stdout.write(
        `  ${LABEL[s].padEnd(26)}${x.citation_at_1.toFixed(3).padStart(10)}  ${x.answer_accuracy.toFixed(3).padStart(6)}  ${x.abstention_accuracy.toFixed(3).padStart(7)}  ${x.false_abstention_rate.toFixed(3).padStart(15)}  ${String(x.mean_answer_chars).padStart(12)}\n`,
      );
    }
    process.stdout.write(`  risk–coverage (learned; answered share → accuracy of answered): ${r.riskCoverage.map((p) => `${p.coverage.toFixed(2)}→${p.accuracy.toFixed(2)}`).join('  ')}\n`);
    if (values.failures) {
      for (const f of r.scorers.learned.failures) process.stdout.write(`  ✗ ${f.id} ${f.q}\n      ${f.why}; cited ${f.cited ?? '-'}: ${f.answer.slice(0, 160)}\n`);
    }
  }
  process.stdout.write(formatStatementSetReports(statementMetrics, statementSetsFound.skipped));
  return 0;
}

function evaluateSet(set: QuestionSet, parts: CoverageParts, vectors: ReturnType<typeof lexiconVectors>): SetResult {
  const coverage = assembleCoverage(parts);
  const baseline = miniSearchBaseline(parts.corpus.articles);
  const baselineTwo = miniSearchBaseline(parts.corpus.articles, { sentences: 2 });
  const ask = (item: EvalItem, scorer: ScorerName): Answer => {
    const previous = item.previous ? { previous: item.previous } : {};
    if (scorer === 'learned') return coverage.ask(item.q, previous);
    if (scorer === 'heuristic') return answerQuestion(parts.index, item.q, { ...previous, statements: parts.statements, scorer: heuristicScorer, vectors });
    return scorer === 'baselineTwo' ? baselineTwo(item.q) : baseline(item.q);
  };
  const outcomes = Object.fromEntries(SCORERS.map((s) => [s, set.items.map((item) => judge(item, ask(item, s)))])) as SetResult['outcomes'];
  const curve = set.items.map((item) => {
    const { context, candidates, confidence } = weighCandidates(parts.index, item.q, { statements: parts.statements, previous: item.previous, vectors });
    const best = candidates[0];
    const right = best ? isRightAnswer(item, composeAnswer(parts.index, best.hit, context, 400, companionsOf(candidates)), best.hit.article.id) : false;
    return { confidence, right, weight: 1 };
  });
  return { name: set.name, fit: set.fit, outcomes, curve };
}

/** The risk–coverage curve at every fifth of the questions answered. */
function curvePoints(curve: readonly ScoredQuestion[]): { coverage: number; accuracy: number; threshold: number }[] {
  const points = riskCoverage(curve);
  return [0.2, 0.4, 0.6, 0.8, 1].map((share) => points.find((p) => p.coverage >= share - 1e-9) ?? points.at(-1)!).filter(Boolean);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`eval: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
