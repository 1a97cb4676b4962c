import { startPostgres, type PostgresServer } from '../test/support/postgres.js';
import { isFailure, machine, runInChild } from './bench.js';
import { now, round } from './measure.js';

/**
 * `npm run bench -- --archive [--archive-points 1000000,5000000] [--hot 100000] [--archive-url URL]`:
 * for each point, imports synthetic articles until the archive holds that many passages (each
 * point adds to the previous one), then measures a bot instance over it; at the first point, the
 * in-memory index over the same passages gives recall@5's reference. Without --archive-url it runs
 * its own PostgreSQL (test/support/postgres.ts: initdb + pg_ctl in a temp folder, 127.0.0.1).
 */
export interface ArchiveBenchOptions {
  points: number[];
  hotPassages: number;
  url: string | null;
  /** Skip the in-memory reference (it needs the whole point in one process's memory). */
  memory: boolean;
  queries: number;
  /** Stop importing at this time (ms since the epoch) and measure the archive as far as it got. */
  deadline: number | null;
  /** Which points import their passages without statement extraction (timed apart; see README): none, all but the first, or all. */
  passagesOnly: 'none' | 'after-first' | 'all';
}

/** Server settings for a bulk import on a small machine: more cache, fewer checkpoints. */
const BENCH_SERVER_SETTINGS = {
  shared_buffers: '512MB',
  maintenance_work_mem: '256MB',
  work_mem: '16MB',
  max_wal_size: '8GB',
  checkpoint_timeout: '30min',
  max_connections: '20',
};

export async function runArchiveBench(options: ArchiveBenchOptions) {
  const started = now();
  let server: PostgresServer | undefined;
  let url = options.url;
  if (!url) {
    server = await startPostgres(BENCH_SERVER_SETTINGS);
    url = await server.createDatabase('bench');
  }
  const errors: string[] = [];
  const points: object[] = [];
  let next = 0;
  try {
    for (const [i, passages] of options.points.entries()) {
      progress(`archive: importing up to ${passages.toLocaleString('en')} passages`);
      const statements = options.passagesOnly === 'none' || (options.passagesOnly === 'after-first' && i === 0);
      const imported = await runInChild<{ next_article: number; passages: number; stopped_at_deadline: boolean }>('archive-import', {
        url,
        from: next,
        passages,
        statements,
        deadline: options.deadline ?? undefined,
      });
      if (isFailure(imported)) {
        errors.push(`import ${passages}: ${imported.error}`);
        break;
      }
      next = imported.next_article;
      progress(`archive: a bot instance over ${imported.passages.toLocaleString('en')} passages (hot ${options.hotPassages.toLocaleString('en')})`);
      const asked = await runInChild<object>('archive-ask', { url, articles: next, hotPassages: options.hotPassages, queries: options.queries });
      if (isFailure(asked)) errors.push(`ask ${passages}: ${asked.error}`);
      let memory: object | null = null;
      if (options.memory && i === 0) {
        progress(`archive: in-memory index over the same ${imported.passages.toLocaleString('en')} passages (recall reference)`);
        const result = await runInChild<object>('archive-memory', { articles: next, queries: options.queries });
        if (isFailure(result)) errors.push(`in-memory ${passages}: ${result.error}`);
        memory = result;
      }
      points.push({ target_passages: passages, import: imported, instance: asked, in_memory: memory });
      if (imported.stopped_at_deadline) break;
    }
  } finally {
    await server?.remove();
  }
  return {
    bench: 'coverage-bot npm run bench -- --archive',
    generated_at: new Date().toISOString(),
    wall_s: round((now() - started) / 1000, 1),
    machine: machine(),
    options: { ...options, url: options.url ? '(given)' : '(own server)' },
    points,
    errors,
  };
}

function progress(message: string): void {
  process.stderr.write(`== ${message}\n`);
}
