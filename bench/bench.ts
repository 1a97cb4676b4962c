import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../src/config/index.js';
import { measureColdStart, type ColdStartReport } from './cold-start.js';
import { cpuNow, gcExposed, now, round } from './measure.js';
import { benchProgress, forwardLines, note } from './progress.js';
import { PEER_NAMES, type PeerOptions, type PeerReport } from './peers.js';
import type { DistractorReport, QualityOptions, SeedsReport } from './quality.js';
import type { ScalePoint, ScalePointOptions } from './scale.js';
import type { ServedOptions, ServedPoint } from './served.js';
import { runSectionHere, type SectionName } from './sections.js';

/**
 * The whole bench: runs the sections (quality, cold start, scale points, peers) one after the
 * other and assembles the report that `npm run bench` prints.
 */

export interface BenchOptions {
  /** Small points for a smoke test (default false). */
  quick: boolean;
  /** Add synthetic scale points up to this many passages (default: none; at most 1,000,000). */
  scale: number | null;
  /** Also write the JSON here. */
  out: string | null;
  /**
   * Run the sections in this process instead of one fresh process each: faster to start, but
   * memory figures then include what earlier sections left behind (for the smoke test).
   */
  inProcess: boolean;
  /** Run only these parts (default null: all); the others are reported as null and their bars left out. */
  only: ReadonlySet<BenchPart> | null;
}

/** The parts of a run that `--only` can pick. */
export const BENCH_PARTS = ['quality', 'cold-start', 'scale', 'peers'] as const;
export type BenchPart = (typeof BENCH_PARTS)[number];

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

export const MAX_SCALE = 1_000_000;
const SYNTHETIC_STEPS = [250_000, 500_000, 1_000_000];
/** Heap limit of every section process, so "how far one 8 GB process goes" is what --scale shows. */
export const HEAP_LIMIT_MB = 8192;
const COLD_START_QUESTION = 'What did Peskov say about a meeting between Putin and Trump?';

/** A section that failed; `error` says how. */
export interface SectionFailure {
  error: string;
  out_of_memory: boolean;
}

export const isFailure = (value: unknown): value is SectionFailure =>
  typeof value === 'object' && value !== null && 'error' in value && typeof value.error === 'string';

export type BenchReport = Awaited<ReturnType<typeof runBench>>;

