/**
 * `npm run bench`: measures the core from the five seeds to the Reuters archive and against two
 * JavaScript search engines, and prints one JSON object on stdout (a table for people on stderr).
 *
 *   npm run bench                      full run (< 10 min on 2 cores)
 *   npm run bench -- --quick           a few hundred passages per section (the smoke test's mode)
 *   npm run bench -- --scale 1000000   adds synthetic points (Reuters repeated) up to N passages
 *   npm run bench -- --out bench.json  also writes the JSON to a file
 *
 * Each section runs in a fresh child process (bench/section.ts) with --expose-gc, one at a time,
 * so memory figures are the section's own and sections do not compete for the two cores.
 */
import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../src/config/index.js';
import { measureColdStart, type ColdStartReport } from './cold-start.js';
import { now, round } from './measure.js';
import { PEER_NAMES, type PeerOptions, type PeerReport } from './peers.js';
import type { DistractorReport, QualityOptions, SeedsReport } from './quality.js';
import { formatTable } from './report.js';
import type { ScalePoint, ScalePointOptions } from './scale.js';
import type { SectionName } from './section.js';

export interface BenchOptions {
  /** Small points for a smoke test (default false). */
  quick: boolean;
  /** Add synthetic scale points up to this many passages (default: none; at most 1,000,000). */
  scale: number | null;
  /** Also write the JSON here. */
  out: string | null;
}

/** A scale point that could not be measured (e.g. the 8 GB heap ran out). */
export interface FailedScalePoint {
  target_passages: number | null;
  synthetic: boolean;
  error: string;
  out_of_memory: boolean;
}

export interface Bar {
  name: string;
  value: number | null;
  limit: number;
  /** `max`: value must not exceed limit; `min`: value must reach it. */
  kind: 'max' | 'min';
  pass: boolean;
}

const MAX_SCALE = 1_000_000;
const SYNTHETIC_STEPS = [250_000, 500_000, 1_000_000];
/** Heap limit of every section process, so "how far one 8 GB process goes" is what --scale shows. */
const HEAP_LIMIT_MB = 8192;

