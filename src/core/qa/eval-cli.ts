#!/usr/bin/env node
/**
 * `npm run eval [-- FILE... --json --corpus DIR --distractors N]`: answers eval questions through the
 * same path as the CLI (load the coverage, then ask) and prints citation@1, answer accuracy,
 * abstention accuracy and false-abstention rate. `--distractors N` adds N Reuters articles (all with
 * `--distractors all`) in memory to measure robustness; they are never written to the corpus.
 * The statement sets are scored by eval/statements.ts, which `npm run eval` runs first.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../../config/index.js';
import { buildCoverage, loadCoverage, type Coverage } from '../index.js';
import { readCorpus } from '../ingest/index.js';
import { judge, readEvalItems, summarizeOutcomes, type EvalReport } from './eval.js';
import { readReutersArticles } from './distractors.js';

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        corpus: { type: 'string' },
        distractors: { type: 'string' },
      },
    });
  } catch (error) {
    process.stderr.write(`eval: ${(error as Error).message}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const files = positionals.length > 0 ? positionals : [path.join(projectRoot, 'test', 'fixtures', 'eval', 'dev-qa.jsonl')];
  const corpusDir = path.resolve(values.corpus ?? process.env.CORPUS_DIR ?? path.join(projectRoot, 'seeds'));
  const distractors = values.distractors === undefined ? 0 : values.distractors === 'all' ? Infinity : Number(values.distractors);
  if (!Number.isFinite(distractors) && distractors !== Infinity) {
    process.stderr.write('eval: --distractors takes a number or "all"\n');
    return 2;
  }

  const started = performance.now();
  let coverage: Coverage;
  if (distractors > 0) {
    const corpus = await readCorpus(corpusDir);
    const extra = await readReutersArticles(distractors === Infinity ? undefined : distractors);
    coverage = buildCoverage({ ...corpus, articles: [...corpus.articles, ...extra] });
  } else {
    coverage = await loadCoverage(corpusDir);
  }
  const loadMs = Math.round(performance.now() - started);

  const reports: Record<string, EvalReport> = {};
  for (const file of files) {
    const items = readEvalItems(file);
    const outcomes = items.map((item) => judge(item, coverage.ask(item.q, item.previous ? { previous: item.previous } : {})));
    reports[path.basename(file)] = summarizeOutcomes(outcomes);
  }

  const summary = coverage.summary();
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ corpus: corpusDir, articles: summary.articles, passages: summary.passages, load_ms: loadMs, reports })}\n`);
    return 0;
  }
  process.stdout.write(`coverage: ${summary.articles} articles, ${summary.passages} passages (loaded in ${loadMs} ms)\n`);
  for (const [name, r] of Object.entries(reports)) {
    process.stdout.write(
      `\n${name}: ${r.items} questions (${r.answerable} answerable, ${r.unanswerable} unanswerable)\n` +
        `  citation@1            ${r.citation_at_1.toFixed(3)}   (bar >= 0.90)\n` +
        `  answer accuracy       ${r.answer_accuracy.toFixed(3)}   (bar >= 0.80)\n` +
        `  abstention accuracy   ${r.abstention_accuracy.toFixed(3)}   (bar >= 0.90)\n` +
        `  false abstention      ${r.false_abstention_rate.toFixed(3)}   (bar <= 0.10)\n`,
    );
    for (const f of r.failures) {
      process.stdout.write(`  ✗ ${f.id} ${f.q}\n      ${f.why}; cited ${f.cited ?? '-'}: ${f.answer.slice(0, 160)}\n`);
    }
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`eval: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
