/**
 * Statement eval: for every statements set, the share of labelled statements found with the right
 * speaker (recall), how often the words found name the right person (attribution accuracy), and how
 * many statements by unnamed sources or organisations were credited to a named person.
 *
 * Sets: the seeds' lists (test/fixtures/eval/dev-statements.json, extra-statements.json, over
 * seeds/), the Reuters development set (../shared/eval/reuters-statements-dev, skipped with a reason
 * when ../shared is absent) and our own Reuters check labels (eval/reuters-statements-check, see its
 * README). Run alone with `npx tsx eval/statements.ts [--json]`; `npm run eval` runs it after the QA sets.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { projectRoot } from '../src/config/index.js';
// The statements' own folding (the core's foldText, spacing collapsed), as the Reuters scorer folds.
import { foldText as norm } from '../src/core/statements/text.js';
import { coreConfig } from './sets.js';
import { readCorpus } from '../src/core/ingest/index.js';
import { extractStatements, speakerKindOf, type Statement } from '../src/core/statements/index.js';
import { attributionAccuracy, readExpectedStatements, type AttributionReport } from './attribution.js';

/** One labelled statement: who said it, 3–8 of its words, and the article quoting it. */
export interface LabelledStatement {
  article: string;
  speaker: string;
  contains: string;
}

/** A statements set: named statements and (optionally) statements nobody named may be credited with. */
export interface StatementSet {
  name: string;
  /** Folder of the articles the labels refer to. */
  corpus: string;
  statements: LabelledStatement[];
  unattributable: { article: string; contains: string }[];
}

export interface StatementMetrics {
  statements: number;
  /** Labelled statements found (their words, in a statement citing their article) with the right speaker. */
  recalled: number;
  recall: number;
  /** Labelled statements whose words were found at all. */
  found: number;
  /** Of those, the ones where every statement holding the words names the right person. */
  rightSpeaker: number;
  attribution: number;
  unattributable: number;
  /** Unattributable items returned with a person (speaker_kind "person") as speaker. */
  credited: number;
  missed: LabelledStatement[];
  wrong: { item: LabelledStatement; speakers: (string | null)[] }[];
}

const setSchema = z.object({
  statements: z.array(z.object({ article: z.string().min(1), speaker: z.string().min(1), contains: z.string().min(1) })),
  unattributable: z.array(z.object({ article: z.string().min(1), contains: z.string().min(1) })).default([]),
});

/** Reads a set file ({"statements": [...], "unattributable": [...]}; the seeds' lists have no unattributable items). */
export function readStatementSet(name: string, file: string, corpus: string): StatementSet {
  const parsed = setSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  return { name, corpus, ...parsed };
}

