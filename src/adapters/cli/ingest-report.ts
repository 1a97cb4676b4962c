import path from 'node:path';
import type { IngestReport } from '../../core/index.js';

/**
 * `coverage-bot ingest` for people: every skipped file with its reason (so six bad files are not
 * lost among 3,000 good ones), then a summary table — added, duplicates, replaced, skipped by
 * reason. `verbose` also lists every added, replacing and duplicate file, one line each.
 */
export function formatIngestReport(report: IngestReport, corpusDir: string, verbose: boolean): string {
  const lines: string[] = [];
  if (verbose) {
    for (const a of report.added) {
      const about = [a.meta.outlet, a.meta.title, a.meta.published].filter(Boolean).join(' — ');
      const replaces = a.replaces;
      lines.push(`${replaces ? 'replaced ' : 'added    '}  ${a.source} → ${path.basename(a.file)} (${about})${replaces ? `, a newer version of ${replaces}` : ''}`);
    }
    for (const d of report.duplicates) lines.push(`duplicate  ${d.source}: already in the coverage as ${d.existing} (${d.reason})`);
  }
  for (const s of report.skipped) lines.push(`skipped    ${s.file}: ${s.reason}`);
  if (lines.length > 0) lines.push('');
  lines.push(...summaryTable(report, corpusDir));
  return lines.join('\n') + '\n';
}

function summaryTable(report: IngestReport, corpusDir: string): string[] {
  const replaced = report.added.filter((a) => a.replaces !== undefined).length;
  const rows: [string, number][] = [
    ['added', report.added.length - replaced],
    ['duplicates', report.duplicates.length],
    ['replaced', replaced],
    ['skipped', report.skipped.length],
  ];
  const byReason = new Map<string, number>();
  for (const s of report.skipped) byReason.set(reasonKind(s.reason), (byReason.get(reasonKind(s.reason)) ?? 0) + 1);
  const reasons = [...byReason].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([reason, n]): [string, number] => [`  ${reason}`, n]);
  const all = [...rows, ...reasons];
  const width = Math.max(...all.map(([label]) => label.length));
  const digits = Math.max(...all.map(([, n]) => String(n).length));
  return [`Ingest into ${corpusDir}:`, ...all.map(([label, n]) => `  ${label.padEnd(width)}  ${String(n).padStart(digits)}`)];
}

/**
 * A skip reason without its particulars, so that files skipped for the same reason are counted
 * together: "too large (6.1 MB; the limit is 5 MB)" → "too large", "cannot be read (EACCES)" →
 * "cannot be read". The full reason stays on each file's own line.
 */
export function reasonKind(reason: string): string {
  return reason.split(/\s*[(;:]/)[0]!.trim() || reason;
}