function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: { quick: { type: 'boolean', default: false }, scale: { type: 'string' }, out: { type: 'string' } },
    strict: true,
  });
  let scale: number | null = null;
  if (values.scale !== undefined) {
    scale = Number(values.scale.replace(/[_,]/g, ''));
    if (!Number.isInteger(scale) || scale <= 0 || scale > MAX_SCALE) {
      throw new Error(`bench: --scale must be a whole number from 1 to ${MAX_SCALE.toLocaleString('en')}, got ${values.scale}`);
    }
  }
  return { quick: values.quick ?? false, scale, out: values.out ?? null };
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const started = now();
  const errors: string[] = [];
  const q = options.quick;

  const section = async <T>(name: SectionName, sectionOptions: object): Promise<T | SectionFailure> => {
    const result = await runSection<T>(name, sectionOptions);
    if (isFailure(result)) errors.push(`${name} ${JSON.stringify(sectionOptions)}: ${result.error}`);
    return result;
  };

  progress('quality: seeds and distractors');
  const quality = await section<{ seeds: SeedsReport; distractors: DistractorReport }>('quality', {
    distractorPassages: q ? 500 : null,
    rounds: q ? 2 : 5,
  } satisfies QualityOptions);

  progress('cold start of the CLI');
  const coldStart = await measureColdStart('What did Peskov say about a meeting between Putin and Trump?', q ? 3 : 5);
  if (coldStart.error) errors.push(`cold start: ${coldStart.error}`);

  const points: (ScalePointOptions & { synthetic: boolean })[] = (q ? [300, 600] : [1_000, 10_000, 100_000, null]).map((passages) => ({
    passages,
    synthetic: false,
    ...(q ? { corpusQuestions: 10, rounds: 1 } : {}),
  }));
  if (options.scale !== null) {
    const steps = [...SYNTHETIC_STEPS.filter((s) => s < options.scale!), options.scale];
    for (const passages of steps) points.push({ passages, synthetic: true, rounds: 1 });
  }
  const scale: (ScalePoint | FailedScalePoint)[] = [];
  for (const point of points) {
    progress(`scale: ${point.passages === null ? 'full Reuters' : point.passages.toLocaleString('en')} passages${point.synthetic ? ' (synthetic)' : ''}`);
    const result = await runSection<ScalePoint>('scale', point);
    if (isFailure(result)) {
      scale.push({ target_passages: point.passages, synthetic: point.synthetic, error: result.error, out_of_memory: result.out_of_memory });
      // A synthetic point past the heap limit is a finding, not a failure of the bench.
      if (!(point.synthetic && result.out_of_memory)) errors.push(`scale ${point.passages}: ${result.error}`);
      if (point.synthetic && result.out_of_memory) break;
    } else {
      scale.push(result);
    }
  }
  // Synthetic points beyond the real corpus are only meaningful above it.
  const fullPassages = (scale.find((p) => 'passages' in p && !p.synthetic && p.target_passages === null) as ScalePoint | undefined)?.passages;

  progress('peers: ours, MiniSearch, wink-bm25-text-search');
  const peers = await section<PeerReport>(
    'peers',
    (q ? { passages: 500, sentenceQueries: 40, headlineQueries: 20, warmupQueries: 20 } : { passages: 100_000 }) satisfies PeerOptions,
  );

  const seeds = isFailure(quality) ? null : quality.seeds;
  const report = {
    bench: 'coverage-bot npm run bench',
    generated_at: new Date().toISOString(),
    wall_s: 0,
    machine: machine(),
    options: { quick: options.quick, scale: options.scale, heap_limit_mb: HEAP_LIMIT_MB },
    corpus: {
      scale: 'Reuters-21578, Distribution 1.0 (research use only), ../shared/corpus/reuters21578.jsonl.gz',
      full_passages: fullPassages ?? null,
    },
    seeds: seeds && seedsFigures(seeds, coldStart),
    scale,
    peers,
    ratios: isFailure(peers) ? null : Object.fromEntries(PEER_NAMES.map((name) => [`ours_vs_${name}`, peers.ratios[name]])),
    distractors: isFailure(quality) ? quality : quality.distractors,
    bars: [] as Bar[],
    errors,
  };
  report.bars = bars(scale, isFailure(peers) ? null : peers, isFailure(quality) ? null : quality.distractors);
  report.wall_s = round((now() - started) / 1000, 1);

  const json = JSON.stringify(report, null, 2);
  process.stdout.write(`${json}\n`);
  if (options.out) writeFileSync(path.resolve(options.out), `${json}\n`);
  process.stderr.write(`\n${formatTable(report)}\n`);
  return errors.length === 0 ? 0 : 1;
}

/** A section whose process failed; `error` says how. */
interface SectionFailure {
  error: string;
  out_of_memory: boolean;
}

const isFailure = (value: unknown): value is SectionFailure =>
  typeof value === 'object' && value !== null && 'error' in value && typeof value.error === 'string';

/** The seeds figures with the fields outside checks read first. */
function seedsFigures(seeds: SeedsReport, coldStart: ColdStartReport) {
  const { build_ms, ask_p50_ms, ask_p99_ms, ...rest } = seeds;
  return { build_ms, ask_p50_ms, ask_p99_ms, cold_start_ms: coldStart.cold_start_ms, ...rest, cold_start: coldStart };
}