export async function runBench(options: BenchOptions) {
  const started = now();
  const errors: string[] = [];
  const q = options.quick;
  const wanted = (part: BenchPart) => options.only === null || options.only.has(part);
  let childCpuS = 0;
  const run = async <T>(name: SectionName, sectionOptions: object): Promise<T | SectionFailure> => {
    if (options.inProcess) return runInProcess<T>(name, sectionOptions);
    const result = await runInChild<T>(name, sectionOptions);
    if (!isFailure(result)) childCpuS += (result as { cpu_s?: number }).cpu_s ?? 0;
    return result;
  };

  const section = async <T>(name: SectionName, sectionOptions: object): Promise<T | SectionFailure> => {
    const result = await run<T>(name, sectionOptions);
    if (isFailure(result)) errors.push(`${name} ${JSON.stringify(sectionOptions)}: ${result.error}`);
    return result;
  };

  const points: (ScalePointOptions & { synthetic: boolean })[] = (!wanted('scale') ? [] : q ? [200, 400] : [1_000, 10_000, 100_000, null]).map((passages) => ({
    passages,
    synthetic: false,
    ...(q ? { corpusQuestions: 10, rounds: 1 } : {}),
  }));
  if (options.scale !== null && wanted('scale')) {
    const synthetic = [...SYNTHETIC_STEPS.filter((s) => s < options.scale!), options.scale];
    for (const passages of synthetic) points.push({ passages, synthetic: true, rounds: 1 });
  }
  // Quality, cold start, each scale point, peers.
  const steps = { done: 0, total: (['quality', 'cold-start', 'peers'] as const).filter(wanted).length + points.length };
  const progress = (message: string) => {
    note(message);
    benchProgress.update(steps.done++, steps.total, 'bench', 'sections');
  };

  let quality: { seeds: SeedsReport; distractors: DistractorReport } | SectionFailure | null = null;
  if (wanted('quality')) {
    progress('quality: seeds and distractors');
    quality = await section<{ seeds: SeedsReport; distractors: DistractorReport }>('quality', {
      distractorPassages: q ? 300 : null,
      rounds: q ? 1 : 5,
    } satisfies QualityOptions);
  }

  let coldStart: ColdStartReport = notMeasured(COLD_START_QUESTION);
  let snapshotStart: ColdStartReport = notMeasured(COLD_START_QUESTION);
  if (wanted('cold-start')) {
    progress('cold start of the CLI');
    coldStart = await measureColdStart(COLD_START_QUESTION, q ? 1 : 5);
    if (coldStart.error) errors.push(`cold start: ${coldStart.error}`);
    snapshotStart = await measureColdStart(COLD_START_QUESTION, q ? 1 : 5, { snapshot: true });
    if (snapshotStart.error) errors.push(`cold start from a snapshot: ${snapshotStart.error}`);
  }

  const scale: (ScalePoint | FailedScalePoint)[] = [];
  for (const point of points) {
    progress(`scale: ${point.passages === null ? 'full Reuters' : point.passages.toLocaleString('en')} passages${point.synthetic ? ' (synthetic)' : ''}`);
    // The point writes its snapshot here; a fresh process then serves the coverage from it, as a bot does.
    const snapshotDir = mkdtempSync(path.join(os.tmpdir(), 'coverage-bot-bench-'));
    const snapshotFile = path.join(snapshotDir, 'coverage.snapshot');
    let result: ScalePoint | SectionFailure;
    try {
      result = await run<ScalePoint>('scale', { ...point, snapshotFile });
      if (!isFailure(result)) {
        const served = await run<ServedPoint>('served', { snapshotFile, corpusQuestions: point.corpusQuestions, rounds: point.rounds } satisfies ServedOptions);
        result.served = served;
        if (isFailure(served)) errors.push(`served ${point.passages}: ${served.error}`);
      }
    } finally {
      rmSync(snapshotDir, { recursive: true, force: true });
    }
    if (isFailure(result)) {
      scale.push({ target_passages: point.passages, synthetic: point.synthetic, error: result.error, out_of_memory: result.out_of_memory });
      // A synthetic point past the heap limit is a finding, not a failure of the bench.
      if (!(point.synthetic && result.out_of_memory)) errors.push(`scale ${point.passages}: ${result.error}`);
      if (point.synthetic && result.out_of_memory) break;
    } else {
      scale.push(result);
    }
  }
  const fullPassages = (scale.find((p) => 'passages' in p && !p.synthetic && p.target_passages === null) as ScalePoint | undefined)?.passages;

  let peers: PeerReport | SectionFailure | null = null;
  if (wanted('peers')) {
    progress('peers: ours, MiniSearch, wink-bm25-text-search');
    peers = await section<PeerReport>(
      'peers',
      (q ? { passages: 300, sentenceQueries: 30, headlineQueries: 10, warmupQueries: 10 } : { passages: 100_000 }) satisfies PeerOptions,
    );
  }

  const seeds = quality === null || isFailure(quality) ? null : quality.seeds;
  const report = {
    bench: 'coverage-bot npm run bench',
    generated_at: new Date().toISOString(),
    wall_s: 0,
    cpu_s: 0 as number | null,
    machine: machine(),
    options: {
      quick: options.quick,
      scale: options.scale,
      in_process: options.inProcess,
      heap_limit_mb: options.inProcess ? null : HEAP_LIMIT_MB,
      only: options.only === null ? null : BENCH_PARTS.filter(wanted),
    },
    corpus: {
      scale: 'Reuters-21578, Distribution 1.0 (research use only), ../shared/corpus/reuters21578.jsonl.gz',
      full_passages: fullPassages ?? null,
    },
    seeds: seeds && seedsFigures(seeds, coldStart, snapshotStart),
    /** The CLI's cold starts on their own, so that `--only cold-start` (without the seeds' quality section) reports them. */
    cold_start: wanted('cold-start') ? coldStartFigures(coldStart, snapshotStart) : null,
    scale,
    peers,
    ratios: peers === null || isFailure(peers) ? null : Object.fromEntries(PEER_NAMES.map((name) => [`ours_vs_${name}`, peers.ratios[name]])),
    distractors: quality === null || isFailure(quality) ? quality : quality.distractors,
    bars: [] as Bar[],
    errors,
  };
  report.bars = bars(
    report.seeds,
    report.cold_start,
    scale,
    peers === null || isFailure(peers) ? null : peers,
    quality === null || isFailure(quality) ? null : quality.distractors,
  );
  report.wall_s = round((now() - started) / 1000, 1);
  const coldStartCpuS = [...coldStart.cpu_samples_ms, ...snapshotStart.cpu_samples_ms].reduce((sum, ms) => sum + ms, 0) / 1000;
  report.cpu_s = round(cpuNow() / 1000 + childCpuS + coldStartCpuS, 1);
  benchProgress.update(steps.total, steps.total, 'bench', 'sections');
  return report;
}

