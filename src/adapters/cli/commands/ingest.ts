import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig, loadCoreConfig } from '../../../config/index.js';
import { ingestFiles, readCorpus } from '../../../core/index.js';
import { formatIngestReport } from '../ingest-report.js';
import { createProgress, progressWanted } from '../progress.js';

/**
 * `coverage-bot ingest PATH…` — adds article files (or folders of them) to the coverage folder:
 * `--corpus DIR`, else $CORPUS_DIR, else the user's folder $DATA_DIR/corpus (created when
 * missing), never the git-tracked seeds/ (whose articles still count as already present).
 * Prints each skipped file with its reason and a summary table (--verbose: every file; --json:
 * the report as one JSON object), with a progress bar on an interactive terminal meanwhile;
 * exit status 0 when anything was ingested or already present, 2 when nothing could be.
 */
export function registerIngestCommand(program: Command): void {
  program
    .command('ingest')
    .description('add article files (.txt, .md, .html) or folders of them to the coverage folder')
    .argument('<paths...>', 'files or folders to add')
    .option('--corpus <dir>', 'coverage folder to add to (default: $CORPUS_DIR, else $DATA_DIR/corpus)')
    .option('--json', 'print the report as one JSON object')
    .option('--verbose', 'list every file (added, replaced, duplicate, skipped), not only the skipped ones')
    .action(async (paths: string[], _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<{ corpus?: string; json?: boolean; verbose?: boolean; quiet?: boolean }>();
      const config = loadConfig();
      const coreConfig = loadCoreConfig(config.configDir);
      const corpusDir = path.resolve(options.corpus ?? config.corpusDir);
      // The default user folder is made on first use; a named folder must exist.
      if (options.corpus === undefined) await mkdir(corpusDir, { recursive: true });
      const alsoServed = options.corpus === undefined ? config.corpusDirs.filter((dir) => dir !== corpusDir) : [];
      const progress = createProgress(progressWanted(options));
      let report;
      try {
        report = await ingestFiles(paths, corpusDir, { config: coreConfig, maxFileBytes: config.maxFileBytes, onProgress: progress.onProgress, alsoServed });
      } finally {
        progress.stop();
      }
      process.stdout.write(options.json ? JSON.stringify(report) + '\n' : formatIngestReport(report, corpusDir, Boolean(options.verbose)));
      // With an archive, the added articles are stored there too (every instance hears of them).
      if (config.archive && report.added.length > 0) {
        const { importArticles } = await import('../../../archive/index.js');
        const added = new Set(report.added.map((a) => path.resolve(a.file)));
        const corpus = await readCorpus(corpusDir, { config: coreConfig, maxFileBytes: config.maxFileBytes });
        const stored = await importArticles(config.archive.url, corpus.articles.filter((a) => added.has(path.resolve(a.file))), { config: coreConfig });
        if (!options.json) process.stdout.write(`archive: ${stored.added.length} stored, ${stored.replaced.length} replaced, ${stored.unchanged.length} already there.\n`);
      }
      if (report.added.length === 0 && report.duplicates.length === 0) {
        throw new Error(`nothing could be ingested into ${corpusDir}`);
      }
    });
}