/** Runs bench/section.ts in a fresh process; its last stdout line is the section's JSON. */
function runSection<T>(name: SectionName, options: object): Promise<T | SectionFailure> {
  const args = [
    '--expose-gc',
    `--max-old-space-size=${HEAP_LIMIT_MB}`,
    '--import',
    'tsx',
    path.join(projectRoot, 'bench', 'section.ts'),
    name,
    JSON.stringify(options),
  ];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: projectRoot,
      env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderrTail = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      process.stderr.write(d);
      stderrTail = (stderrTail + d).slice(-4000);
    });
    child.on('error', (error) => resolve({ error: error.message, out_of_memory: false }));
    child.on('close', (code, signal) => {
      const outOfMemory = /heap out of memory|Allocation failed/i.test(stderrTail);
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (code === 0) {
        try {
          return resolve(JSON.parse(last) as T);
        } catch {
          return resolve({ error: `section printed no JSON: ${last.slice(0, 200)}`, out_of_memory: false });
        }
      }
      const lastError = stderrTail.trim().split('\n').filter((l) => /error/i.test(l)).at(-1) ?? stderrTail.trim().split('\n').at(-1) ?? '';
      resolve({ error: `${outOfMemory ? 'out of memory' : `exit ${code ?? signal}`}: ${lastError.slice(0, 300)}`, out_of_memory: outOfMemory });
    });
  });
}

function machine() {
  const cpus = os.cpus();
  const git = (...args: string[]): string | null => {
    try {
      return execFileSync('git', args, { cwd: projectRoot, encoding: 'utf8' }).trim();
    } catch {
      return null;
    }
  };
  const commit = git('rev-parse', '--short', 'HEAD');
  // Several people share the checkout: say whether the measured code differs from the commit.
  const changed = git('status', '--porcelain', '--', 'src', 'config', 'seeds');
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memory_gb: round(os.totalmem() / 1024 ** 3, 1),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    /** 1-minute load average when the run ended: above the core count, other work shared the CPUs. */
    load_average: round(os.loadavg()[0] ?? 0, 2),
    commit,
    uncommitted_changes: changed === null ? null : changed.split('\n').filter(Boolean).length,
  };
}

/** The issue's bars, checked against this run (the QA bars on the development set, not the held-out one). */
function bars(scale: readonly (ScalePoint | FailedScalePoint)[], peers: PeerReport | null, distractors: DistractorReport | null): Bar[] {
  const out: Bar[] = [];
  const bar = (name: string, value: number | null | undefined, kind: Bar['kind'], limit: number) =>
    out.push({ name, value: value ?? null, limit, kind, pass: value != null && (kind === 'max' ? value <= limit : value >= limit) });
  const at100k = scale.find((p): p is ScalePoint => 'passages' in p && p.target_passages === 100_000);
  if (at100k) {
    bar('scale 100k: ask p50 ms', at100k.ask_p50_ms, 'max', 20);
    bar('scale 100k: ask p99 ms', at100k.ask_p99_ms, 'max', 100);
    bar('scale 100k: coverage build ms', at100k.coverage_build_ms, 'max', 30_000);
    bar('scale 100k: RSS MB', at100k.rss_mb, 'max', 1024);
  }
  if (peers) {
    bar('peers: ours p50 ÷ MiniSearch p50', peers.ratios.minisearch.p50, 'max', 1);
    // The better of the peers, counting the variants that also index headlines.
    bar('peers: ours recall@1', peers.ours.recall_at_1, 'min', Math.max(...PEER_NAMES.map((n) => peers[n].recall_at_1)));
    bar('peers: ours recall@5', peers.ours.recall_at_5, 'min', Math.max(...PEER_NAMES.map((n) => peers[n].recall_at_5)));
    for (const kind of ['sentence', 'headline'] as const) {
      bar(`peers: ours recall@1 on ${kind} queries`, peers.ours.by_kind[kind].recall_at_1, 'min', Math.max(...PEER_NAMES.map((n) => peers[n].by_kind[kind].recall_at_1)));
    }
  }
  if (distractors) {
    const d = distractors.with_reuters;
    bar('distractors: citation@1', d.citation_at_1, 'min', 0.9);
    bar('distractors: answer accuracy', d.answer_accuracy, 'min', 0.8);
    bar('distractors: refused (abstention accuracy)', d.abstention_accuracy, 'min', 0.9);
    bar('distractors: false abstentions', d.false_abstention_rate, 'max', 0.1);
  }
  return out;
}

function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 2;
  },
);