/** A cold start that `--only` left out. */
function notMeasured(question: string): ColdStartReport {
  return { cold_start_ms: null, samples_ms: [], cold_start_cpu_ms: null, cpu_samples_ms: [], command: '', question };
}

/** The cold-start figures: wall and CPU time of a first question in a new CLI process. */
function coldStartFigures(coldStart: ColdStartReport, snapshotStart: ColdStartReport) {
  return {
    /** A new process with an empty data folder: reads and indexes the seeds. */
    cold_start_ms: coldStart.cold_start_ms,
    cold_start_cpu_ms: coldStart.cold_start_cpu_ms,
    /** A new process whose data folder holds the index snapshot of an earlier run. */
    cold_start_snapshot_ms: snapshotStart.cold_start_ms,
    cold_start_snapshot_cpu_ms: snapshotStart.cold_start_cpu_ms,
  };
}

/** The seeds figures with the fields outside checks read first. */
function seedsFigures(seeds: SeedsReport, coldStart: ColdStartReport, snapshotStart: ColdStartReport) {
  const { build_ms, ask_p50_ms, ask_p99_ms, ...rest } = seeds;
  return {
    build_ms,
    ask_p50_ms,
    ask_p99_ms,
    ...coldStartFigures(coldStart, snapshotStart),
    ...rest,
    cold_start: coldStart,
    cold_start_snapshot: snapshotStart,
  };
}

async function runInProcess<T>(name: SectionName, options: object): Promise<T | SectionFailure> {
  try {
    return { ...(await runSectionHere(name, options)), gc_exposed: gcExposed() } as T;
  } catch (error) {
    return { error: (error as Error).message, out_of_memory: false };
  }
}

/** Runs bench/section.ts in a fresh process; its last stdout line is the section's JSON. */
export function runInChild<T>(name: SectionName, options: object): Promise<T | SectionFailure> {
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
    const forward = forwardLines();
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      forward(d);
      stderrTail = (stderrTail + d).slice(-4000);
    });
    child.on('error', (error) => resolve({ error: error.message, out_of_memory: false }));
    child.on('close', (code, signal) => {
      forward();
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

export function machine() {
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
function bars(
  seeds: { ask_p50_ms: number } | null,
  coldStart: { cold_start_ms: number | null; cold_start_snapshot_ms: number | null } | null,
  scale: readonly (ScalePoint | FailedScalePoint)[],
  peers: PeerReport | null,
  distractors: DistractorReport | null,
): Bar[] {
  const out: Bar[] = [];
  const bar = (name: string, value: number | null | undefined, kind: Bar['kind'], limit: number) =>
    out.push({ name, value: value ?? null, limit, kind, pass: value != null && (kind === 'max' ? value <= limit : value >= limit) });
  // Issue 14's bars (speed and memory with the lexicon loaded), and the earlier ones it keeps.
  if (seeds) {
    bar('seeds: ask p50 ms', seeds.ask_p50_ms, 'max', 2);
  }
  if (coldStart) {
    bar('seeds: CLI cold start ms', coldStart.cold_start_ms, 'max', 1500);
    bar('seeds: CLI cold start from a snapshot ms', coldStart.cold_start_snapshot_ms, 'max', 1500);
  }
  const at100k = scale.find((p): p is ScalePoint => 'passages' in p && p.target_passages === 100_000);
  if (at100k) {
    for (const [name, figures] of Object.entries(at100k.by_scorer ?? { default: at100k })) {
      bar(`scale 100k: ask p50 ms (${name} scorer)`, figures.ask_p50_ms, 'max', 5);
      bar(`scale 100k: ask p99 ms (${name} scorer)`, figures.ask_p99_ms, 'max', 50);
    }
    bar('scale 100k: coverage build ms', at100k.coverage_build_ms, 'max', 30_000);
    bar('scale 100k: RSS MB (lexicon loaded)', at100k.rss_mb, 'max', 600);
    bar('scale 100k: RSS MB after the questions', at100k.rss_after_ask_mb, 'max', 600);
    // The same bar on the process a bot runs: the coverage restored from its snapshot (bench/served.ts).
    const served = at100k.served && !('error' in at100k.served) ? at100k.served : null;
    bar('scale 100k: RSS MB serving from the snapshot, after the questions', served?.rss_after_ask_mb, 'max', 600);
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
