import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../../config/index.js';
import { ingestFiles, readCorpus, type IngestReport } from '../../../core/index.js';

/**
 * `coverage-bot ingest PATH…` — adds article files (or folders of them) to the coverage folder.
 * One line per file says what happened; exit status 0 when anything was ingested or already
 * present, 2 when nothing could be.
 */
export function registerIngestCommand(program: Command): void {
  program
    .command('ingest')
    .description('add article files (.txt, .md, .html) or folders of them to the coverage folder')
    .argument('<paths...>', 'files or folders to add')
    .option('--corpus <dir>', 'coverage folder to add to (default: $CORPUS_DIR, else seeds/)')
    .option('--json', 'print the report as one JSON object')
    .action(async (paths: string[], _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<{ corpus?: string; json?: boolean }>();
      const config = loadConfig();
      const corpusDir = path.resolve(options.corpus ?? config.corpusDir);
      const report = await ingestFiles(paths, corpusDir, { maxFileBytes: config.maxFileBytes });
      process.stdout.write(options.json ? JSON.stringify(report) + '\n' : formatReport(report));
      // With an archive, the added articles are stored there too (every instance hears of them).
      if (config.archive && report.added.length > 0) {
        const { importArticles } = await import('../../../archive/index.js');
        const added = new Set(report.added.map((a) => path.resolve(a.file)));
        const corpus = await readCorpus(corpusDir, { maxFileBytes: config.maxFileBytes });
        const stored = await importArticles(config.archive.url, corpus.articles.filter((a) => added.has(path.resolve(a.file))));
        if (!options.json) process.stdout.write(`archive: ${stored.added.length} stored, ${stored.replaced.length} replaced, ${stored.unchanged.length} already there.\n`);
      }
      if (report.added.length === 0 && report.duplicates.length === 0) {
        throw new Error(`nothing could be ingested into ${corpusDir}`);
      }
    });
}

function formatReport(report: IngestReport): string {
  const lines: string[] = [];
  for (const a of report.added) {
    const about = [a.meta.outlet, a.meta.title, a.meta.published].filter(Boolean).join(' — ');
    lines.push(`added      ${a.source} → ${path.basename(a.file)} (${about})`);
  }
  for (const d of report.duplicates) lines.push(`duplicate  ${d.source}: already in the coverage as ${d.existing} (${d.reason})`);
  for (const s of report.skipped) lines.push(`skipped    ${s.file}: ${s.reason}`);
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push(
    `${report.added.length} added, ${count(report.duplicates.length, 'duplicate')}, ${report.skipped.length} skipped.`,
  );
  return lines.join('\n') + '\n';
}
