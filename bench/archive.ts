import { readFileSync } from 'node:fs';
import pg from 'pg';
import { openArchiveCoverage, storeArticles } from '../src/archive/index.js';
import type { Article } from '../src/core/index.js';
import { buildIndex } from '../src/core/index/index.js';
import { passagesFromParagraphs } from '../eval/distractors.js';
import { analyzer, coreConfig, reutersRecords, type ReutersRecord } from './corpus.js';
import { collectGarbage, cpuNow, latencySummary, memoryAfterGc, now, round } from './measure.js';
import { readQaSet } from './qa-set.js';
import { contentWords, generateQueries, seededRandom, targetRank, type KnownItemQuery } from './queries.js';
import { warmupQuestions } from './quality.js';

/**
 * The archive bench (`npm run bench -- --archive`): a synthetic archive of N passages in
 * PostgreSQL (the Reuters articles repeated, each copy's words perturbed so that copies differ),
 * its import rate, and a bot instance over it (hot tier of HOT_PASSAGES in memory, the rest
 * searched in PostgreSQL): ask latency, RSS, and recall@5 of known-item queries beside the
 * in-memory index over the same passages. Each section runs in a fresh process (bench/section.ts).
 */

/** Share of a copy's content words replaced by a word from another article (copies must differ, as real archives' articles do). */
const PERTURB_RATE = 0.2;

let records: ReutersRecord[] | undefined;
async function reuters(): Promise<ReutersRecord[]> {
  if (!records) {
    records = [];
    for await (const record of reutersRecords()) if (record.paragraphs.length > 0) records.push(record);
  }
  return records;
}

/**
 * Article number `n` of the synthetic archive: Reuters article n mod R, copy n div R; copy 0 is
 * the original, every other copy has a fifth of its content words swapped (seeded by n, so any
 * article can be rebuilt on its own) and its own date.
 */
