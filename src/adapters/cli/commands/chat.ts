import readline from 'node:readline';
import type { Command } from 'commander';
import { watchCoverage, type Coverage, type CoverageSource } from '../../../core/index.js';
import { parseTypedVote as parseRating, type BotService, type User } from '../../../service/index.js';
import { formatAnswerText, openCoverageWith, reportSkipped, withQuestionLimit } from './ask.js';
import { openBotService } from './service-store.js';

interface ChatOptions {
  corpus?: string;
  quiet?: boolean;
}

const HELP =
  'Ask a question about the coverage. "more" shows other passages for the last question, ' +
  '"good" / "bad" rate the last answer ("bad wrong source" says why), "exit" quits.';

/** The one person at the terminal, as the service sees them (hashed like any user). */
const TERMINAL_USER: User = { platform: 'cli', id: 'terminal' };

/**
 * `coverage-bot chat [--corpus DIR]` — an interactive chat over the coverage, through the same
 * service as the bots (answer cache, follow-ups, "more", ratings, the question log in the
 * configured store). Reads piped stdin too, printing one answer per line of input. The coverage
 * follows its folders: an article ingested while the chat runs is answered from once it is read
 * (rebuilt in a worker thread, the chat answering from the previous version meanwhile).
 */
export function registerChatCommand(program: Command): void {
  program
    .command('chat')
    .description('chat with the coverage in the terminal (follow-up questions use the previous one; "good"/"bad" rate an answer)')
    .option('--corpus <dir>', 'coverage folder (default: $CORPUS_DIR, else seeds/)')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ChatOptions>();
      const { coverage, source, close: stopFollowing } = await openFollowedCoverage(options.corpus, options);
      const { service, close } = await openBotService(source);
      try {
        await runChat(coverage, service, process.stdin, process.stdout);
      } finally {
        await close();
        await stopFollowing();
      }
    });
}

/** The coverage of the chat, kept current as its folders change; `close` stops following and waits for a pending snapshot write. */
async function openFollowedCoverage(
  corpus: string | undefined,
  output: { quiet?: boolean },
): Promise<{ coverage: Coverage; source: CoverageSource; close(): Promise<void> }> {
  const { coverage, folders, load } = await openCoverageWith(corpus, { ...output, worker: true });
  if (!load || folders.length === 0) return { coverage, source: { current: () => coverage }, close: async () => undefined };
  const { loadConfig } = await import('../../../config/index.js');
  const maxQuestionLength = loadConfig().maxQuestionLength;
  let reported = coverage.corpus.skipped.length;
  let first: Coverage | undefined = coverage;
  const live = await watchCoverage(folders, {
    // The first load is the one just made; later ones rebuild from the folders.
    load: async (dirs: string[]) => {
      if (first) {
        const loaded = first;
        first = undefined;
        return loaded;
      }
      const next = await load(dirs.length === 1 ? dirs[0]! : dirs);
      // Skipped files are listed again only when the list changed.
      if (next.corpus.skipped.length !== reported) reportSkipped(next);
      reported = next.corpus.skipped.length;
      return withQuestionLimit(next, maxQuestionLength);
    },
    onError: (error) =>
      process.stderr.write(`coverage-bot: note: could not re-read the coverage; still answering from the previous version (${error.message})\n`),
  });
  return {
    coverage,
    source: live,
    close: async () => {
      live.close();
      await load.saved();
    },
  };
}

/** The conversation loop; ends at end of input or on "exit"/"quit". */
export async function runChat(coverage: Coverage, service: BotService, input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<void> {
  const interactive = Boolean((input as { isTTY?: boolean }).isTTY);
  const lines = readline.createInterface({ input, output: interactive ? output : undefined, terminal: interactive });
  const summary = coverage.summary();
  if (interactive) {
    const span = summary.from && summary.to ? `, ${summary.from} to ${summary.to}` : '';
    output.write(`coverage-bot: ${summary.articles} articles${span}. ${HELP}\n`);
    lines.setPrompt('> ');
    lines.prompt();
  }
  // The last answer: what "more" pages through, what "good"/"bad" rate, what a follow-up follows.
  let last: { context: Parameters<BotService['more']>[0]; answerId: string; nextOffset: number } | undefined;
  const say = (text: string) => {
    output.write(`${text}\n\n`);
    if (interactive) lines.prompt();
  };
  for await (const raw of lines) {
    const line = raw.trim();
    if (line === '') {
      if (interactive) lines.prompt();
      continue;
    }
    const command = line.toLowerCase().replace(/[.!?]+$/, '');
    if (command === 'exit' || command === 'quit' || command === 'bye') break;
    if (command === 'help' || command === '/help') {
      say(HELP);
      continue;
    }
    if (command === 'more' || command === 'more like this') {
      if (!last) {
        say('Ask a question first, then "more" shows other sources for it.');
        continue;
      }
      const page = await service.more(last.context, last.nextOffset);
      if (page.kind === 'more') last.nextOffset = page.nextOffset;
      say(page.kind === 'more' ? formatAnswerText(page.answer) : page.message);
      continue;
    }
    const rating = parseRating(line);
    if (rating) {
      if (!last) {
        say('Ask a question first, then "good" or "bad" rates its answer.');
        continue;
      }
      say((await service.vote(TERMINAL_USER, { answerId: last.answerId, ...rating })).message);
      continue;
    }
    // Every question may follow up the last one; the core decides whether it stands alone.
    const result = await service.ask({ user: TERMINAL_USER, question: line, followUp: last?.context, admitted: true });
    if (result.kind === 'refused') {
      say(result.message);
      continue;
    }
    last = { context: result.context, answerId: result.answerId, nextOffset: result.answer.citations.length };
    say(formatAnswerText(result.answer));
  }
  lines.close();
}
