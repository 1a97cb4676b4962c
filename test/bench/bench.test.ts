import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Smoke test of `npm run bench`: the harness runs end to end on a few hundred passages (--quick,
// sections in one process so that the test starts Node twice rather than six times) and prints
// the JSON that outside checks read. Timings are not asserted: speed is the bench's business,
// not the test suite's.

const root = path.resolve(import.meta.dirname, '../..');
// The bench reads the Reuters corpus from ../shared, which a user's clone does not have.
const reutersFile = path.resolve(root, '..', 'shared', 'corpus', 'reuters21578.jsonl.gz');
const hasShared = existsSync(reutersFile);
const outDir = mkdtempSync(path.join(tmpdir(), 'coverage-bot-bench-test-'));
const outFile = path.join(outDir, 'bench.json');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let run: Run;
let report: any;

beforeAll(async () => {
  if (!hasShared) return;
  run = await new Promise<Run>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick', '--in-process', '--out', outFile], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  report = JSON.parse(run.stdout);
}, 120_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const positive = (value: unknown) => expect(typeof value === 'number' && value > 0, String(value)).toBe(true);
const share = (value: unknown) => expect(typeof value === 'number' && value >= 0 && value <= 1, String(value)).toBe(true);

describe.skipIf(!hasShared)(hasShared ? 'npm run bench -- --quick' : 'npm run bench -- --quick (skipped: ../shared/corpus is absent beside this clone)', () => {
  it('exits 0 with no section errors and stdout is exactly one JSON object', () => {
    expect(run.code, run.stderr.slice(-2000)).toBe(0);
    expect(report.errors).toEqual([]);
    expect(run.stdout.trim().startsWith('{') && run.stdout.trim().endsWith('}')).toBe(true);
  });

  it('writes the same JSON to the --out file', () => {
    expect(JSON.parse(readFileSync(outFile, 'utf8'))).toEqual(report);
  });

  it('prints a human table on stderr, not on stdout', () => {
    expect(run.stderr).toMatch(/scale\n\s+passages\s+articles/);
    expect(run.stderr).toMatch(/peers \(\d+ passages/);
    expect(run.stdout).not.toMatch(/peers \(/);
  });

  it('says what it is doing in plain lines on a pipe, with no progress bar', () => {
    expect(run.stderr).toMatch(/^bench: quality: seeds and distractors$/m);
    expect(run.stderr).toMatch(/^bench: scale: 200 passages$/m);
    expect(run.stderr).not.toMatch(/\[[=-]+\] \d+\/\d+ sections/);
  });

  it('names the machine it measured on', () => {
    positive(report.machine.cores);
    expect(report.machine.cpu).toEqual(expect.any(String));
    expect(report.machine.node).toBe(process.version);
  });

  it('reports seed build time, ask latency and the CLI cold start', () => {
    const s = report.seeds;
    expect(s.passages).toBeGreaterThan(5);
    for (const key of ['build_ms', 'ask_p50_ms', 'ask_p99_ms', 'cold_start_ms', 'cold_start_snapshot_ms']) positive(s[key]);
    expect(s.ask_p50_ms).toBeLessThanOrEqual(s.ask_p99_ms);
    expect(s.cold_start.samples_ms).toHaveLength(1);
    // Read from /proc on Linux: a spawned Node process always uses some CPU.
    if (process.platform === 'linux') positive(s.cold_start_cpu_ms);
  });

  it('measures each scale point on at least its target number of passages, with memory after build', () => {
    expect(report.scale).toHaveLength(2);
    for (const point of report.scale) {
      expect(point.passages).toBeGreaterThanOrEqual(point.target_passages);
      expect(point.articles).toBeGreaterThan(5);
      for (const key of ['build_ms', 'ask_p50_ms', 'ask_p99_ms', 'rss_mb', 'heap_mb', 'index_bytes']) positive(point[key]);
      expect(point.ask_p50_ms).toBeLessThanOrEqual(point.ask_p99_ms);
      expect(point.rss_mb).toBeGreaterThan(point.heap_mb);
    }
    expect(report.scale[1].passages).toBeGreaterThan(report.scale[0].passages);
    expect(report.scale[1].index_bytes).toBeGreaterThan(report.scale[0].index_bytes);
  });

  it('reads memory settled (every RSS reading kept) and serves each point again from its snapshot', () => {
    for (const point of report.scale) {
      for (const reading of [point.memory.after_build, point.memory.after_ask]) {
        expect(reading.rss_readings_mb.length).toBeGreaterThanOrEqual(5);
        for (const rss of reading.rss_readings_mb) positive(rss);
        expect(reading.heap_total_mb).toBeGreaterThanOrEqual(reading.heap_mb);
      }
      expect(point.memory.after_build.rss_mb).toBe(point.rss_mb);
      expect(point.memory.peak_rss_mb).toBeGreaterThanOrEqual(point.rss_mb);
      const served = point.served;
      expect(served.error).toBeUndefined();
      for (const key of ['restore_ms', 'rss_mb', 'rss_after_ask_mb', 'heap_mb']) positive(served[key]);
      expect(served.memory.peak_rss_mb).toBeGreaterThanOrEqual(served.rss_mb);
    }
  });

  it('runs the three engines on the same passages and queries, with recall between 0 and 1', () => {
    const p = report.peers;
    expect(p.passages).toBeGreaterThanOrEqual(300);
    expect(p.queries).toBe(p.query_kinds.sentence + p.query_kinds.headline);
    for (const name of ['ours', 'minisearch', 'wink_bm25']) {
      const e = p[name];
      for (const key of ['build_ms', 'p50_ms', 'p99_ms']) positive(e[key]);
      share(e.recall_at_1);
      share(e.recall_at_5);
      expect(e.recall_at_1).toBeLessThanOrEqual(e.recall_at_5);
      expect(e.by_kind.sentence.queries + e.by_kind.headline.queries).toBe(p.queries);
    }
    // The queries are known items taken from the corpus: a working engine finds most of them.
    expect(p.minisearch.recall_at_5).toBeGreaterThan(0.5);
    positive(report.ratios.ours_vs_minisearch.p50);
    positive(report.ratios.ours_vs_wink_bm25.p50);
  });

  it('checks the bars it can judge on a quick run, each with a value and a verdict', () => {
    const names = report.bars.map((b: { name: string }) => b.name);
    expect(names).toEqual(expect.arrayContaining(['seeds: ask p50 ms', 'seeds: CLI cold start ms', 'peers: ours recall@1', 'distractors: citation@1']));
    for (const bar of report.bars) {
      expect(typeof bar.pass).toBe('boolean');
      if (bar.value !== null) expect(bar.pass).toBe(bar.kind === 'max' ? bar.value <= bar.limit : bar.value >= bar.limit);
    }
  });

  it('answers the QA set over the seeds alone and buried among Reuters articles', () => {
    const d = report.distractors;
    expect(d.with_reuters.passages).toBeGreaterThan(d.seeds_only.passages);
    expect(d.with_reuters.reuters_articles).toBeGreaterThan(0);
    for (const run of [d.seeds_only, d.with_reuters]) {
      expect(run.answerable + run.unanswerable).toBe(d.questions);
      for (const key of ['citation_at_1', 'answer_accuracy', 'abstention_accuracy', 'false_abstention_rate']) share(run[key]);
    }
  });
});

describe('npm run bench -- --only', () => {
  it('reports the cold start alone (--only cold-start), with its bars', async () => {
    const { code, stdout } = await new Promise<Run>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--only', 'cold-start', '--quick'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] });
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr: '' }));
    });
    expect(code).toBe(0);
    const only = JSON.parse(stdout);
    expect(only.seeds).toBeNull();
    positive(only.cold_start.cold_start_ms);
    positive(only.cold_start.cold_start_snapshot_ms);
    expect(only.bars.map((b: { name: string }) => b.name)).toEqual(['seeds: CLI cold start ms', 'seeds: CLI cold start from a snapshot ms']);
  }, 60_000);

  it('refuses a part it does not know, naming the parts it has', async () => {
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--only', 'peers,speed'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(code).toBe(2);
    expect(stderr).toContain('--only takes parts separated by commas, from quality, cold-start, scale, peers');
  });
});
