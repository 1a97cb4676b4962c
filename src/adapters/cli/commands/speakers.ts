import type { Command } from 'commander';
import { openCoverage } from './ask.js';

/** `coverage-bot speakers` — who the coverage quotes, with statement counts, most quoted first. */
export function registerSpeakersCommand(program: Command): void {
  program
    .command('speakers')
    .description('list the speakers the coverage quotes with their statement counts')
    .option('--json', 'print a JSON array of {speaker, role, statements}')
    .option('--corpus <dir>', 'coverage folder (default: $CORPUS_DIR, else seeds/)')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<{ json?: boolean; corpus?: string }>();
      const coverage = await openCoverage(options.corpus, options);
      const speakers = coverage.speakers();
      if (options.json) {
        process.stdout.write(`${JSON.stringify(speakers, null, 2)}\n`);
        return;
      }
      if (speakers.length === 0) {
        process.stdout.write('No speakers found.\n');
        return;
      }
      const width = Math.max(...speakers.map((s) => String(s.statements).length));
      for (const s of speakers) {
        process.stdout.write(`${String(s.statements).padStart(width)}  ${s.speaker}${s.role ? ` (${s.role})` : ''}\n`);
      }
    });
}
