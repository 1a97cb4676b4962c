import type { CoverageParts } from '../src/core/coverage.js';
import type { Answer } from '../src/core/index.js';
import { assembleCoverage } from '../src/core/coverage.js';

/**
 * The answer scorers whose `ask` latency the scale points measure side by side, over the same
 * built coverage. The first is what the bot runs; the bars read every one. A scorer added to
 * src/core/qa (issue 14: the learned scorer beside the old hand-set rules) is listed here as
 *   { name: 'heuristic', ask: (parts) => (q) => answerQuestion(parts.index, q, { scorer, statements: parts.statements }) }
 */
export interface BenchScorer {
  name: string;
  /** An `ask` over the built parts of a coverage. */
  ask(parts: CoverageParts): (question: string) => Answer;
}

export function benchScorers(): BenchScorer[] {
  return [
    {
      name: 'default',
      ask: (parts) => {
        const coverage = assembleCoverage(parts);
        return (question) => coverage.ask(question);
      },
    },
  ];
}
