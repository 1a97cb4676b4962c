import pg from 'pg';
import {
  assembleCoverage,
  buildCoverageParts,
  corpusVersion,
  type Article,
  type ColdSource,
  type CoreConfig,
  type Coverage,
  type CoverageSummary,
  type LiveCoverage,
  type PassageIndex,
  type SpeakerCount,
  tieredIndex,
} from '../core/index.js';
import { migrate, NOTIFY_CHANNEL } from './migrations.js';
import {
  ARTICLES_BY_ID_SQL,
  ARTICLES_SINCE_SQL,
  articleFromRow,
  COLD_SEARCH,
  COLD_SEARCH_SQL,
  coldSearchParams,
  HOT_ARTICLES_SQL,
  inFolderOrder,
  MAX_SEQ_SQL,
  REMOVALS_SINCE_SQL,
  SPEAKERS_SQL,
  speakersFromRows,
  STATEMENTS_SQL,
  statementsFromRows,
  statementsParams,
  SUMMARY_SQL,
  summaryFromRow,
} from './read.js';
import { ArchiveQueryError, createSyncQuery, type SyncQuery } from './sync-query.js';
import { ARTICLE_PAGE_SQL, ARTICLES_LISTED_BY_ID_SQL, articlePageFromRows, articlePageParams, listingFromRow } from './listing.js';

/** Where the archive reports what it did; a pino logger fits. */
export interface ArchiveLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export interface ArchiveCoverageOptions {
  /** The configuration the in-memory coverage is built with. */
  config: CoreConfig;
  /** The primary (ARCHIVE_URL): migrations and notifications. */
  url: string;
  /** A streaming replica to read from (ARCHIVE_READ_URL); default the primary. */
  readUrl?: string;
  /** Passages of the newest articles held in memory (HOT_PASSAGES); the rest is searched in PostgreSQL. */
  hotPassages?: number;
  log?: ArchiveLog;
  /** Pause before reconnecting the listener after the archive went away (default 1,000 ms). */
  reconnectMs?: number;
  /** Limits of the synchronous cold-tier queries (see createSyncQuery). */
  statementTimeoutMs?: number;
  /**
   * After a cold-tier read fails, questions skip the cold tier (answered from memory, marked
   * partial) for this long before one tries it again, unless the listener finds the archive back
   * sooner (default 30,000 ms). A cold read waits synchronously, so a stalled archive would
   * otherwise cost every question a pause of up to the connect timeout.
   */
  coldRetryMs?: number;
  /** Hear new coverage through LISTEN/NOTIFY (default true); a one-shot command leaves it off. */
  listen?: boolean;
}

/**
 * Hot-tier budget when HOT_PASSAGES is not set: in memory a passage costs about 2 KB (3.9 GB RSS
 * at 2M passages, README), so 100,000 passages keep an instance near 200 MB of index and well
 * under the 600 MB bar however large the archive grows.
 */
export const DEFAULT_HOT_PASSAGES = 100_000;

/**
 * Default pause of the cold tier after a failed read. Thirty seconds: during an outage the bot then
 * blocks for at most one connect timeout (1 s) in thirty instead of one per question, and the
 * listener, which reconnects every second without blocking, ends the pause as soon as the
 * archive answers again; the interval only matters when the listener cannot tell (a read replica
 * down while the primary is up).
 */
const DEFAULT_COLD_RETRY_MS = 30_000;

/** Cold articles kept between questions (a follow-up usually needs the same ones again). */
const COLD_CACHE_ARTICLES = 256;

type StoredArticle = Article & { seq: number };

/** One change to the archive, numbered by the articles' sequence: an article stored (added or replaced) or removed. */
type ArchiveChange = { seq: number; stored: StoredArticle } | { seq: number; removed: string };

/** A live coverage over the archive. */
export interface ArchiveCoverage extends LiveCoverage {
  /** The index a question is answered from: the hot tier with the older articles found for `text` (for benchmarks and tools). */
  indexFor(text: string): PassageIndex;
}

