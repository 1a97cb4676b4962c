/**
 * `npm run bench`: measures the core from the five seeds to the Reuters archive and against two
 * JavaScript search engines, and prints one JSON object on stdout (a table for people on stderr).
 *
 *   npm run bench                      full run (< 10 min on 2 cores)
 *   npm run bench -- --quick           a few hundred passages per section (the smoke test's mode)
 *   npm run bench -- --scale 1000000   adds synthetic points (Reuters repeated) up to N passages
 *   npm run bench -- --out bench.json  also writes the JSON to a file
 *   npm run bench -- --in-process      sections share this process (faster start, mixed memory figures)
 *   npm run bench -- --only peers      only these parts, comma-separated: quality, cold-start, scale, peers
 *                                      (`--only peers` is the retrieval comparison: recall@1 per query kind)
 *   npm run bench -- --archive         the PostgreSQL archive instead (bench/archive-run.ts): import rate,
 *                                      ask latency, RSS and recall@5 at --archive-points (default 1M,5M);
 *                                      --hot N, --until HH:MM (UTC), --passages-only after-first|all, --no-memory
 *
 * By default each section runs in a fresh child process (bench/section.ts) with --expose-gc, one
 * at a time, so memory figures are the section's own and sections do not compete for the cores.
 * Memory is read settled (bench/measure.ts settledMemory), and each scale point is served again
 * from its snapshot in a fresh process (bench/served.ts), as a bot serves it.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_PARTS, MAX_SCALE, runBench, type BenchOptions, type BenchPart } from './bench.js';
import { benchProgress } from './progress.js';
import { formatTable } from './report.js';
import { runArchiveBench } from './archive-run.js';

function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      scale: { type: 'string' },
      out: { type: 'string' },
      'in-process': { type: 'boolean', default: false },
      archive: { type: 'boolean', default: false },
      'archive-points': { type: 'string' },
      'archive-url': { type: 'string' },
      hot: { type: 'string' },
      'no-memory': { type: 'boolean', default: false },
      queries: { type: 'string' },
      only: { type: 'string' },
    },
    strict: true,
  });
  let scale: number | null = null;
  if (values.scale !== undefined) {
    scale = Number(values.scale.replace(/[_,]/g, ''));
    if (!Number.isInteger(scale) || scale <= 0 || scale > MAX_SCALE) {
      throw new Error(`bench: --scale must be a whole number from 1 to ${MAX_SCALE.toLocaleString('en')}, got ${values.scale}`);
    }
  }
  let only: Set<BenchPart> | null = null;
  if (values.only !== undefined) {
    const parts = values.only.split(/[,\s]+/).filter(Boolean);
    const unknown = parts.filter((p) => !(BENCH_PARTS as readonly string[]).includes(p));
    if (parts.length === 0 || unknown.length > 0) {
      throw new Error(`bench: --only takes parts separated by commas, from ${BENCH_PARTS.join(', ')}; got ${JSON.stringify(values.only)}`);
    }
    only = new Set(parts as BenchPart[]);
  }
  return { quick: values.quick ?? false, scale, out: values.out ?? null, inProcess: values['in-process'] ?? false, only };
}

function parseArchiveOptions(argv: string[]) {
  const { values } = parseArgs({ args: argv, options: {
    archive: { type: 'boolean' }, out: { type: 'string' }, 'archive-points': { type: 'string' }, 'archive-url': { type: 'string' },
    hot: { type: 'string' }, 'no-memory': { type: 'boolean', default: false }, queries: { type: 'string' },
    until: { type: 'string' }, 'passages-only': { type: 'string' },
  }, strict: true });
  const number = (text: string) => Number(text.replace(/_/g, ''));
  const points = (values['archive-points'] ?? '1000000,5000000').split(/[,;\s]+/).filter(Boolean).map(number);
  if (points.some((p) => !Number.isInteger(p) || p <= 0)) throw new Error('bench: --archive-points takes passage counts separated by ";", e.g. 1000000,5000000');
  return {
    out: values.out ?? null,
    points,
    hotPassages: values.hot ? number(values.hot) : 100_000,
    url: values['archive-url'] ?? null,
    memory: !values['no-memory'],
    queries: values.queries ? number(values.queries) : 300,
    // --until HH:MM (UTC): stop importing then and measure the archive as far as it got.
    deadline: values.until ? Date.parse(`${new Date().toISOString().slice(0, 10)}T${values.until}:00Z`) : null,
    // --passages-only after-first|all: import without statement extraction (the bench's time on 2 busy cores).
    passagesOnly: values['passages-only'] === 'all' ? ('all' as const) : values['passages-only'] === 'after-first' ? ('after-first' as const) : ('none' as const),
  };
}

async function main(): Promise<number> {
  if (process.argv.includes('--archive')) {
    const { out, ...options } = parseArchiveOptions(process.argv.slice(2));
    const report = await runArchiveBench(options);
    const json = JSON.stringify(report, null, 2);
    process.stdout.write(`${json}\n`);
    if (out) writeFileSync(path.resolve(out), `${json}\n`);
    return report.errors.length === 0 ? 0 : 1;
  }
  const options = parseOptions(process.argv.slice(2));
  let report;
  try {
    report = await runBench(options);
  } finally {
    benchProgress.stop();
  }
  const json = JSON.stringify(report, null, 2);
  process.stdout.write(`${json}\n`);
  if (options.out) writeFileSync(path.resolve(options.out), `${json}\n`);
  process.stderr.write(`\n${formatTable(report)}\n`);
  return report.errors.length === 0 ? 0 : 1;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 2;
  },
);