export function syntheticArticle(all: readonly ReutersRecord[], n: number): Article {
  const record = all[n % all.length]!;
  const copy = Math.floor(n / all.length);
  const id = copy === 0 ? record.id : `${record.id}~${copy}`;
  let paragraphs = record.paragraphs;
  let title = record.title;
  let published = record.published;
  if (copy > 0) {
    const random = seededRandom(n * 2654435761);
    const donor = all[Math.floor(random() * all.length)]!;
    const spare = contentWords(donor.paragraphs.join(' ') + ' ' + donor.title);
    const perturb = (text: string) =>
      spare.length === 0 ? text : text.replace(/[A-Za-z][A-Za-z'-]{2,}/g, (w) => (random() < PERTURB_RATE ? spare[Math.floor(random() * spare.length)]! : w));
    paragraphs = paragraphs.map(perturb);
    title = perturb(title);
    // Spread over the years after the collection's 1987, so the hot tier (newest first) is well defined.
    const day = new Date(Date.UTC(1988 + (copy % 30), 0, 1) + Math.floor(random() * 365) * 86_400_000);
    published = day.toISOString().slice(0, 10);
  }
  const { body, passages } = passagesFromParagraphs(id, paragraphs);
  return { id, outlet: record.outlet, title, subtitle: null, author: null, published, url: null, file: `synthetic#${id}`, body, passages };
}

export interface ArchiveImportOptions {
  url: string;
  /** Store synthetic articles from `from` until the archive holds `passages` passages. */
  from: number;
  passages: number;
  batchSize?: number;
  /** Stop at this time (ms since the epoch) even if `passages` is not reached; the report says how far it got. */
  deadline?: number;
  /** Extract and store the statements too (default true); false times the passages alone. */
  statements?: boolean;
}

/** Imports synthetic articles into the archive in batches (as `archive import` does) and times it. */
export async function runArchiveImport(options: ArchiveImportOptions) {
  const all = await reuters();
  const client = new pg.Client({ connectionString: options.url, application_name: 'coverage-bot bench import' });
  await client.connect();
  const { migrate } = await import('../src/archive/index.js');
  await migrate(client);
  const existing = (await client.query('SELECT count(*)::bigint AS articles, coalesce(sum(passage_count), 0)::bigint AS passages FROM articles')).rows[0];
  let stored = Number(existing.passages);
  const startPassages = stored;
  const started = now();
  // Synthetic articles are stored in number order, so an archive given with --archive-url that
  // already holds k of them continues at article k (and its questions can target all of them).
  let n = Math.max(options.from, Number(existing.articles));
  const batch = options.batchSize ?? 500;
  let lastReport = started;
  const statementsOf = options.statements === false ? () => [] : undefined;
  let stoppedAtDeadline = false;
  while (stored < options.passages) {
    if (options.deadline && Date.now() > options.deadline) {
      stoppedAtDeadline = true;
      break;
    }
    const articles: Article[] = [];
    while (articles.length < batch && stored + articles.reduce((s, a) => s + a.passages.length, 0) < options.passages) articles.push(syntheticArticle(all, n++));
    const report = await storeArticles(client, articles, { config: coreConfig, batchSize: batch, statementsOf });
    stored += articles.filter((a) => report.added.includes(a.id) || report.replaced.includes(a.id)).reduce((s, a) => s + a.passages.length, 0);
    if (now() - lastReport > 30_000) {
      lastReport = now();
      process.stderr.write(`archive import: ${stored.toLocaleString('en')} passages, ${Math.round((stored - startPassages) / ((now() - started) / 1000))} passages/s\n`);
    }
  }
  const ms = now() - started;
  await client.query('ANALYZE');
  const size = (await client.query('SELECT pg_database_size(current_database())::bigint AS bytes')).rows[0].bytes;
  await client.end();
  return {
    passages: stored,
    statements: options.statements !== false,
    stopped_at_deadline: stoppedAtDeadline,
    next_article: n,
    imported_passages: stored - startPassages,
    import_s: round(ms / 1000, 1),
    import_passages_per_s: Math.round((stored - startPassages) / (ms / 1000)),
    database_mb: round(Number(size) / 1e6, 0),
  };
}

/** The known-item queries of an archive of `articles` synthetic articles: from a seeded sample of them. */
async function archiveQueries(articles: number, count: number): Promise<{ queries: KnownItemQuery[]; sample: Article[] }> {
  const all = await reuters();
  const random = seededRandom(4242);
  const sample = Array.from({ length: count * 2 }, () => syntheticArticle(all, Math.floor(random() * articles)));
  const queries = generateQueries(sample, { sentences: count, headlines: 0 });
  return { queries, sample };
}

export interface ArchiveAskOptions {
  url: string;
  /** Articles in the synthetic archive (queries target any of them). */
  articles: number;
  hotPassages: number;
  queries?: number;
}

/** A bot instance over the archive: start-up, RSS, ask latency, recall@5 of the tiered retrieval. */
export async function runArchiveAsk(options: ArchiveAskOptions) {
  const { queries, sample } = await archiveQueries(options.articles, options.queries ?? 300);
  const questions = [...readQaSet().items.map((i) => i.q), ...warmupQuestions(sample, 200, 7)];
  collectGarbage();
  const before = memoryAfterGc();
  const started = now();
  const live = await openArchiveCoverage({ config: coreConfig, url: options.url, hotPassages: options.hotPassages, listen: false });
  const openMs = now() - started;
  const coverage = live.current();
  for (const q of questions.slice(0, 20)) coverage.ask(q);
  const samples: number[] = [];
  const cpuSamples: number[] = [];
  const serverCpuBefore = await serverCpuMs(options.url);
  for (const q of questions) {
    const t = now();
    const cpu = cpuNow();
    coverage.ask(q);
    samples.push(now() - t);
    cpuSamples.push(cpuNow() - cpu);
  }
  const serverCpuAfter = await serverCpuMs(options.url);
  const ranks = queries.map((q) => targetRank(q, live.indexFor(q.text).search(q.text, { limit: 5 }).map((h) => h.passage.id), () => undefined));
  const after = memoryAfterGc();
  live.close();
  return {
    archive_passages: coverage.summary().passages,
    hot_passages: coverage.corpus.articles.reduce((n, a) => n + a.passages.length, 0),
    open_s: round(openMs / 1000, 1),
    ...prefixed('ask', latencySummary(samples)),
    ...prefixed('ask_cpu', latencySummary(cpuSamples)),
    // PostgreSQL's share: CPU of the instance's reading connections over all the questions, per question.
    ask_server_cpu_mean_ms: serverCpuBefore === null || serverCpuAfter === null ? null : round((serverCpuAfter - serverCpuBefore) / samples.length, 1),
    ask_samples: samples.length,
    recall_at_5: round(ranks.filter((r) => r !== null && r <= 5).length / ranks.length, 4),
    recall_queries: ranks.length,
    rss_mb: after.rss_mb,
    heap_mb: after.heap_mb,
    rss_before_open_mb: before.rss_mb,
  };
}

export interface ArchiveMemoryOptions {
  /** Synthetic articles 0..n-1, the same passages as the archive. */
  articles: number;
  queries?: number;
}

/** The in-memory index over the same synthetic passages: recall@5 of the same queries (the bar's reference). */
export async function runArchiveMemory(options: ArchiveMemoryOptions) {
  const all = await reuters();
  const { queries } = await archiveQueries(options.articles, options.queries ?? 300);
  const articles = Array.from({ length: options.articles }, (_, n) => syntheticArticle(all, n));
  const started = now();
  const index = buildIndex(articles, { analyzer });
  const buildMs = now() - started;
  const ranks = queries.map((q) => targetRank(q, index.search(q.text, { limit: 5 }).map((h) => h.passage.id), () => undefined));
  const memory = memoryAfterGc();
  return {
    passages: index.passages.length,
    build_s: round(buildMs / 1000, 1),
    recall_at_5: round(ranks.filter((r) => r !== null && r <= 5).length / ranks.length, 4),
    recall_queries: ranks.length,
    rss_mb: memory.rss_mb,
  };
}

/**
 * CPU time (ms) of the server processes serving this instance's reading connections (application
 * name "coverage-bot reader"), read from /proc: wall-clock latency on a shared machine counts the
 * time spent waiting for a core, this does not. Null when the server is not on this machine.
 */
async function serverCpuMs(url: string): Promise<number | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const pids = (await client.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE application_name = 'coverage-bot reader'")).rows.map((r) => r.pid);
    const ticks = 100; // USER_HZ: Linux reports process times in 1/100 s
    let total = 0;
    for (const pid of pids) {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      total += ((Number(fields[11]) + Number(fields[12])) * 1000) / ticks;
    }
    return total;
  } catch {
    return null;
  } finally {
    await client.end();
  }
}

function prefixed(prefix: string, figures: { p50_ms: number; p99_ms: number; mean_ms: number }) {
  return { [`${prefix}_p50_ms`]: figures.p50_ms, [`${prefix}_p99_ms`]: figures.p99_ms, [`${prefix}_mean_ms`]: figures.mean_ms };
}
