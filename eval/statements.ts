import { existsSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../src/config/index.js';
import { attributionAccuracy, readExpectedStatements, type AttributionReport, type Statement } from '../src/core/statements/index.js';

/** The statement lists of test/fixtures/eval, scored against the statements the seeds yield. */
export const STATEMENT_FILES = ['dev-statements.json', 'extra-statements.json'].map((name) => path.join(projectRoot, 'test', 'fixtures', 'eval', name));

/** Attribution accuracy of the seeds' statements on each statement list that exists, by file name. */
export function statementReports(statements: readonly Statement[]): Record<string, AttributionReport> {
  const reports: Record<string, AttributionReport> = {};
  for (const file of STATEMENT_FILES) {
    if (existsSync(file)) reports[path.basename(file)] = attributionAccuracy(statements, readExpectedStatements(file));
  }
  return reports;
}

/** Prints statement reports as the eval shows them. */
export function formatStatementReports(reports: Record<string, AttributionReport>): string {
  return Object.entries(reports)
    .map(
      ([name, r]) =>
        `\n${name}: ${r.expected} statements\n  attribution accuracy  ${r.accuracy.toFixed(3)}   (bar >= 0.90)\n` +
        r.missed.map((m) => `  ✗ ${m.article} ${m.speaker}: "${m.contains}"\n`).join(''),
    )
    .join('');
}
