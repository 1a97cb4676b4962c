import { Command, CommanderError } from 'commander';
import { ConfigError } from '../../config/index.js';
import { registerArchiveCommand } from './commands/archive.js';
import { registerArticlesCommand } from './commands/articles.js';
import { registerAskCommand } from './commands/ask.js';
import { registerChatCommand } from './commands/chat.js';
import { registerDoctorCommand } from './commands/doctor.js';
import { registerFeedbackCommand } from './commands/feedback.js';
import { registerIngestCommand } from './commands/ingest.js';
import { registerLatestCommand } from './commands/latest.js';
import { registerReportCommand } from './commands/report.js';
import { registerSpeakersCommand } from './commands/speakers.js';
import { ExitStatus } from './exit-status.js';

/**
 * The `coverage-bot` command line. Each sub-command lives in commands/<name>.ts and registers
 * itself on the program; this file only assembles them and maps failures to exit codes
 * (0 success, 2 bad usage or unreadable input, with a one-line message and never a stack trace;
 * a command may end with its own status through ExitStatus, as `doctor` does with 1).
 */
export async function runCli(argv: string[]): Promise<number> {
  const program = new Command('coverage-bot')
    .description('Answers questions about a collection of news coverage, with citations.')
    .option('-q, --quiet', 'no progress bars (they are drawn only on an interactive terminal anyway)')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text.trimEnd() + '\n') });
  // Sub-commands are registered here as they land (ask, articles, chat, latest, speakers, ingest).
  registerAskCommand(program);
  registerArticlesCommand(program);
  registerChatCommand(program);
  registerDoctorCommand(program);
  registerIngestCommand(program);
  registerLatestCommand(program);
  registerSpeakersCommand(program);
  registerReportCommand(program);
  registerFeedbackCommand(program);
  registerArchiveCommand(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof ExitStatus) return error.status;
    const hint = error instanceof ConfigError ? '\nSee .env.example for every variable and its format.' : '';
    process.stderr.write(`coverage-bot: ${(error as Error).message}${hint}\n`);
    return 2;
  }
}
