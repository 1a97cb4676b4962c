/**
 * `npm run bench`: measures the core from the five seeds to the Reuters archive and against two
 * JavaScript search engines, and prints one JSON object on stdout (a table for people on stderr).
 *
 *   npm run bench                      full run (< 10 min on 2 cores)
 *   npm run bench -- --quick           a few hundred passages per section (the smoke test's mode)
 *   npm run bench -- --scale 1000000   adds synthetic points (Reuters repeated) up to N passages
 *   npm run bench -- --out bench.json  also writes the JSON to a file
 *   npm run bench -- --in-process      sections share this process (faster start, mixed memory figures)
 *
 * By default each section runs in a fresh child process (bench/section.ts) with --expose-gc, one
 * at a time, so memory figures are the section's own and sections do not compete for the cores.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { MAX_SCALE, runBench, type BenchOptions } from './bench.js';
import { benchProgress } from './progress.js';
import { formatTable } from './report.js';

function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      scale: { type: 'string' },
      out: { type: 'string' },
      'in-process': { type: 'boolean', default: false },
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
  return { quick: values.quick ?? false, scale, out: values.out ?? null, inProcess: values['in-process'] ?? false };
}

async function main(): Promise<number> {
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
