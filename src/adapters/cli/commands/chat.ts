import readline from 'node:readline';
import type { Command } from 'commander';
import { watchCoverage, type Coverage, type CoverageSource } from '../../../core/index.js';
import { latestFor, latestQueryProblem, parseTypedVote as parseRating, partialNotice, type BotService, type User } from '../../../service/index.js';
import { formatArticleLine } from './articles.js';
import { formatAnswerText, openCoverageWith, reportSkipped, withQuestionLimit } from './ask.js';
import { formatStatements, newestFirst } from './latest.js';
import { openBotService } from './service-store.js';

interface ChatOptions {
  corpus?: string;
  quiet?: boolean;
}

const HELP =
  'Ask a question about the coverage. "more" shows other passages for the last question, ' +
  '"good" / "bad" rate the last answer ("bad wrong source" says why), ' +
  '"/latest" lists the newest statements ("/latest Peskov" of a speaker, "/latest ceasefire" on a topic), ' +
  '"/sources" the articles, "exit" quits.';

/** Articles /sources lists in the chat, newest first (`coverage-bot articles` lists them all). */
const SOURCES_LISTED = 20;

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
      const { source, close: stopFollowing } = await openFollowedCoverage(options.corpus, options);
      const { service, close } = await openBotService(source);
      try {
        await runChat(source, service, process.stdin, process.stdout);
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

/** The reply to a chat line starting with "/": the bots' /latest and /sources, or a word on what the chat knows. */
function slashCommand(coverage: Coverage, line: string, maxLength: number): string {
  const [, name = '', rest = ''] = /^\/(\S*)\s*([\s\S]*)$/.exec(line) ?? [];
  const command = name.toLowerCase().replace(/@.*$/, '');
  if (command === 'latest') {
    const query = rest.trim();
    const problem = latestQueryProblem(query, maxLength);
    if (problem) return problem;
    const { statements, request } = latestFor(coverage, query);
    const notice = partialNotice(statements);
    if (statements.length === 0) {
      const what = request.matchedAs === 'all' ? '' : request.matchedAs === 'speaker' ? ` by “${request.query}”` : ` about “${request.query}”`;
      return `The coverage quotes no statements${what}. "/latest" alone lists the newest.${notice ? `\n${notice}` : ''}`;
    }
    return `${formatStatements(newestFirst(statements)).trimEnd()}${notice ? `\n\n${notice}` : ''}`;
  }
  if (command === 'sources') {
    const page = coverage.listArticles({ limit: SOURCES_LISTED });
    const total = coverage.summary().articles;
    const lines = page.articles.map(formatArticleLine);
    const more = total > lines.length ? `\n…and ${total - lines.length} more (coverage-bot articles lists them all).` : '';
    const notice = partialNotice(page);
    return `${total} articles in the coverage, newest first:\n${lines.join('\n')}${more}${notice ? `\n${notice}` : ''}`;
  }
  return `The chat has no command "/${name}". It knows /latest, /sources, /help and /exit; anything else is a question.`;
}

/** The conversation loop; ends at end of input or on "exit"/"quit". */
export async function runChat(source: CoverageSource, service: BotService, input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<void> {
  const interactive = Boolean((input as { isTTY?: boolean }).isTTY);
  const lines = readline.createInterface({ input, output: interactive ? output : undefined, terminal: interactive });
  const summary = source.current().summary();
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
    const command = line.toLowerCase().replace(/[.!?]+$/, '').replace(/^\//, '');
    if (command === 'exit' || command === 'quit' || command === 'bye') break;
    if (command === 'help' || command === 'start') {
      say(HELP);
      continue;
    }
    if (line.startsWith('/')) {
      say(slashCommand(source.current(), line, service.policy.maxQuestionLength));
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
