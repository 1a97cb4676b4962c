import path from 'node:path';
import type { Command } from 'commander';
import { mkdir } from 'node:fs/promises';
import { loadConfig } from '../../../config/index.js';
import { ingestFiles, type IngestReport } from '../../../core/index.js';

/**
 * `coverage-bot ingest PATH…` — adds article files (or folders of them) to the coverage folder:
 * `--corpus DIR`, else $CORPUS_DIR, else the user's folder $DATA_DIR/corpus (created when
 * missing), never the git-tracked seeds/ (whose articles still count as already present).
 * One line per file says what happened; exit status 0 when anything was ingested or already
 * present, 2 when nothing could be.
 */
export function registerIngestCommand(program: Command): void {
  program
    .command('ingest')
    .description('add article files (.txt, .md, .html) or folders of them to the coverage folder')
    .argument('<paths...>', 'files or folders to add')
    .option('--corpus <dir>', 'coverage folder to add to (default: $CORPUS_DIR, else $DATA_DIR/corpus)')
    .option('--json', 'print the report as one JSON object')
    .action(async (paths: string[], _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<{ corpus?: string; json?: boolean }>();
      const config = loadConfig();
      const corpusDir = path.resolve(options.corpus ?? config.corpusDir);
      // The default user folder is made on first use; a named folder must exist.
      if (options.corpus === undefined) await mkdir(corpusDir, { recursive: true });
      const alsoServed = options.corpus === undefined ? config.corpusDirs.filter((dir) => dir !== corpusDir) : [];
      const report = await ingestFiles(paths, corpusDir, { maxFileBytes: config.maxFileBytes, alsoServed });
      process.stdout.write(options.json ? JSON.stringify(report) + '\n' : formatReport(report));
      if (report.added.length === 0 && report.duplicates.length === 0) {
        throw new Error(`nothing could be ingested into ${corpusDir}`);
      }
    });
}

function formatReport(report: IngestReport): string {
  const lines: string[] = [];
  for (const a of report.added) {
    const about = [a.meta.outlet, a.meta.title, a.meta.published].filter(Boolean).join(' — ');
    const verb = a.replaces ? 'replaced  ' : 'added     ';
    lines.push(`${verb} ${a.source} → ${path.basename(a.file)} (${about})${a.replaces ? ' — a newer version of the same URL' : ''}`);
  }
  for (const d of report.duplicates) lines.push(`duplicate  ${d.source}: already in the coverage as ${d.existing} (${d.reason})`);
  for (const s of report.skipped) lines.push(`skipped    ${s.file}: ${s.reason}`);
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push(
    `${report.added.length} added, ${count(report.duplicates.length, 'duplicate')}, ${report.skipped.length} skipped.`,
  );
  return lines.join('\n') + '\n';
}
