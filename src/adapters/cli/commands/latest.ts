import type { Command } from 'commander';
import { speakerKindOf, type Statement } from '../../../core/index.js';
import { partialNotice } from '../../../service/index.js';
import { openCoverage } from './ask.js';

interface LatestOptions {
  speaker?: string;
  topic?: string;
  since?: string;
  limit?: string;
  json?: boolean;
  corpus?: string;
}

/**
 * `coverage-bot latest` — the newest statements the coverage quotes, optionally of one speaker
 * (any alias, part of a name or role), about a topic, or since a date. `--json` prints the
 * statements as an array of {speaker, role, quote, said_on, published, citations}.
 */
export function registerLatestCommand(program: Command): void {
  program
    .command('latest')
    .description('list the latest statements the coverage quotes, newest first')
    .option('--speaker <name>', 'only statements of this speaker: any alias, part of a name or role ("peskov", "Kremlin spokesman")')
    .option('--topic <words>', 'only the statements most relevant to these words (still newest first)')
    .option('--since <date>', 'only statements made on or after this date (YYYY-MM-DD)')
    .option('--limit <n>', 'at most this many statements (default 10)')
    .option('--json', 'print a JSON array')
    .option('--corpus <dir>', 'coverage folder (default: $CORPUS_DIR, else seeds/)')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<LatestOptions>();
      const since = options.since === undefined ? undefined : parseDay(options.since);
      const limit = options.limit === undefined ? undefined : parseLimit(options.limit);
      const coverage = await openCoverage(options.corpus, options);
      const found = coverage.latest({ speaker: options.speaker, topic: options.topic, since, limit });
      const statements = newestFirst(found);
      // On stderr, so that --json's array stays as it is.
      const notice = partialNotice(found);
      if (notice) process.stderr.write(`coverage-bot: note: ${notice}\n`);
      process.stdout.write(options.json ? `${JSON.stringify(statements.map(toJson), null, 2)}\n` : formatStatements(statements));
    });
}

/** The JSON contract of `latest --json`: exactly these fields, newest first (`speaker_kind` added after the first release). */
export function toJson(statement: Statement) {
  return {
    speaker: statement.speaker,
    speaker_kind: speakerKindOf(statement),
    role: statement.role,
    quote: statement.quote,
    said_on: statement.said_on,
    published: statement.published,
    citations: statement.citations.map((c) => ({ article: c.article, outlet: c.outlet, title: c.title, published: c.published, url: c.url })),
  };
}

/**
 * Statements newest first (said on, else published; undated last), the order the command
 * promises: a topic chooses which statements are listed, not their order.
 */
export function newestFirst(statements: readonly Statement[]): Statement[] {
  const day = (s: Statement) => s.said_on ?? s.published ?? '';
  return statements
    .map((statement, order) => ({ statement, order }))
    .sort((a, b) => (day(a.statement) === day(b.statement) ? a.order - b.order : day(a.statement) < day(b.statement) ? 1 : -1))
    .map(({ statement }) => statement);
}

function parseDay(value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!match || !date || date.toISOString().slice(0, 10) !== value.trim()) {
    throw new Error(`--since must be a date written YYYY-MM-DD (got "${value}")`);
  }
  return value.trim();
}

function parseLimit(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1 || Number(value) > 1000) {
    throw new Error(`--limit must be a whole number from 1 to 1000 (got "${value}")`);
  }
  return Number(value);
}

/** Statements as the terminal shows them (`latest`, the chat's /latest): when, who, the quote, its sources. */
export function formatStatements(statements: readonly Statement[]): string {
  if (statements.length === 0) return 'No statements match.\n';
  return statements
    .map((s) => {
      const who = s.speaker ? `${s.speaker}${s.role ? ` (${s.role})` : ''}` : `Unattributed${s.role ? ` (${s.role})` : ''}`;
      const when = s.said_on ?? s.published ?? 'date unknown';
      const quote = s.kind === 'direct' ? `“${s.quote}”` : `(reported) ${s.quote}`;
      const sources = s.citations.map((c) => `  — ${[c.outlet, c.title, c.published].filter(Boolean).join(', ')}${c.url ? ` <${c.url}>` : ''}`);
      return [`${when}  ${who}`, `  ${quote}`, ...sources].join('\n');
    })
    .join('\n\n')
    .concat('\n');
}
