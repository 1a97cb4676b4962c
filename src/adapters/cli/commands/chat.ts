import readline from 'node:readline';
import type { Command } from 'commander';
import { nextConversationContext, type Answer, type Coverage } from '../../../core/index.js';
import { formatAnswerText, openCoverage } from './ask.js';

interface ChatOptions {
  corpus?: string;
  quiet?: boolean;
}

const HELP = 'Ask a question about the coverage. "more" shows other passages for the last question, "exit" quits.';

/**
 * `coverage-bot chat [--corpus DIR]` — an interactive chat over the coverage. Follow-up questions
 * ("and what did he say about Istanbul?") use the previous question; "more" pages through further
 * sources. Reads piped stdin too, printing one answer per line of input.
 */
export function registerChatCommand(program: Command): void {
  program
    .command('chat')
    .description('chat with the coverage in the terminal (follow-up questions use the previous one)')
    .option('--corpus <dir>', 'coverage folder (default: $CORPUS_DIR, else seeds/)')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ChatOptions>();
      const coverage = await openCoverage(options.corpus, options);
      await runChat(coverage, process.stdin, process.stdout);
    });
}

/** The conversation loop; ends at end of input or on "exit"/"quit". */
export async function runChat(coverage: Coverage, input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<void> {
  const interactive = Boolean((input as { isTTY?: boolean }).isTTY);
  const lines = readline.createInterface({ input, output: interactive ? output : undefined, terminal: interactive });
  const summary = coverage.summary();
  if (interactive) {
    const span = summary.from && summary.to ? `, ${summary.from} to ${summary.to}` : '';
    output.write(`coverage-bot: ${summary.articles} articles${span}. ${HELP}\n`);
    lines.setPrompt('> ');
    lines.prompt();
  }
  // The conversation so far: the last question, the context it was asked in, and the context for the next one.
  let lastQuestion: string | undefined;
  let lastContext: string | undefined;
  let previous: string | undefined;
  let offset = 0;
  for await (const raw of lines) {
    const line = raw.trim();
    if (line === '') {
      if (interactive) lines.prompt();
      continue;
    }
    const command = line.toLowerCase().replace(/[.!?]+$/, '');
    if (command === 'exit' || command === 'quit' || command === 'bye') break;
    let answer: Answer;
    if (command === 'help' || command === '/help') {
      output.write(`${HELP}\n\n`);
      if (interactive) lines.prompt();
      continue;
    } else if (command === 'more' || command === 'more like this') {
      if (!lastQuestion) {
        output.write('Ask a question first, then "more" shows other sources for it.\n\n');
        if (interactive) lines.prompt();
        continue;
      }
      offset += 1;
      answer = coverage.ask(lastQuestion, { offset, previous: lastContext });
    } else {
      answer = coverage.ask(line, previous ? { previous } : {});
      if (!answer.error) {
        lastQuestion = line;
        lastContext = previous;
        previous = nextConversationContext(previous, line);
        offset = 0;
      }
    }
    output.write(`${formatAnswerText(answer)}\n\n`);
    if (interactive) lines.prompt();
  }
  lines.close();
}
