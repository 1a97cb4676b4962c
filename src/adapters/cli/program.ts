import { Command, CommanderError } from 'commander';
import { registerArchiveCommand } from './commands/archive.js';
import { registerArticlesCommand } from './commands/articles.js';
import { registerAskCommand } from './commands/ask.js';
import { registerChatCommand } from './commands/chat.js';
import { registerIngestCommand } from './commands/ingest.js';
import { registerLatestCommand } from './commands/latest.js';
import { registerSpeakersCommand } from './commands/speakers.js';

/**
 * The `coverage-bot` command line. Each sub-command lives in commands/<name>.ts and registers
 * itself on the program; this file only assembles them and maps failures to exit codes
 * (0 success, 2 bad usage or unreadable input, with a one-line message and never a stack trace).
 */
export async function runCli(argv: string[]): Promise<number> {
  const program = new Command('coverage-bot')
    .description('Answers questions about a collection of news coverage, with citations.')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text.trimEnd() + '\n') });
  // Sub-commands are registered here as they land (ask, articles, chat, latest, speakers, ingest).
  registerAskCommand(program);
  registerArticlesCommand(program);
  registerChatCommand(program);
  registerIngestCommand(program);
  registerLatestCommand(program);
  registerSpeakersCommand(program);
  registerArchiveCommand(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    process.stderr.write(`coverage-bot: ${(error as Error).message}\n`);
    return 2;
  }
}
