import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importArticles, openArchiveCoverage, removeArticles, storeArticles, type ArchiveLog } from '../../src/archive/index.js';
import { readCorpus, type Article, type LiveCoverage, type Statement } from '../../src/core/index.js';
import { freshStatements, notifySubscribers } from '../../src/notify/index.js';
import { createStore } from '../../src/store/index.js';
import { seeds } from '../support/cli.js';
import { skipPostgresSuites, startPostgres, startReplica, type PostgresServer } from '../support/postgres.js';
import { loadCoreConfig } from '../../src/config/index.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();

/** A new article, as `ingest` would read it, quoting the Kremlin spokesman on something no seed mentions. */
async function newArticle(name: string, topic: string, date = '2025-06-02'): Promise<Article> {
  return articleOf(
    name,
    [
      `date ${date} WORLD`,
      `Kremlin comments on the ${topic}`,
      '',
      `Kremlin spokesman Dmitry Peskov said on Monday that the ${topic} would be discussed in Moscow next week.`,
      '',
      `"The ${topic} is a matter for careful, calm discussion between experts," Peskov told reporters.`,
      '',
      `Officials in Moscow gave no further details about the ${topic} or the date of the meeting.`,
    ],
  );
}

/** An article quoting a speaker no seed quotes: the only copy of his statements. */
function harbourArticle(): Promise<Article> {
  return articleOf('harbour', [
    'date 2025-06-06 WORLD',
    'Harbour master comments on the lighthouse repairs',
    '',
    'Harbour master Olaf Brennick said on Friday that the lighthouse repairs would finish in September.',
    '',
    '"The lighthouse will shine again before the autumn storms," Brennick told reporters.',
  ]);
}

/** The article of a one-file corpus folder holding `lines`, as `ingest` reads it. */
async function articleOf(name: string, lines: string[]): Promise<Article> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'archive-new-'));
  writeFileSync(path.join(dir, `${name}.txt`), lines.join('\n'));
  const [article] = (await readCorpus(dir, { config: coreConfig })).articles;
  rmSync(dir, { recursive: true, force: true });
  if (!article) throw new Error('the test article could not be read');
  return article;
}

function recordingLog(): ArchiveLog & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (d, m) => lines.push(`info ${m} ${JSON.stringify(d)}`), warn: (d, m) => lines.push(`warn ${m} ${JSON.stringify(d)}`) };
}

let databases = 0;

