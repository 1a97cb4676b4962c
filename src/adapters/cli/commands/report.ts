import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { Coverage } from '../../../core/index.js';
import { formatReportSummary, renderReportHtml } from '../../../service/index.js';
import { openCoverage, UsageError } from './ask.js';
import { openBotService } from './service-store.js';

interface ReportOptions {
  since?: string;
  json?: boolean;
  html?: string;
  corpus?: string;
}

/** `--since YYYY-MM-DD` as the start of that UTC day, in ms; a UsageError for anything else. */
export function parseSince(since: string | undefined): number | undefined {
  if (since === undefined) return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(since.trim());
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (!match || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== since.trim()) {
    throw new UsageError(`--since takes a date as YYYY-MM-DD, e.g. --since 2025-06-01 (got "${since}")`);
  }
  return ms;
}

/**
 * `coverage-bot report [--since DATE] [--json] [--html FILE]` — what was asked, what went
 * unanswered (grouped by key term), how answers were rated, which articles were cited: from the
 * store the bots use (KEYV_URL, else DATA_DIR). Plain text by default; --json the numbers as JSON;
 * --html a self-contained page.
 */
export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('coverage report for editors: questions, coverage gaps, ratings, cited articles')
    .option('--since <date>', 'only questions and ratings from this day on (YYYY-MM-DD, UTC)')
    .option('--json', 'print the report as JSON')
    .option('--html <file>', 'write the report as one self-contained HTML page')
    .option('--corpus <dir>', 'coverage folder, for article titles (default: $CORPUS_DIR, else seeds/)')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ReportOptions>();
      const since = parseSince(options.since);
      let coverage: Coverage | undefined;
      try {
        coverage = await openCoverage(options.corpus, options);
      } catch (error) {
        process.stderr.write(`coverage-bot: note: articles are named by id only (${(error as Error).message})\n`);
      }
      const { service, close } = await openBotService(coverage);
      try {
        const report = await service.report(since);
        if (options.html) {
          const file = path.resolve(options.html);
          await writeFile(file, renderReportHtml(report), 'utf8');
          if (!options.json) process.stdout.write(`${formatReportSummary(report)}\n\nWrote ${file}\n`);
        }
        if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else if (!options.html) process.stdout.write(`${formatReportSummary(report)}\n`);
      } finally {
        await close();
      }
    });
}
