import { performance } from 'node:perf_hooks';

/** Milliseconds since an arbitrary origin, sub-millisecond resolution. */
export const now = (): number => performance.now();

/** CPU milliseconds (user + system, all threads) this process has used so far. */
export function cpuNow(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Runs `fn` once and returns its result with the wall time and the process CPU time it took. On
 * a machine shared with other work the wall time includes waiting for a core; the CPU time does
 * not (it does include the garbage collector's helper threads).
 */
export function timed<T>(fn: () => T): { value: T; ms: number; cpuMs: number } {
  const start = now();
  const cpuStart = cpuNow();
  const value = fn();
  return { value, ms: now() - start, cpuMs: cpuNow() - cpuStart };
}

/** Async form of {@link timed}. */
export async function timedAsync<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = now();
  const value = await fn();
  return { value, ms: now() - start };
}

/**
 * The p-th percentile (0–100) by the nearest-rank method, so p99 of 20 samples is the largest
 * one rather than an interpolation between samples that were never observed.
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

/** Rounds to `digits` decimals, for figures that are printed and compared by people. */
export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

const MB = 1024 * 1024;

export interface MemorySample {
  rss_mb: number;
  heap_mb: number;
}

/**
 * Collects garbage (twice: the first pass can free objects whose finalisers release more) and
 * then reads the process memory, so two samples differ by what is still reachable. Without
 * `--expose-gc` the figures include garbage; `gc_exposed` in the report says which it was.
 */
export function memoryAfterGc(): MemorySample {
  collectGarbage();
  const usage = process.memoryUsage();
  return { rss_mb: round(usage.rss / MB, 1), heap_mb: round(usage.heapUsed / MB, 1) };
}

export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
}

/** One reading of {@link settledMemory}: every figure of `process.memoryUsage()`, in MB. */
export interface SettledMemory extends MemorySample {
  /** V8's heap as reserved from the system (used plus free pages it keeps), median. */
  heap_total_mb: number;
  /** Memory of C++ objects tied to JavaScript ones, typed-array buffers included, median. */
  external_mb: number;
  array_buffers_mb: number;
  /** Every RSS reading, in order: the settled figure is the median of the last `SETTLE_MEDIAN_OF`. */
  rss_readings_mb: number[];
}

/**
 * Readings of {@link settledMemory}: each after a full collection and a pause. V8 hands freed heap
 * pages back to the system on background threads and shrinks its young generation only after
 * several collections find little to keep, so RSS right after a build's garbage is collected reads
 * anywhere between the live data and the build's peak (at 100,000 passages one run read 690 MB
 * after one collection and 447 MB four seconds later, with the same heap in use). 12 readings 250
 * ms apart (3 s) covered that settling in every run on the development machine (it took 1.5–2 s);
 * while the last readings still move by more than SETTLE_SPREAD_MB (a machine so busy that the
 * release lags), more are taken, up to SETTLE_MAX_READINGS (10 s).
 */
const SETTLE_READINGS = 12;
const SETTLE_MAX_READINGS = 40;
const SETTLE_PAUSE_MS = 250;
/** The settled figure is the median of the last readings, so one late page release does not decide it. */
const SETTLE_MEDIAN_OF = 5;
/** Settled: the last readings' RSS within this many MB (a page release moves it by 10–30 MB). */
const SETTLE_SPREAD_MB = 2;

/**
 * Process memory as a serving process settles to once the build's garbage is gone: collects
 * garbage and reads the memory at least {@link SETTLE_READINGS} times, {@link SETTLE_PAUSE_MS}
 * apart, until the last {@link SETTLE_MEDIAN_OF} RSS readings agree, and reports the median of
 * those last readings of each figure, with every RSS reading beside it (nothing is dropped from
 * view). Without `--expose-gc` it only waits between readings. The process's peak RSS, build
 * included, is {@link peakRssMb}.
 */
export async function settledMemory(): Promise<SettledMemory> {
  const readings: NodeJS.MemoryUsage[] = [];
  const settled = () => {
    const rss = readings.slice(-SETTLE_MEDIAN_OF).map((u) => u.rss / MB);
    return Math.max(...rss) - Math.min(...rss) <= SETTLE_SPREAD_MB;
  };
  while (readings.length < SETTLE_READINGS || (!settled() && readings.length < SETTLE_MAX_READINGS)) {
    collectGarbage();
    await new Promise((resolve) => setTimeout(resolve, SETTLE_PAUSE_MS));
    readings.push(process.memoryUsage());
  }
  const last = readings.slice(-SETTLE_MEDIAN_OF);
  const mb = (pick: (u: NodeJS.MemoryUsage) => number) => round(median(last.map(pick)) / MB, 1);
  return {
    rss_mb: mb((u) => u.rss),
    heap_mb: mb((u) => u.heapUsed),
    heap_total_mb: mb((u) => u.heapTotal),
    external_mb: mb((u) => u.external),
    array_buffers_mb: mb((u) => u.arrayBuffers),
    rss_readings_mb: readings.map((u) => round(u.rss / MB, 1)),
  };
}

/** The highest RSS this process has had, in MB. */
export const peakRssMb = (): number => round(process.resourceUsage().maxRSS / 1024, 1);

export const gcExposed = (): boolean => typeof (globalThis as { gc?: unknown }).gc === 'function';

/** Latency summary of a list of samples, in milliseconds. */
export function latencySummary(samples: readonly number[]): { p50_ms: number; p99_ms: number; mean_ms: number } {
  const mean = samples.reduce((s, x) => s + x, 0) / Math.max(1, samples.length);
  return { p50_ms: round(percentile(samples, 50), 3), p99_ms: round(percentile(samples, 99), 3), mean_ms: round(mean, 3) };
}