const nameWords = (name: string) => norm(name).replace(/[^\p{L}\p{N}' -]/gu, ' ').split(/[\s-]+/).filter((w) => w.length > 1);

/**
 * Same person: the same last name, or one name's last word among the other's words ("Rodriguez" /
 * "Mario Rodriguez Montero"), as the Reuters scorer counts it.
 */
export function samePerson(a: string | null, b: string): boolean {
  if (!a) return false;
  const x = nameWords(a);
  const y = nameWords(b);
  const lx = x.at(-1);
  const ly = y.at(-1);
  return !!lx && !!ly && (lx === ly || x.includes(ly) || y.includes(lx));
}

/** Scores extracted statements against one set. */
export function statementMetrics(statements: readonly Statement[], set: Pick<StatementSet, 'statements' | 'unattributable'>): StatementMetrics {
  const holding = (article: string, words: string) =>
    statements.filter((s) => s.citations.some((c) => c.article === article) && norm(s.quote).includes(norm(words)));
  let recalled = 0;
  let found = 0;
  let rightSpeaker = 0;
  const missed: LabelledStatement[] = [];
  const wrong: StatementMetrics['wrong'] = [];
  for (const item of set.statements) {
    const hits = holding(item.article, item.contains);
    if (hits.some((s) => samePerson(s.speaker, item.speaker))) recalled++;
    else missed.push(item);
    if (hits.length === 0) continue;
    found++;
    if (hits.every((s) => samePerson(s.speaker, item.speaker))) rightSpeaker++;
    else wrong.push({ item, speakers: hits.map((s) => s.speaker) });
  }
  const credited = set.unattributable.filter((u) => holding(u.article, u.contains).some((s) => speakerKindOf(s) === 'person')).length;
  const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
  return {
    statements: set.statements.length, recalled, recall: ratio(recalled, set.statements.length),
    found, rightSpeaker, attribution: ratio(rightSpeaker, found),
    unattributable: set.unattributable.length, credited, missed, wrong,
  };
}

/** The statements sets that exist here, with the reason for each one skipped. */
export function statementSets(): { sets: StatementSet[]; skipped: string[] } {
  const fixtures = path.join(projectRoot, 'test', 'fixtures', 'eval');
  const seeds = path.join(projectRoot, 'seeds');
  const sets: StatementSet[] = [];
  const skipped: string[] = [];
  for (const name of ['dev-statements', 'extra-statements']) {
    const file = path.join(fixtures, `${name}.json`);
    if (existsSync(file)) sets.push(readStatementSet(name, file, seeds));
  }
  const reuters = path.join(projectRoot, '..', 'shared', 'eval', 'reuters-statements-dev');
  if (existsSync(path.join(reuters, 'gold.json'))) sets.push(readStatementSet('reuters-statements-dev', path.join(reuters, 'gold.json'), path.join(reuters, 'corpus')));
  else skipped.push('reuters-statements-dev: ../shared/eval/reuters-statements-dev is not beside the project');
  const check = path.join(projectRoot, 'eval', 'reuters-statements-check');
  if (existsSync(path.join(check, 'gold.json'))) sets.push(readStatementSet('reuters-statements-check', path.join(check, 'gold.json'), path.join(check, 'corpus')));
  return { sets, skipped };
}

/** Extracts the statements of each set's corpus (once per folder) and scores every set. */
export async function statementSetReports(sets: readonly StatementSet[]): Promise<Record<string, StatementMetrics>> {
  const byCorpus = new Map<string, Statement[]>();
  const reports: Record<string, StatementMetrics> = {};
  for (const set of sets) {
    let statements = byCorpus.get(set.corpus);
    if (!statements) {
      statements = extractStatements((await readCorpus(set.corpus, { config: coreConfig })).articles, { config: coreConfig });
      byCorpus.set(set.corpus, statements);
    }
    reports[set.name] = statementMetrics(statements, set);
  }
  return reports;
}

/** The statement reports as the eval prints them: one line per set, then what was missed or misnamed. */
export function formatStatementSetReports(reports: Record<string, StatementMetrics>, skipped: readonly string[] = []): string {
  const rows = Object.entries(reports).map(
    ([name, m]) =>
      `  ${name.padEnd(26)} ${String(m.statements).padStart(4)}  recall ${m.recall.toFixed(2)}  attribution ${m.attribution.toFixed(2)}  ` +
      `unattributable credited ${m.credited}/${m.unattributable}`,
  );
  const details = Object.entries(reports).flatMap(([name, m]) => [
    ...m.missed.map((s) => `  ✗ ${name} missed ${s.article} ${s.speaker}: "${s.contains}"`),
    ...m.wrong.map(({ item, speakers }) => `  ✗ ${name} wrong ${item.article} ${item.speaker}: "${item.contains}" → ${speakers.map((s) => s ?? '(none)').join(' / ')}`),
  ]);
  return [
    '\nstatements (bars: recall >= 0.85, attribution >= 0.95, credited <= 2% of unattributable; seeds 1.00)',
    ...rows,
    ...skipped.map((s) => `  skipped ${s}`),
    ...details,
  ].join('\n').concat('\n');
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const { sets, skipped } = statementSets();
  const reports = await statementSetReports(sets);
  if (json) {
    const slim = Object.fromEntries(Object.entries(reports).map(([k, { missed, wrong, ...m }]) => [k, { ...m, missed: missed.length, wrong: wrong.length }]));
    process.stdout.write(`${JSON.stringify({ statements: slim, skipped })}\n`);
  } else process.stdout.write(formatStatementSetReports(reports, skipped));
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`eval statements: ${(error as Error).message}\n`);
    process.exitCode = 1;
  });
}
