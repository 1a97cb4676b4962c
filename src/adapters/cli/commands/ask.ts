import path from 'node:path';
import readline from 'node:readline';
import type { Command } from 'commander';
import type { Answer, Coverage, CoverageLoader } from '../../../core/index.js';
import { partialNotice } from '../../../service/index.js';
import { createProgress, progressWanted } from '../progress.js';

interface AskOptions {
  json?: boolean;
  corpus?: string;
  quiet?: boolean;
}

/** Thrown for a user's mistake on the command line; the program prints the message and exits with 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * `coverage-bot ask "QUESTION" [--json] [--corpus DIR]` — one answer with its citations.
 * `ask --json` without a question reads questions from standard input, one per line, and prints
 * one JSON answer per line, in order.
 */
export function registerAskCommand(program: Command): void {
  program
    .command('ask')
    .description('answer one question about the coverage, with citations')
    .argument('[question...]', 'the question (quote it, or pass its words)')
    .option('--json', 'print the answer as JSON; without a question, read questions from stdin, one per line')
    .option('--corpus <dir>', 'coverage folder (default: $CORPUS_DIR, else seeds/)')
    .action(async (words: string[], _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<AskOptions>();
      if (words.length === 0) {
        if (!options.json) throw new UsageError('ask needs a question, e.g. coverage-bot ask "What did the Kremlin say?" (or --json to read questions from stdin)');
        const coverage = await openCoverage(options.corpus, options);
        await answerLines(coverage, process.stdin, (answer) => process.stdout.write(`${JSON.stringify(answerJson(answer))}\n`));
        return;
      }
      const coverage = await openCoverage(options.corpus, options);
      const answer = coverage.ask(words.join(' '));
      // A question that cannot be asked (empty, too long, no words) is a usage error: message and exit 2.
      if (answer.error && !options.json) throw new UsageError(answer.error);
      process.stdout.write(options.json ? `${JSON.stringify(answerJson(answer))}\n` : `${formatAnswerText(answer)}\n`);
      if (answer.error) throw new UsageError(answer.error);
    });
}

/**
 * Loads the coverage of `--corpus DIR`, else the configured folders ($CORPUS_DIR, else the
 * sample seeds plus the user's folder $DATA_DIR/corpus), through the index snapshot in
 * $DATA_DIR (so a repeated command does not re-read and re-index the folder); skipped files and
 * snapshot problems are reported on stderr. A build (no snapshot, or a stale one) shows a
 * progress bar on an interactive terminal unless `output` says --json or --quiet. Answers keep
 * to MAX_QUESTION_LENGTH.
 */
export async function openCoverage(corpus: string | undefined, output: { json?: boolean; quiet?: boolean } = {}): Promise<Coverage> {
  const { coverage } = await openCoverageWith(corpus, output);
  return coverage;
}

/**
 * What openCoverage opens, with the folders and the loader when it is read from folders (the
 * chat keeps them to follow new files; an archive follows itself).
 */
export async function openCoverageWith(
  corpus: string | undefined,
  output: { json?: boolean; quiet?: boolean; worker?: boolean } = {},
): Promise<{ coverage: Coverage; folders: string[]; load?: CoverageLoader }> {
  const [{ createCoverageLoader }, { loadConfig, loadCoreConfig, servedCorpusFolders }] = await Promise.all([
    import('../../../core/index.js'),
    import('../../../config/index.js'),
  ]);
  const config = loadConfig();
  const coreConfig = loadCoreConfig(config.configDir);
  // With ARCHIVE_URL (and no --corpus), the coverage is the shared archive's.
  if (config.archive && corpus === undefined) {
    const { openArchiveCoverage } = await import('../../../archive/index.js');
    const live = await openArchiveCoverage({
      ...config.archive,
      config: coreConfig,
      listen: false,
      log: { info: () => undefined, warn: (_details, message) => process.stderr.write(`coverage-bot: note: ${message}\n`) },
    });
    return { coverage: withQuestionLimit(live.current(), config.maxQuestionLength), folders: [] };
  }
  const folders = corpus === undefined ? servedCorpusFolders(config) : [path.resolve(corpus)];
  const progress = createProgress(progressWanted(output));
  const load = createCoverageLoader({
    config: coreConfig,
    dataDir: config.dataDir,
    maxFileBytes: config.maxFileBytes,
    onProgress: progress.onProgress,
    worker: output.worker,
    log: {
      info: () => undefined,
      warn: (details, message) => {
        const reason = 'err' in details ? ` (${String(details.err)})` : '';
        progress.log(`coverage-bot: note: ${message}${reason}`);
      },
    },
  });
  let loaded: Coverage;
  try {
    loaded = await load(folders.length === 1 ? folders[0]! : folders);
  } finally {
    progress.stop();
  }
  reportSkipped(loaded);
  return { coverage: withQuestionLimit(loaded, config.maxQuestionLength), folders, load };
}

/** Each skipped file of a coverage on stderr: its name and why. */
export function reportSkipped(coverage: Coverage): void {
  for (const skipped of coverage.corpus.skipped) {
    process.stderr.write(`coverage-bot: skipped ${path.basename(skipped.file)}: ${skipped.reason}\n`);
  }
}

/** The coverage with MAX_QUESTION_LENGTH applied to every question asked through it. */
export function withQuestionLimit(coverage: Coverage, maxQuestionLength: number): Coverage {
  return { ...coverage, ask: (question, options) => coverage.ask(question, { maxQuestionLength, ...options }) };
}

/** Answers each non-blank line of a stream in order. */
async function answerLines(coverage: Coverage, input: NodeJS.ReadableStream, write: (answer: Answer) => void): Promise<void> {
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    write(coverage.ask(line));
  }
}

/**
 * The JSON contract of an answer: exactly these fields (plus `error` when the question could not
 * be asked, and `partial`, e.g. "archive-unreachable", when part of the coverage could not be searched).
 */
export function answerJson(answer: Answer) {
  return {
    question: answer.question,
    answer: answer.answer,
    confident: answer.confident,
    citations: answer.citations.map((c) => ({
      article: c.article,
      outlet: c.outlet,
      title: c.title,
      published: c.published,
      url: c.url,
      quote: c.quote,
    })),
    ...(answer.error ? { error: answer.error } : {}),
    ...(answer.partial ? { partial: answer.partial } : {}),
  };
}

/**
 * An answer as terminal text: the answer, a blank line, then `[1] Outlet — Headline (YYYY-MM-DD) URL`
 * per citation; then the service's line when part of the coverage could not be searched.
 */
export function formatAnswerText(answer: Answer): string {
  const notice = partialNotice(answer);
  const text = formatAnswerAndSources(answer);
  return notice ? `${text}\n\n(${notice})` : text;
}

function formatAnswerAndSources(answer: Answer): string {
  if (answer.citations.length === 0) return answer.answer;
  const lines = answer.citations.map((c, i) => {
    const source = [c.outlet, c.title].filter((part): part is string => Boolean(part)).join(' — ');
    const date = c.published ? ` (${c.published})` : '';
    const url = c.url ? ` ${c.url}` : '';
    return `[${i + 1}] ${source}${date}${url}`;
  });
  const heading = answer.confident ? '' : 'Related articles:\n';
  return `${answer.answer}\n\n${heading}${lines.join('\n')}`;
}
