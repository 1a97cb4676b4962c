import readline from 'node:readline';
import type { Command } from 'commander';
import { nextConversationContext, watchCoverage, type Answer, type Coverage, type CoverageSource } from '../../../core/index.js';
import { formatAnswerText, openCoverageWith, reportSkipped, withQuestionLimit } from './ask.js';

interface ChatOptions {
  corpus?: string;
}

const HELP = 'Ask a question about the coverage. "more" shows other passages for the last question, "exit" quits.';

/** Said when "more" finds no further source: the question has an answer, there is just nothing more. */
export const NO_MORE_SOURCES = 'There are no other sources on that question.';

/**
 * `coverage-bot chat [--corpus DIR]` — an interactive chat over the coverage. Follow-up questions
 * ("and what did he say about Istanbul?") use the previous question; "more" pages through further
 * sources. Reads piped stdin too, printing one answer per line of input. The coverage follows its
 * folders: an article ingested while the chat runs is answered from once it is read.
 */
export function registerChatCommand(program: Command): void {
  program
    .command('chat')
    .description('chat with the coverage in the terminal (follow-up questions use the previous one)')
    .option('--corpus <dir>', 'coverage folder (default: $CORPUS_DIR, else seeds/)')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ChatOptions>();
      const { coverage, folders, load } = await openCoverageWith(options.corpus, { worker: true });
      const { loadConfig } = await import('../../../config/index.js');
      const maxQuestionLength = loadConfig().maxQuestionLength;
      let reported = coverage.corpus.skipped.length;
      const live = await watchCoverage(folders, {
        // The first load is the one just made; later ones rebuild (in a worker) from the folders.
        load: (() => {
          let first: Coverage | undefined = coverage;
          return async (dirs: string[]) => {
            if (first) {
              const loaded = first;
              first = undefined;
              return loaded;
            }
            const next = await load(dirs.length === 1 ? dirs[0]! : dirs);
            // Only newly skipped files are reported again.
            if (next.corpus.skipped.length !== reported) reportSkipped(next);
            reported = next.corpus.skipped.length;
            return withQuestionLimit(next, maxQuestionLength);
          };
        })(),
        onError: (error) => process.stderr.write(`coverage-bot: note: could not re-read the coverage; still answering from the previous version (${error.message})\n`),
      });
      try {
        await runChat(live, process.stdin, process.stdout);
      } finally {
        live.close();
        await load.saved();
      }
    });
}

/** The conversation loop; ends at end of input or on "exit"/"quit". Each question is asked of the coverage's current version. */
export async function runChat(source: Coverage | CoverageSource, input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<void> {
  const current = (): Coverage => ('current' in source ? source.current() : source);
  const interactive = Boolean((input as { isTTY?: boolean }).isTTY);
  const lines = readline.createInterface({ input, output: interactive ? output : undefined, terminal: interactive });
  const summary = current().summary();
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
      answer = current().ask(lastQuestion, { offset, previous: lastContext });
      // Past the sources that answer it, the core says "the coverage does not say", which would
      // read as if the question had no answer at all.
      if (!answer.error && (answer.citations.length === 0 || !answer.confident)) {
        offset -= 1;
        output.write(`${NO_MORE_SOURCES}\n\n`);
        if (interactive) lines.prompt();
        continue;
      }
    } else {
      answer = current().ask(line, previous ? { previous } : {});
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