const silentLog: ArchiveLog = { info: () => undefined, warn: () => undefined };

/**
 * The coverage of a PostgreSQL archive, kept current: the newest articles (up to `hotPassages`)
 * are indexed in memory as a corpus folder would be, older ones are searched in PostgreSQL per
 * question (tiered retrieval), and `/latest` and `speakers` query the statements table. New or
 * changed articles announced on NOTIFY_CHANNEL are fetched (only those) and applied, and removed
 * (retracted) ones are dropped from both tiers, in the order they happened. When the
 * archive is unreachable, answers come from the in-memory tier, marked partial
 * ('archive-unreachable') whenever the older coverage was needed, with a warning in the log; when
 * it is back, the listener reconnects and catches up on what was stored meanwhile.
 */
export async function openArchiveCoverage(options: ArchiveCoverageOptions): Promise<ArchiveCoverage> {
  const log = options.log ?? silentLog;
  const budget = options.hotPassages ?? DEFAULT_HOT_PASSAGES;
  const readUrl = options.readUrl ?? options.url;
    // allowExitOnIdle: idle pools do not keep a one-shot command's process alive.
  const primary = new pg.Pool({ connectionString: options.url, max: 2, application_name: 'coverage-bot', allowExitOnIdle: true });
  const reader =
    readUrl === options.url ? primary : new pg.Pool({ connectionString: readUrl, max: 2, application_name: 'coverage-bot reader', allowExitOnIdle: true });
  primary.on('error', () => undefined);
  reader.on('error', () => undefined);
  const sync: SyncQuery = createSyncQuery(readUrl, { statementTimeoutMs: options.statementTimeoutMs });

  const client = await primary.connect();
  try {
    const applied = await migrate(client);
    if (applied.length > 0) log.info({ applied }, 'archive schema migrated');
  } finally {
    client.release();
  }

  let lastSeq = Number((await reader.query(MAX_SEQ_SQL)).rows[0].seq);
  const hot = new Map<string, StoredArticle>((await reader.query(HOT_ARTICLES_SQL, [budget])).rows.map((r) => {
    const a = articleFromRow(r);
    return [a.id, a];
  }));
  let whole = await readWhole(reader);
  const coldCache = new Map<string, Article>();
  let degraded = false;

  const warnOnce = (error: Error, what: string) => {
    if (degraded) return;
    degraded = true;
    log.warn({ err: error.message }, `archive unreachable (${what}); answering from the in-memory tier`);
  };
  const recovered = () => {
    if (!degraded) return;
    degraded = false;
    log.info({}, 'archive reachable again');
  };
  const hotPassageCount = () => [...hot.values()].reduce((n, a) => n + a.passages.length, 0);

  // Each failed read is logged (once per outage) and thrown on: the coverage answers that request
  // from the in-memory tier and marks it partial, so the user is told. After a failure the cold
  // tier pauses (see coldRetryMs) until the listener or the interval says to try again.
  const coldRetryMs = options.coldRetryMs ?? DEFAULT_COLD_RETRY_MS;
  let coldFailedAt: number | undefined;
  const coldRead = <T>(what: string, read: () => T): T => {
    if (!degraded) coldFailedAt = undefined;
    if (coldFailedAt !== undefined && Date.now() - coldFailedAt < coldRetryMs) {
      throw new ArchiveQueryError('unreachable a moment ago; the older coverage is skipped until it answers again');
    }
    try {
      const result = read();
      coldFailedAt = undefined;
      recovered();
      return result;
    } catch (error) {
      coldFailedAt = Date.now();
      warnOnce(error as Error, what);
      throw error;
    }
  };
  const cold: ColdSource = {
    articlesFor(text, index) {
      if (whole.summary.passages <= hotPassageCount()) return [];
      return coldRead('search', () => {
        const found = sync(COLD_SEARCH_SQL, coldSearchParams(text, index, whole.summary.passages));
        const ids = found.map((r) => String(r.article_id)).filter((id) => !hot.has(id)).slice(0, COLD_SEARCH.articles);
        const missing = ids.filter((id) => !coldCache.has(id));
        if (missing.length > 0) {
          for (const row of sync(ARTICLES_BY_ID_SQL, [missing])) {
            const article = articleFromRow(row);
            coldCache.set(article.id, article);
          }
          while (coldCache.size > COLD_CACHE_ARTICLES) coldCache.delete(coldCache.keys().next().value!);
        }
        return ids.flatMap((id) => (coldCache.has(id) ? [coldCache.get(id)!] : []));
      });
    },
    statementsFor(filter) {
      if (whole.summary.passages <= hotPassageCount()) return [];
      return coldRead('statements', () => statementsFromRows(sync(STATEMENTS_SQL, statementsParams(filter))));
    },
    // While every article is in memory, the in-memory counts are the whole archive's (and match the embedded mode's exactly).
    speakers: () => (whole.summary.passages <= hotPassageCount() ? null : whole.speakers),
    summary: () => (whole.summary.passages <= hotPassageCount() ? null : whole.summary),
    // Listings page through the archive (bounded queries), never through every article in memory.
    listArticles(request) {
      if (whole.summary.passages <= hotPassageCount()) return null;
      return coldRead('listing', () => articlePageFromRows(sync(ARTICLE_PAGE_SQL, articlePageParams(request)), request));
    },
    articlesById(ids) {
      if (ids.length === 0) return [];
      return coldRead('listing', () => sync(ARTICLES_LISTED_BY_ID_SQL, [ids]).map(listingFromRow));
    },
  };

  let hotIndex: PassageIndex | undefined;
  const build = (): Coverage => {
    const articles = inFolderOrder([...hot.values()]);
    const corpus = { dir: readUrl, articles, skipped: [] };
    const parts = buildCoverageParts(corpus, { config: options.config });
    hotIndex = parts.index;
    return assembleCoverage({ ...parts, version: `${corpusVersion(corpus)}-${lastSeq}` }, cold);
  };
  let current = build();
  const listeners = new Set<(next: Coverage, previous: Coverage) => void>();

  /** Keeps the newest articles within the budget; older ones stay in the archive (cold). */
  const trimHot = () => {
    const newestFirst = [...hot.values()].sort(
      (a, b) => (b.published ?? '').localeCompare(a.published ?? '') || b.seq - a.seq,
    );
    let used = 0;
    for (const article of newestFirst) {
      used += article.passages.length;
      if (used > budget) hot.delete(article.id);
    }
  };

  let catching: Promise<Coverage> | undefined;
  let again = false;
  let closed = false;
  /**
   * Fetches the articles stored and the removals made since the last change seen (only those) and
   * applies them in seq order: removed then stored again is present, stored then removed is gone.
   * A removed article is dropped from the hot tier and the cold cache; the cold tier's queries no
   * longer find it (its rows are gone). The hot tier is not refilled with older articles: they
   * stay searchable in the cold tier.
   */
  const catchUp = async (atLeastSeq = 0): Promise<Coverage> => {
    if (catching) {
      again = true;
      return catching;
    }
    catching = (async () => {
      try {
        do {
          again = false;
          // A replica may not have replayed what the primary announced yet: wait for it, briefly.
          let changes = await changesSince(reader, lastSeq);
          for (let tries = 0; atLeastSeq > lastSeq && (changes.at(-1)?.seq ?? 0) < atLeastSeq && tries < 50 && !closed; tries++) {
            await new Promise((r) => setTimeout(r, 100));
            changes = await changesSince(reader, lastSeq);
          }
          if (changes.length === 0 || closed) continue;
          let stored = 0;
          for (const change of changes) {
            if ('stored' in change) {
              hot.set(change.stored.id, change.stored);
              coldCache.delete(change.stored.id);
              stored += 1;
            } else {
              hot.delete(change.removed);
              coldCache.delete(change.removed);
            }
            lastSeq = Math.max(lastSeq, change.seq);
          }
          trimHot();
          whole = await readWhole(reader);
          const previous = current;
          current = build();
          log.info({ articles: stored, removed: changes.length - stored, seq: lastSeq }, 'applied new coverage from the archive');
          for (const listener of listeners) listener(current, previous);
        } while (again && !closed);
        recovered();
      } catch (error) {
        warnOnce(error as Error, 'catch-up');
      } finally {
        catching = undefined;
      }
      return current;
    })();
    return catching;
  };

  // The listener: a dedicated connection to the primary (NOTIFY is not replicated), reconnected
  // after any loss, with a catch-up each time it (re)connects so nothing stored meanwhile is missed.
  let listener: pg.Client | undefined;
  let reconnectTimer: NodeJS.Timeout | undefined;
  const reconnectMs = options.reconnectMs ?? 1000;
  const listen = async (): Promise<void> => {
    if (closed) return;
    const connection = new pg.Client({ connectionString: options.url, application_name: 'coverage-bot listener' });
    const lost = (error?: Error) => {
      if (listener !== connection) return;
      listener = undefined;
      connection.end().catch(() => undefined);
      warnOnce(error ?? new Error('connection ended'), 'listener');
      scheduleListen();
    };
    connection.on('error', lost);
    connection.on('end', () => lost());
    connection.on('notification', (message) => {
      if (message.channel === NOTIFY_CHANNEL) void catchUp(Number(message.payload) || 0);
    });
    try {
      listener = connection;
      await connection.connect();
      await connection.query(`LISTEN ${NOTIFY_CHANNEL}`);
      if (closed) {
        await connection.end();
        return;
      }
      await catchUp();
    } catch (error) {
      lost(error as Error);
    }
  };
  const scheduleListen = () => {
    if (closed || reconnectTimer) return;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      void listen();
    }, reconnectMs);
    reconnectTimer.unref();
  };
  if (options.listen !== false) await listen();

  return {
    current: () => current,
    onChange(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    reload: () => catchUp(),
    indexFor: (text) => {
      let older: Article[] = [];
      try {
        older = cold.articlesFor(text, hotIndex!);
      } catch {
        // Unreachable (already logged): the in-memory tier alone, as a question would be answered.
      }
      return tieredIndex(hotIndex!, older);
    },
    close() {
      closed = true;
      clearTimeout(reconnectTimer);
      const connection = listener;
      listener = undefined;
      void connection?.end().catch(() => undefined);
      void sync.close();
      void primary.end().catch(() => undefined);
      if (reader !== primary) void reader.end().catch(() => undefined);
    },
  };
}

