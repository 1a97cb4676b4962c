import type { AskOptions } from '../src/core/index.js';

/**
 * The answer scorers whose `ask` latency the scale points measure side by side, each as the
 * options given to `coverage.ask`. The first is what the bot runs; the table and the bars read it.
 * A scorer added to src/core/qa (issue 14: the learned scorer beside the old hand-set rules) is
 * listed here with the option that selects it, e.g. `{ name: 'heuristic', options: { scorer } }`.
 */
export interface BenchScorer {
  name: string;
  options: AskOptions;
}

export function benchScorers(): BenchScorer[] {
  return [{ name: 'default', options: {} }];
}
