import type { Bar, FailedScalePoint } from './bench.js';
import { PEER_NAMES, type PeerReport } from './peers.js';
import type { DistractorReport } from './quality.js';
import type { ScalePoint } from './scale.js';

/** The parts of the bench JSON the table shows; every section may be missing after a failure. */
export interface TableInput {
  machine: { cpu: string; cores: number; node: string; memory_gb: number; load_average: number };
  seeds: {
    passages: number;
    build_ms: number;
    ask_p50_ms: number;
    ask_p99_ms: number;
    cold_start_ms: number | null;
    cold_start_cpu_ms: number | null;
    cold_start_snapshot_ms: number | null;
    cold_start_snapshot_cpu_ms: number | null;
  } | null;
  /** null when `--only` left the cold start out. */
  cold_start?: {
    cold_start_ms: number | null;
    cold_start_cpu_ms: number | null;
    cold_start_snapshot_ms: number | null;
    cold_start_snapshot_cpu_ms: number | null;
  } | null;
  scale: readonly (ScalePoint | FailedScalePoint)[];
  /** null when `--only` left the part out. */
  peers: PeerReport | { error: string } | null;
  distractors: DistractorReport | { error: string } | null;
  bars: readonly Bar[];
  errors: readonly string[];
  wall_s: number;
  /** CPU seconds of every process of the run (sections, cold starts and this one). */
  cpu_s: number | null;
}

/** A short plain-text summary of a bench run, for people (the JSON on stdout is for machines). */
export function formatTable(r: TableInput): string {
  const lines: string[] = [];
  const m = r.machine;
  lines.push(
    `machine: ${m.cpu}, ${m.cores} cores, ${m.memory_gb} GB, node ${m.node}; wall ${r.wall_s} s, CPU ${r.cpu_s ?? 'n/a'} s, load average ${m.load_average} at the end`,
  );
  if (r.seeds) {
    const s = r.seeds;
    lines.push(
      `seeds (${s.passages} passages): build ${s.build_ms} ms, ask p50 ${s.ask_p50_ms} ms / p99 ${s.ask_p99_ms} ms, CLI cold start ${s.cold_start_ms ?? 'n/a'} ms (CPU ${s.cold_start_cpu_ms ?? 'n/a'} ms), from a snapshot ${s.cold_start_snapshot_ms ?? 'n/a'} ms (CPU ${s.cold_start_snapshot_cpu_ms ?? 'n/a'} ms)`,
    );
  } else if (r.cold_start) {
    const c = r.cold_start;
    lines.push(
      `CLI cold start over the seeds ${c.cold_start_ms ?? 'n/a'} ms (CPU ${c.cold_start_cpu_ms ?? 'n/a'} ms), from a snapshot ${c.cold_start_snapshot_ms ?? 'n/a'} ms (CPU ${c.cold_start_snapshot_cpu_ms ?? 'n/a'} ms)`,
    );
  }
  lines.push('', 'scale');
  lines.push(
    table(
      ['passages', 'articles', 'index ms', 'index CPU', 'coverage ms', 'cov. CPU', 'ask p50', 'ask p99', 'lexicon ms', 'RSS MB', 'RSS asked', 'peak RSS', 'heap MB', 'snapshot MB', 'served RSS', 'served asked'],
      r.scale.map((p) =>
        'error' in p
          ? [String(p.target_passages ?? 'full'), p.out_of_memory ? 'OOM' : 'error', '', '', '', '', '', '', '', '', '', '', '', '', '', '']
          : [
              `${p.passages}${p.synthetic ? '*' : ''}`,
              String(p.articles),
              String(p.build_ms),
              String(p.build_cpu_ms),
              String(p.coverage_build_ms),
              String(p.coverage_build_cpu_ms),
              String(p.ask_p50_ms),
              String(p.ask_p99_ms),
              String(p.lexicon_load_ms),
              String(p.rss_mb),
              String(p.rss_after_ask_mb),
              String(p.memory?.peak_rss_mb ?? ''),
              String(p.heap_mb),
              String(Math.round(p.index_bytes / 1e5) / 10),
              p.served === undefined ? '' : 'error' in p.served ? 'error' : String(p.served.rss_mb),
              p.served === undefined || 'error' in p.served ? '' : String(p.served.rss_after_ask_mb),
            ],
      ),
    ),
  );
  const scorers = r.scale.filter((p): p is ScalePoint => !('error' in p) && Object.keys(p.by_scorer ?? {}).length > 0);
  if (scorers.length > 0) {
    lines.push('', 'ask by answer scorer: wall p50 / p99 ms, CPU p50 / p99 ms (CPU excludes waiting for a busy core)');
    const names = Object.keys(scorers[0]!.by_scorer);
    const cell = (f: ScalePoint['by_scorer'][string] | undefined) =>
      f ? `${f.ask_p50_ms} / ${f.ask_p99_ms}, CPU ${f.ask_cpu_p50_ms} / ${f.ask_cpu_p99_ms}` : '';
    lines.push(table(['passages', ...names], scorers.map((p) => [String(p.passages), ...names.map((n) => cell(p.by_scorer[n]))])));
  }
  if (r.peers !== null && !('error' in r.peers)) {
    const p = r.peers;
    lines.push('', `peers (${p.passages} passages, ${p.queries} queries: ${p.query_kinds.sentence} sentence, ${p.query_kinds.headline} headline)`);
    lines.push(
      table(
        ['engine', 'build ms', 'build CPU', 'p50 ms', 'p99 ms', 'heap +MB', 'R@1', 'R@5', 'R@1 sent', 'R@1 head'],
        (['ours', ...PEER_NAMES] as const).map((name) => {
          const e = p[name];
          return [
            name,
            String(e.build_ms),
            String(e.build_cpu_ms),
            String(e.p50_ms),
            String(e.p99_ms),
            String(e.heap_delta_mb),
            String(e.recall_at_1),
            String(e.recall_at_5),
            String(e.by_kind.sentence.recall_at_1),
            String(e.by_kind.headline.recall_at_1),
          ];
        }),
      ),
    );
  }
  if (r.distractors !== null && !('error' in r.distractors)) {
    const d = r.distractors;
    lines.push('', `distractors (${d.questions} questions)`);
    lines.push(
      table(
        ['corpus', 'passages', 'cite@1', 'answer', 'refused', 'false abst.', 'ask p50'],
        [
          ['seeds', d.seeds_only],
          ['seeds + Reuters', d.with_reuters],
        ].map(([name, run]) => {
          const x = run as DistractorReport['seeds_only'];
          return [
            name as string,
            String(x.passages),
            String(x.citation_at_1),
            String(x.answer_accuracy),
            String(x.abstention_accuracy),
            String(x.false_abstention_rate),
            String(x.ask_p50_ms),
          ];
        }),
      ),
    );
  }
  if (r.bars.length > 0) {
    lines.push('', 'bars');
    for (const b of r.bars) lines.push(`  ${b.pass ? 'pass' : 'FAIL'}  ${b.name}: ${b.value ?? 'n/a'} (${b.kind === 'max' ? '≤' : '≥'} ${b.limit})`);
  }
  for (const e of r.errors) lines.push(`error: ${e}`);
  return lines.join('\n');
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => '  ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}
