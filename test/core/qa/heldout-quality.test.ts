import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCoverage } from '../../../src/core/index.js';
import { readCorpus } from '../../../src/core/ingest/index.js';
import { miniSearchBaseline } from '../../../eval/baseline.js';
import { judge, summarizeOutcomes, type EvalReport } from '../../../eval/judge.js';
import { questionSets, SQUAD_DIR } from '../../../eval/sets.js';
import { loadCoreConfig } from '../../../src/config/index.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();

/**
 * Sets never fitted on (eval/sets.ts): paraphrased questions over the seeds, articles of other
 * outlets, questions in a reader's words over 40 and over 72 other Reuters wire stories, and the
 * report half of squad2-dev. Floors are the learned scorer's figures measured when the model was
 * fitted (see README), to catch a regression; the quality bars themselves are printed by `npm run eval`.
 */
const floors: Record<string, { citation: number; accuracy: number; abstention: number; falseAbstention: number }> = {
  'heldout-qa': { citation: 0.75, accuracy: 0.58, abstention: 0.66, falseAbstention: 0.25 },
  'other-qa': { citation: 0.95, accuracy: 0.76, abstention: 0.66, falseAbstention: 0.24 },
  'reuters-qa': { citation: 0.92, accuracy: 0.57, abstention: 0.42, falseAbstention: 0.33 },
  'reuters-qa-2': { citation: 0.95, accuracy: 0.64, abstention: 0.33, falseAbstention: 0.2 },
  'squad2-dev report part': { citation: 0.93, accuracy: 0.69, abstention: 0.12, falseAbstention: 0.1 },
};

function expectFloor(report: EvalReport, floor: (typeof floors)[string]): void {
  const detail = JSON.stringify(report.failures.slice(0, 20), null, 1);
  expect(report.citation_at_1, detail).toBeGreaterThanOrEqual(floor.citation);
  expect(report.answer_accuracy, detail).toBeGreaterThanOrEqual(floor.accuracy);
  expect(report.abstention_accuracy, detail).toBeGreaterThanOrEqual(floor.abstention);
  expect(report.false_abstention_rate, detail).toBeLessThanOrEqual(floor.falseAbstention);
}

const sets = questionSets().filter((s) => s.name in floors);

describe('answer quality on sets never fitted on', () => {
  for (const set of sets) {
    it(`does not fall below the measured figures on ${set.name}`, async () => {
      const coverage = await loadCoverage(set.corpus, { config: coreConfig });
      const report = summarizeOutcomes(set.items.map((item) => judge(item, coverage.ask(item.q, item.previous ? { previous: item.previous } : {}))));
      expectFloor(report, floors[set.name]!);
      // The learned scorer answers at least as often right as a plain MiniSearch top sentence.
      {
        const baseline = miniSearchBaseline((await readCorpus(set.corpus, { config: coreConfig })).articles);
        const plain = summarizeOutcomes(set.items.map((item) => judge(item, baseline(item.q))));
        expect(report.answer_accuracy).toBeGreaterThanOrEqual(plain.answer_accuracy);
      }
    }, 180_000);
  }
  it.skipIf(existsSync(SQUAD_DIR))('skips squad2-dev: ../shared/eval/squad2-dev is absent', () => {
    expect(sets.some((s) => s.name.startsWith('squad2'))).toBe(false);
  });
});
