import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig, loadCoreConfig } from '../../../config/index.js';
import { readCorpus } from '../../../core/index.js';
import { ExitStatus } from '../exit-status.js';
import { createProgress, progressWanted } from '../progress.js';

/**
 * `coverage-bot archive import DIR` — stores a corpus folder's articles in the archive
 * (ARCHIVE_URL or --url): in transactions, whole articles only, skipping those already stored with
 * the same content. `coverage-bot archive remove ID…` — retracts articles: every instance stops
 * citing them. `coverage-bot archive check` — whether the archive is reachable and migrated.
 */
export function registerArchiveCommand(program: Command): void {
  const archive = program.command('archive').description('the shared PostgreSQL archive (ARCHIVE_URL)');
  archive
    .command('import')
    .description('store the articles of a coverage folder in the archive (idempotent)')
    .argument('<dir>', 'coverage folder to import')
    .option('--url <url>', 'archive to write to (default: $ARCHIVE_URL)')
    .option('--batch <n>', 'articles per transaction', (v) => Number.parseInt(v, 10))
    .action(async (dir: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<{ url?: string; batch?: number; quiet?: boolean }>();
      const url = archiveUrl(options.url);
      const config = loadConfig();
      const coreConfig = loadCoreConfig(config.configDir);
      const { importArticles } = await import('../../../archive/index.js');
      // On a terminal a bar (reading the folder, then storing) stands for the per-batch lines.
      const progress = createProgress(progressWanted(options));
      let report;
      try {
        const corpus = await readCorpus(path.resolve(dir), { config: coreConfig, maxFileBytes: config.maxFileBytes, onProgress: progress.onProgress });
        for (const s of corpus.skipped) progress.log(`coverage-bot: skipped ${path.basename(s.file)}: ${s.reason}`);
        let stored = 0;
        progress.update(0, corpus.articles.length, 'storing in the archive', 'articles');
        report = await importArticles(url, corpus.articles, {
          config: coreConfig,
          batchSize: options.batch,
          onBatch: (b) => {
            stored += b.added.length + b.replaced.length + b.unchanged.length;
            progress.update(stored, corpus.articles.length, 'storing in the archive', 'articles');
            if (!progressWanted(options)) process.stdout.write(`stored ${b.added.length} new, ${b.replaced.length} changed, ${b.unchanged.length} unchanged\n`);
          },
        });
        report = { ...report, skipped: corpus.skipped.length };
      } finally {
        progress.stop();
      }
      process.stdout.write(`${report.added.length} added, ${report.replaced.length} replaced, ${report.unchanged.length} unchanged, ${report.skipped} skipped.\n`);
    });
  archive
    .command('remove')
    .description('retract articles: remove them, their passages and statements from the archive; every instance drops them (idempotent)')
    .argument('<ids...>', 'article ids, as `coverage-bot articles` and citations show them')
    .option('--url <url>', 'archive to remove from (default: $ARCHIVE_URL)')
    .action(async (ids: string[], options: { url?: string }) => {
      const url = archiveUrl(options.url);
      const given = ids.map((id) => id.trim()).filter((id) => id.length > 0);
      if (given.length === 0) throw new Error('give the ids of the articles to remove, as `coverage-bot articles` shows them');
      const { removeArticles } = await import('../../../archive/index.js');
      let report;
      try {
        report = await removeArticles(url, given);
      } catch (error) {
        throw new Error(`could not remove from the archive, nothing was removed: ${(error as Error).message}`);
      }
      for (const article of report.removed) process.stdout.write(`removed ${article.id}  ${article.title}\n`);
      if (report.missing.length > 0) {
        // Quoted as JSON: an id pasted with a stray character shows it.
        const list = report.missing.map((id) => JSON.stringify(id)).join(', ');
        process.stdout.write(`Not in the archive (never stored, or removed already): ${list}.\n`);
      }
      process.stdout.write(`${report.removed.length} removed, ${report.missing.length} not found.\n`);
      // Status 1 only when nothing given was there: a script removing a list twice sees the second run did nothing.
      if (report.removed.length === 0) throw new ExitStatus(1);
    });
  archive
    .command('check')
    .description('whether the archive is reachable and migrated')
    .option('--url <url>', 'archive to check (default: $ARCHIVE_URL)')
    .action(async (options: { url?: string }) => {
      const { checkArchive } = await import('../../../archive/index.js');
      const result = await checkArchive(archiveUrl(options.url));
      process.stdout.write(`${result.ok ? 'ok' : 'problem'}: ${result.detail}\n`);
      if (!result.ok) throw new Error('the archive is not ready');
    });
}

function archiveUrl(given: string | undefined): string {
  const url = given ?? loadConfig().archive?.url;
  if (!url) throw new Error('no archive: set ARCHIVE_URL (postgres://…) or pass --url');
  return url;
}
