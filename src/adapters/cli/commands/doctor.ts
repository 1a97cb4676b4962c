import type { Command } from 'commander';
import { ExitStatus } from '../exit-status.js';
import { createProgress, progressWanted } from '../progress.js';

/**
 * `coverage-bot doctor [--json]` — checks the set-up (Node.js, configuration, config files, corpus
 * and data folders, persisted index, Redis, Telegram, Discord, archive) and says, for each
 * problem, what to do. Exit status 0 when every check passed, 1 otherwise.
 */
export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('check the set-up (tokens, Redis, folders, index, config files) and say how to fix what is wrong')
    .option('--json', 'print the report as one JSON object: {ok, checks: [{id, title, status, detail, fix?, items?}]}')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<{ json?: boolean; quiet?: boolean }>();
      // Loaded here: the clients it checks with (discord.js, telegraf, node-redis) would slow every other command's start.
      const { formatDoctorReport, runDoctor } = await import('../doctor/index.js');
      const progress = createProgress(progressWanted(options));
      let report;
      try {
        report = await runDoctor({ onProgress: progress.onProgress });
      } finally {
        progress.stop();
      }
      process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : formatDoctorReport(report));
      if (!report.ok) throw new ExitStatus(1);
    });
}