describe.skipIf(skipPostgresSuites)('instances of the bot over one archive', () => {
  let server: PostgresServer;
  let seedArticles: Article[];
  const opened: LiveCoverage[] = [];
  beforeAll(async () => {
    server = await startPostgres();
    seedArticles = (await readCorpus(seeds, { config: coreConfig })).articles;
  });
  afterAll(async () => {
    for (const live of opened) live.close();
    await server?.remove();
  });
  const open = async (options: Omit<Parameters<typeof openArchiveCoverage>[0], 'config'>) => {
    const live = await openArchiveCoverage({ ...options, config: coreConfig });
    opened.push(live);
    return live;
  };

  it('every instance hears new coverage and fetches only the new article; a subscriber gets each new statement once', async () => {
    const url = await server.createDatabase(`live_${++databases}`);
    await importArticles(url, seedArticles, { config: coreConfig });
    const logs = [recordingLog(), recordingLog()];
    const instances = [await open({ url, log: logs[0] }), await open({ url, log: logs[1] })];
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'archive-store-'));
    const store = await createStore({ dataDir });
    await store.subscriptions.add({ platform: 'telegram', id: '42' }, 'Peskov');
    const sent: Statement[] = [];
    const sink = { platform: 'telegram' as const, send: async (_id: string, s: Statement) => void sent.push(s) };
    const logger = { info: () => undefined, warn: () => undefined, error: () => undefined } as never;
    const posted: Promise<number>[] = [];
    for (const live of instances) {
      live.onChange((next, previous) => posted.push(notifySubscribers({ store, coverage: next, fresh: freshStatements(next, previous), sinks: [sink], logger })));
    }

    const article = await newArticle('zeppelin', 'zeppelin fleet');
    await importArticles(url, [article], { config: coreConfig });
    for (const live of instances) {
      await expect.poll(() => live.current().corpus.articles.some((a) => a.id === 'zeppelin'), { timeout: 10_000 }).toBe(true);
      const answer = live.current().ask('What did Peskov say about the zeppelin fleet?');
      expect(answer.confident).toBe(true);
      expect(answer.citations[0]?.article).toBe('zeppelin');
    }
    for (const log of logs) expect(log.lines.filter((l) => l.startsWith('info applied new coverage'))).toEqual([expect.stringContaining('"articles":1')]);
    await expect.poll(() => posted.length).toBe(2);
    await Promise.all(posted);
    const fresh = sent.map((s) => s.quote);
    expect(fresh.length).toBeGreaterThan(0);
    expect(fresh.every((q) => /zeppelin/i.test(q))).toBe(true);
    expect(new Set(fresh).size).toBe(fresh.length);
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a retracted article leaves every instance without a restart: answers, /latest, speakers, listings, summary, in memory and in PostgreSQL', async () => {
    const url = await server.createDatabase(`removed_${++databases}`);
    const harbour = await harbourArticle();
    await importArticles(url, [...seedArticles, harbour], { config: coreConfig });
    // One instance holds everything in memory, the other nothing (every question and /latest go to PostgreSQL).
    const instances = [await open({ url }), await open({ url, hotPassages: 1 })];
    const question = 'When will the lighthouse repairs finish?';
    for (const live of instances) {
      expect(live.current().ask(question).citations[0]?.article).toBe('harbour');
      expect(live.current().latest({ speaker: 'Brennick' }).length).toBeGreaterThan(0);
    }
    const fresh: Statement[][] = [];
    for (const live of instances) live.onChange((next, previous) => fresh.push(freshStatements(next, previous)));

    const report = await removeArticles(url, ['harbour']);
    expect(report).toEqual({ removed: [{ id: 'harbour', title: harbour.title }], missing: [] });
    for (const live of instances) {
      await expect.poll(() => live.current().summary().articles, { timeout: 10_000 }).toBe(seedArticles.length);
      const coverage = live.current();
      expect(coverage.ask(question).citations.map((c) => c.article)).not.toContain('harbour');
      expect(coverage.latest({ speaker: 'Brennick' })).toEqual([]);
      expect(coverage.latest({ limit: 100 }).flatMap((s) => s.citations.map((c) => c.article))).not.toContain('harbour');
      expect(coverage.speakers().map((s) => s.speaker)).not.toContain('Olaf Brennick');
      expect(coverage.listArticles({ limit: 100 }).articles.map((a) => a.id)).not.toContain('harbour');
      expect(coverage.articlesById(['harbour'])).toEqual([]);
    }
    // Nothing new to announce: a retraction only takes statements away.
    expect(fresh.flat()).toEqual([]);

    // Imported again (say, corrected and republished), it is back everywhere.
    await importArticles(url, [harbour], { config: coreConfig });
    for (const live of instances) {
      await expect.poll(() => live.current().ask(question).citations[0]?.article, { timeout: 10_000 }).toBe('harbour');
      expect(live.current().latest({ speaker: 'Brennick' }).length).toBeGreaterThan(0);
    }
  }, 60_000);

  it('applies stores and removals in their order: stored then removed is gone, removed then stored again is present, and neither is announced twice', async () => {
    const url = await server.createDatabase(`order_${++databases}`);
    const harbour = await harbourArticle();
    const zeppelin = await newArticle('zeppelin', 'zeppelin fleet');
    await importArticles(url, [...seedArticles, harbour], { config: coreConfig });
    // Not listening: each reload below catches up on everything done since, in one pass.
    const live = await open({ url, listen: false });
    const fresh: Statement[][] = [];
    live.onChange((next, previous) => fresh.push(freshStatements(next, previous)));

    await importArticles(url, [zeppelin], { config: coreConfig });
    await removeArticles(url, ['zeppelin', 'harbour']);
    await importArticles(url, [harbour], { config: coreConfig });
    await live.reload();
    const ids = live.current().corpus.articles.map((a) => a.id);
    expect(ids).not.toContain('zeppelin');
    expect(ids).toContain('harbour');
    // The zeppelin article was never live here: a subscriber hears nothing of it; harbour was never gone.
    expect(fresh.flat().map((s) => s.quote)).toEqual([]);
  });

  it('starts after a removal without replaying it (its seq counts in where the catch-up starts)', async () => {
    const url = await server.createDatabase(`restart_${++databases}`);
    await importArticles(url, [...seedArticles, await harbourArticle()], { config: coreConfig });
    await removeArticles(url, ['harbour']);
    const log = recordingLog();
    const live = await open({ url, log });
    expect(live.current().corpus.articles.map((a) => a.id)).not.toContain('harbour');
    await live.reload();
    expect(log.lines.filter((l) => l.startsWith('info applied new coverage'))).toEqual([]);
    // The next change is applied as usual.
    await importArticles(url, [await newArticle('zeppelin', 'zeppelin fleet')], { config: coreConfig });
    await expect.poll(() => log.lines.filter((l) => l.startsWith('info applied new coverage')), { timeout: 10_000 }).toEqual([expect.stringContaining('"articles":1,"removed":0')]);
  });

  it('misses no write when two writers overlap: the one that drew the lower seq commits first, so a removal or store is never passed over', async () => {
    const url = await server.createDatabase(`overlap_${++databases}`);
    await importArticles(url, seedArticles, { config: coreConfig });
    const live = await open({ url });
    const connect = async (name: string) => {
      const client = new pg.Client({ connectionString: url, application_name: name });
      await client.connect();
      return client;
    };
    const [blocker, slow, quick] = [await connect('test blocker'), await connect('writer slow'), await connect('writer quick')];
    try {
      const waitingOnLock = async (name: string) =>
        (await blocker.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'", [name])).rows[0].n > 0;
      // The slow writer stalls on the statements table after its article has drawn its seq; the quick one writes no statements.
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE statements IN EXCLUSIVE MODE');
      const slowStore = storeArticles(slow, [await harbourArticle()], { config: coreConfig });
      await expect.poll(() => waitingOnLock('writer slow')).toBe(true);
      const quickStore = storeArticles(quick, [await newArticle('zeppelin', 'zeppelin fleet')], { config: coreConfig, statementsOf: () => [] });
      // Given time to commit and be caught up on, were it not made to wait for the slow one.
      await new Promise((r) => setTimeout(r, 500));
      await blocker.query('COMMIT');
      await Promise.all([slowStore, quickStore]);
      await expect.poll(() => live.current().corpus.articles.map((a) => a.id).filter((id) => id === 'harbour' || id === 'zeppelin').sort(), { timeout: 5000 }).toEqual(['harbour', 'zeppelin']);
    } finally {
      for (const client of [blocker, slow, quick]) await client.end().catch(() => undefined);
    }
  });

  it('answers from the in-memory tier with a warning while PostgreSQL is down, and catches up when it is back', async () => {
    const url = await server.createDatabase(`faults_${++databases}`);
    await importArticles(url, seedArticles, { config: coreConfig });
    const log = recordingLog();
    // Room for some of the seeds only: the rest is searched in PostgreSQL.
    const budget = Math.floor(seedArticles.reduce((n, a) => n + a.passages.length, 0) / 2);
    const live = await open({ url, hotPassages: budget, log, reconnectMs: 200 });
    const hotQuestion = live.current().corpus.articles[0]!.passages[0]!.text;
    const before = live.current().ask(hotQuestion);
    expect(before.citations.length).toBeGreaterThan(0);
    expect(before.partial).toBeUndefined();

    const hotIds = new Set(live.current().corpus.articles.map((a) => a.id));
    const coldArticle = seedArticles.find((a) => !hotIds.has(a.id))!;
    const coldQuestion = coldArticle.passages[1]!.text;
    expect(live.current().ask(coldQuestion).citations[0]?.article).toBe(coldArticle.id);

    await server.stop();
    const during = live.current().ask(hotQuestion);
    expect(during.citations[0]?.article).toBe(before.citations[0]?.article);
    // Answered from memory, but the older coverage was not searched: the answer says so.
    expect(during.partial).toBe('archive-unreachable');
    // The older article is out of reach: the answer comes from memory, and says nothing of it.
    const coldDuring = live.current().ask(coldQuestion);
    expect(coldDuring.citations.map((c) => c.article)).not.toContain(coldArticle.id);
    expect(coldDuring.partial).toBe('archive-unreachable');
    const latestDuring = live.current().latest({ speaker: 'Peskov' });
    expect(latestDuring.every((s) => s.citations.every((c) => hotIds.has(c.article)))).toBe(true);
    expect(latestDuring.partial).toBe('archive-unreachable');
    expect(log.lines.filter((l) => l.startsWith('warn archive unreachable'))).toHaveLength(1);

    await server.start();
    // Stored while the instance's listener was still away: it must be caught up on reconnecting.
    const article = await newArticle('airship', 'airship programme', '2025-06-03');
    await importArticles(url, [article], { config: coreConfig });
    await expect.poll(() => live.current().corpus.articles.some((a) => a.id === 'airship'), { timeout: 15_000 }).toBe(true);
    expect(live.current().ask('What did Peskov say about the airship programme?').citations[0]?.article).toBe('airship');
    const coldAfter = live.current().ask(coldQuestion);
    expect(coldAfter.citations[0]?.article).toBe(coldArticle.id);
    expect(coldAfter.partial).toBeUndefined();
    expect(live.current().latest({ speaker: 'Peskov' }).partial).toBeUndefined();
    expect(log.lines.some((l) => l.startsWith('info archive reachable again'))).toBe(true);
  }, 60_000);

  it('after a failed cold read, skips the cold tier until coldRetryMs has passed or the listener finds the archive back', async () => {
    const budget = Math.floor(seedArticles.reduce((n, a) => n + a.passages.length, 0) / 2);
    const coldOf = (live: LiveCoverage) => {
      const hotIds = new Set(live.current().corpus.articles.map((a) => a.id));
      const article = seedArticles.find((a) => !hotIds.has(a.id))!;
      return { id: article.id, question: article.passages[1]!.text };
    };

    // The listener waits a minute to reconnect: only the interval ends the pause.
    const archive = async () => {
      const url = await server.createDatabase(`pause_${++databases}`);
      await importArticles(url, seedArticles, { config: coreConfig });
      return url;
    };
    const paused = await open({ url: await archive(), hotPassages: budget, reconnectMs: 60_000, coldRetryMs: 1500 });
    const pausedCold = coldOf(paused);
    await server.stop();
    expect(paused.current().ask(pausedCold.question).partial).toBe('archive-unreachable');
    await server.start();
    // PostgreSQL is back, but the cold tier is not asked again yet: the answer still comes from memory.
    const during = paused.current().ask(pausedCold.question);
    expect(during.partial).toBe('archive-unreachable');
    expect(during.citations.map((c) => c.article)).not.toContain(pausedCold.id);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    const after = paused.current().ask(pausedCold.question);
    expect(after.partial).toBeUndefined();
    expect(after.citations[0]?.article).toBe(pausedCold.id);

    // A long interval, a quick listener: the listener's reconnection ends the pause.
    const listened = await open({ url: await archive(), hotPassages: budget, reconnectMs: 200, coldRetryMs: 600_000 });
    const listenedCold = coldOf(listened);
    await server.stop();
    expect(listened.current().ask(listenedCold.question).partial).toBe('archive-unreachable');
    await server.start();
    await expect.poll(() => listened.current().ask(listenedCold.question).citations[0]?.article, { timeout: 15_000 }).toBe(listenedCold.id);
    expect(listened.current().ask(listenedCold.question).partial).toBeUndefined();
  }, 60_000);

  it('catches up on an article stored while its listener was away (the notification went to nobody)', async () => {
    const url = await server.createDatabase(`missed_${++databases}`);
    await importArticles(url, seedArticles, { config: coreConfig });
    const log = recordingLog();
    // Reconnecting after 2 s: the store below commits, and notifies, well before the listener is back.
    const live = await open({ url, log, reconnectMs: 2000 });
    const article = await newArticle('aerostat', 'aerostat survey', '2025-06-05');
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const cut = await admin.query("SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE application_name = 'coverage-bot listener' AND datname = current_database()");
    expect(cut.rows.map((r) => r.done)).toEqual([true]);
    await expect.poll(() => log.lines.some((l) => l.startsWith('warn archive unreachable (listener)')), { timeout: 5000 }).toBe(true);
    const stored = performance.now();
    await importArticles(url, [article], { config: coreConfig });
    const storedMs = performance.now() - stored;
    expect(live.current().corpus.articles.some((a) => a.id === 'aerostat')).toBe(false);
    await expect.poll(() => live.current().corpus.articles.some((a) => a.id === 'aerostat'), { timeout: 15_000 }).toBe(true);
    expect(storedMs).toBeLessThan(2000);
    expect(live.current().ask('What did Peskov say about the aerostat survey?').citations[0]?.article).toBe('aerostat');
    expect(log.lines.some((l) => l.startsWith('info archive reachable again'))).toBe(true);
    await admin.end();
  }, 60_000);

  it('reads from a streaming replica (pg_basebackup) and answers a question about an article ingested on the primary', async () => {
    const url = await server.createDatabase(`replica_${++databases}`);
    await importArticles(url, seedArticles, { config: coreConfig });
    const replica = await startReplica(server);
    try {
      const readUrl = replica.urlOf(new URL(url).pathname.slice(1));
      const check = new pg.Client({ connectionString: readUrl });
      await check.connect();
      expect((await check.query('SELECT pg_is_in_recovery() AS standby')).rows[0].standby).toBe(true);
      // Keep the whole archive cold, so answers come from queries on the replica.
      const live = await open({ url, readUrl, hotPassages: 1 });
      await importArticles(url, [await newArticle('dirigible', 'dirigible treaty', '2025-06-04')], { config: coreConfig });
      await expect.poll(() => live.current().summary().articles, { timeout: 15_000 }).toBe(seedArticles.length + 1);
      const answer = live.current().ask('What did Peskov say about the dirigible treaty?');
      expect(answer.citations[0]?.article).toBe('dirigible');
      const readers = await check.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'coverage-bot reader'");
      expect(readers.rows[0].n).toBeGreaterThan(0);
      await check.end();
      live.close();
    } finally {
      await replica.remove();
    }
  }, 120_000);
});