/**
 * The articles stored and removed after `seq`, in seq order, read in one snapshot: read apart, a
 * removal committed between the two reads could be seen without the store it follows, or missed.
 */
async function changesSince(pool: pg.Pool, seq: number): Promise<ArchiveChange[]> {
  const client = await pool.connect();
  let stored: Record<string, unknown>[];
  let removed: Record<string, unknown>[];
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    stored = (await client.query(ARTICLES_SINCE_SQL, [seq])).rows;
    removed = (await client.query(REMOVALS_SINCE_SQL, [seq])).rows;
    await client.query('COMMIT');
  } catch (error) {
    // A connection that failed mid-transaction is not given back to the pool.
    client.release(error as Error);
    throw error;
  }
  client.release();
  const changes: ArchiveChange[] = [
    ...stored.map((row) => {
      const article = articleFromRow(row);
      return { seq: article.seq, stored: article };
    }),
    ...removed.map((row) => ({ seq: Number(row.seq), removed: String(row.id) })),
  ];
  return changes.sort((a, b) => a.seq - b.seq);
}

async function readWhole(pool: pg.Pool): Promise<{ summary: CoverageSummary; speakers: SpeakerCount[] }> {
  const [summary, speakers] = await Promise.all([pool.query(SUMMARY_SQL), pool.query(SPEAKERS_SQL)]);
  return { summary: summaryFromRow(summary.rows[0]), speakers: speakersFromRows(speakers.rows) };
}
