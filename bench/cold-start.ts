import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { projectRoot } from '../src/config/index.js';
import { median, now, round } from './measure.js';

export interface ColdStartReport {
  /** Median wall time from spawn to exit of `coverage-bot ask "…" --json`, or null if it failed. */
  cold_start_ms: number | null;
  samples_ms: number[];
  /**
   * Median CPU time (user + system) of the same runs, from /proc (Linux; null elsewhere): on a
   * machine shared with other work the wall time includes waiting for a core, this does not.
   */
  cold_start_cpu_ms: number | null;
  cpu_samples_ms: number[];
  command: string;
  question: string;
  error?: string;
}

/**
 * Times the built CLI answering one question from a new process, `runs` times in a row. With
 * `snapshot: false` each run gets a fresh, empty data folder, so it reads and indexes the seeds;
 * with `snapshot: true` the runs share a data folder that an untimed first run filled, so they
 * start from the index snapshot (src/core/snapshot) as a repeated command does.
 */
export async function measureColdStart(question: string, runs = 5, options: { snapshot?: boolean } = {}): Promise<ColdStartReport> {
  const bin = path.join(projectRoot, 'dist', 'adapters', 'cli', 'bin.js');
  const args = [bin, 'ask', question, '--json'];
  const command = `node ${path.relative(projectRoot, bin)} ask ${JSON.stringify(question)} --json`;
  const samples: number[] = [];
  const cpuSamples: number[] = [];
  const env = (dataDir: string) => ({ ...process.env, CORPUS_DIR: path.join(projectRoot, 'seeds'), DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const shared = options.snapshot ? mkdtempSync(path.join(tmpdir(), 'coverage-bot-bench-')) : null;
  if (shared) {
    const prime = await timeProcess(args, env(shared));
    if (prime.code !== 0) return failed(`priming run: exit code ${prime.code}: ${prime.stderr.trim().split('\n')[0] ?? ''}`);
  }
  for (let i = 0; i < runs; i++) {
    const dataDir = shared ?? mkdtempSync(path.join(tmpdir(), 'coverage-bot-bench-'));
    try {
      const run = await timeProcess(args, env(dataDir));
      if (run.code !== 0) return failed(`exit code ${run.code}: ${run.stderr.trim().split('\n')[0] ?? ''}`);
      const answer = parseAnswer(run.stdout);
      if (!answer) return failed(`stdout is not a JSON answer: ${run.stdout.slice(0, 120)}`);
      samples.push(run.ms);
      if (run.cpuMs !== null) cpuSamples.push(run.cpuMs);
    } finally {
      if (!shared) rmSync(dataDir, { recursive: true, force: true });
    }
  }
  if (shared) rmSync(shared, { recursive: true, force: true });
  return {
    cold_start_ms: round(median(samples), 1),
    samples_ms: samples.map((s) => round(s, 1)),
    cold_start_cpu_ms: cpuSamples.length === samples.length ? round(median(cpuSamples), 1) : null,
    cpu_samples_ms: cpuSamples.map((s) => round(s, 1)),
    command,
    question,
  };

  function failed(error: string): ColdStartReport {
    return { cold_start_ms: null, samples_ms: samples.map((s) => round(s, 1)), cold_start_cpu_ms: null, cpu_samples_ms: [], command, question, error };
  }
}

/**
 * CPU milliseconds (user + system) of this process's waited-for children so far, from
 * /proc/self/stat (cutime and cstime, in clock ticks of 10 ms), or null where there is no /proc.
 */
function childrenCpuMs(): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return null;
  }
}

function timeProcess(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; ms: number; cpuMs: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const cpuBefore = childrenCpuMs();
    const start = now();
    const child = spawn(process.execPath, args, { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = now() - start;
      const cpuAfter = childrenCpuMs();
      resolve({ code, ms, cpuMs: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore, stdout, stderr });
    });
  });
}

function parseAnswer(stdout: string): { answer: string } | null {
  try {
    const value = JSON.parse(stdout) as { answer?: unknown };
    return typeof value.answer === 'string' ? { answer: value.answer } : null;
  } catch {
    return null;
  }
}
