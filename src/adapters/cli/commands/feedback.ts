import type { Command } from 'commander';
import { feedbackExamples } from '../../../service/index.js';
import { parseSince } from './report.js';
import { openConfiguredStore } from './service-store.js';

/**
 * `coverage-bot feedback --jsonl [--since DATE]` — every rated answer as one JSON line: question,
 * answer, confident, cited article ids, coverage version, vote and reason. Labelled examples for
 * training the answer chooser; no user id of any kind.
 */
export function registerFeedbackCommand(program: Command): void {
  program
    .command('feedback')
    .description('export rated answers as labelled examples (JSON lines) for training the answer chooser')
    .option('--jsonl', 'one JSON object per line (the only format, and the default)')
    .option('--since <date>', 'only ratings from this day on (YYYY-MM-DD, UTC)')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<{ since?: string }>();
      const since = parseSince(options.since);
      const store = await openConfiguredStore();
      try {
        for (const example of feedbackExamples(await store.feedback.list(since))) process.stdout.write(`${JSON.stringify(example)}\n`);
      } finally {
        await store.close();
      }
    });
}
