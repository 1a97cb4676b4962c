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

export const gcExposed = (): boolean => typeof (globalThis as { gc?: unknown }).gc === 'function';

/** Latency summary of a list of samples, in milliseconds. */
export function latencySummary(samples: readonly number[]): { p50_ms: number; p99_ms: number; mean_ms: number } {
  const mean = samples.reduce((s, x) => s + x, 0) / Math.max(1, samples.length);
  return { p50_ms: round(percentile(samples, 50), 3), p99_ms: round(percentile(samples, 99), 3), mean_ms: round(mean, 3) };
}
