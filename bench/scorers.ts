import { heuristicScorer } from '../eval/heuristic-scorer.js';
import type { CoverageParts } from '../src/core/coverage.js';
import { assembleCoverage } from '../src/core/coverage.js';
import type { Answer } from '../src/core/index.js';
import { answerQuestion } from '../src/core/qa/index.js';

/**
 * The answer scorers whose `ask` latency the scale points measure side by side, over the same
 * built coverage: the bot's (the learned scorer, through `coverage.ask`) and the old hand-set rules
 * (eval/heuristic-scorer.ts) through the same answering code. The first is what the bot runs; the
 * bars read every one.
 */
export interface BenchScorer {
  name: string;
  /** An `ask` over the built parts of a coverage. */
  ask(parts: CoverageParts): (question: string) => Answer;
}

export function benchScorers(): BenchScorer[] {
  return [
    {
      name: 'learned',
      ask: (parts) => {
        const coverage = assembleCoverage(parts);
        return (question) => coverage.ask(question);
      },
    },
    {
      name: 'heuristic',
      ask: (parts) => (question) => answerQuestion(parts.index, question, { scorer: heuristicScorer, statements: parts.statements }),
    },
  ];
}
