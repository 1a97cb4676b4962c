import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkArchive, importArticles, MIGRATIONS, removeArticles, SCHEMA_VERSION, storeArticles } from '../../src/archive/index.js';
import { readCorpus, type Article } from '../../src/core/index.js';
import { assertBuilt, bin, root, runCli, seeds } from '../support/cli.js';
import { queryRows, skipPostgresSuites, startPostgres, type PostgresServer } from '../support/postgres.js';
import { loadCoreConfig } from '../../src/config/index.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();

let databases = 0;

describe.skipIf(skipPostgresSuites)('storing articles in the archive', () => {
  let server: PostgresServer;
  let articles: Article[];
  beforeAll(async () => {
    server = await startPostgres();
    articles = (await readCorpus(seeds, { config: coreConfig })).articles;
  });
  afterAll(() => server?.remove());
  const freshDatabase = () => server.createDatabase(`store_${++databases}`);

  it('checkArchive reports an unreachable server without throwing', async () => {
    const check = await checkArchive('postgres://coverage@127.0.0.1:1/none', 500);
    expect(check.ok).toBe(false);
    expect(check.detail).toMatch(/not reachable/);
  });

  it('stores every article whole, and storing them again changes nothing', async () => {
    const url = await freshDatabase();
    const first = await importArticles(url, articles, { config: coreConfig });
    expect(first.added.sort()).toEqual(articles.map((a) => a.id).sort());
    const rows = await queryRows<{ id: string; passages: number; stored: number }>(
      url,
      'SELECT a.id, a.passage_count AS passages, (SELECT count(*)::int FROM passages p WHERE p.article_id = a.id) AS stored FROM articles a ORDER BY id',
    );
    for (const row of rows) expect(row.stored).toBe(row.passages);
    expect(rows.map((r) => r.passages)).toEqual([...articles].sort((a, b) => a.id.localeCompare(b.id)).map((a) => a.passages.length));
    const statements = await queryRows<{ n: number }>(url, 'SELECT count(*)::int AS n FROM statements');
    expect(statements[0]!.n).toBeGreaterThan(10);
    const seqs = await queryRows<{ max: string }>(url, 'SELECT max(seq)::text AS max FROM articles');

    const again = await importArticles(url, articles, { config: coreConfig });
    expect(again).toEqual({ added: [], replaced: [], unchanged: expect.arrayContaining(articles.map((a) => a.id)), retracted: [] });
    expect(await queryRows<{ max: string }>(url, 'SELECT max(seq)::text AS max FROM articles')).toEqual(seqs);
  });

  it('replaces a changed article whole, with a new seq, and notifies listeners on commit', async () => {
    const url = await freshDatabase();
    await importArticles(url, articles, { config: coreConfig });
    const listener = new pg.Client({ connectionString: url });
    await listener.connect();
    await listener.query('LISTEN coverage_bot_articles');
    const heard: string[] = [];
    listener.on('notification', (n) => heard.push(n.payload ?? ''));
    const before = await queryRows<{ seq: string }>(url, 'SELECT seq::text FROM articles WHERE id = $1', [articles[0]!.id]);
    const changed = { ...articles[0]!, title: `${articles[0]!.title} (corrected)` };
    const report = await importArticles(url, [changed], { config: coreConfig });
    expect(report.replaced).toEqual([changed.id]);
    const after = await queryRows<{ seq: string; title: string }>(url, 'SELECT seq::text, title FROM articles WHERE id = $1', [changed.id]);
    expect(after[0]!.title).toBe(changed.title);
    expect(Number(after[0]!.seq)).toBeGreaterThan(Number(before[0]!.seq));
    await expect.poll(() => heard).toEqual([after[0]!.seq]);
    await listener.end();
  });

  it('removes an article with its passages and statements in one commit, records the removal after every seq and notifies it', async () => {
    const url = await freshDatabase();
    await importArticles(url, articles, { config: coreConfig });
    const [gone, kept] = [articles[0]!, articles[1]!];
    const countsOf = (id: string) =>
      queryRows<{ articles: number; passages: number; statements: number }>(
        url,
        `SELECT (SELECT count(*)::int FROM articles WHERE id = $1) AS articles, (SELECT count(*)::int FROM passages WHERE article_id = $1) AS passages,
                (SELECT count(*)::int FROM statements WHERE article_id = $1) AS statements`,
        [id],
      );
    expect((await countsOf(gone.id))[0]!.statements).toBeGreaterThan(0);
    const highestStored = Number((await queryRows<{ max: string }>(url, 'SELECT max(seq)::text AS max FROM articles'))[0]!.max);
    const listener = new pg.Client({ connectionString: url });
    await listener.connect();
    await listener.query('LISTEN coverage_bot_articles');
    const heard: string[] = [];
    listener.on('notification', (n) => heard.push(n.payload ?? ''));

    const report = await removeArticles(url, [gone.id, 'no-such-article', gone.id]);
    expect(report).toEqual({ removed: [{ id: gone.id, title: gone.title }], missing: ['no-such-article'] });
    expect(await countsOf(gone.id)).toEqual([{ articles: 0, passages: 0, statements: 0 }]);
    expect((await countsOf(kept.id))[0]!.passages).toBe(kept.passages.length);
    const removals = await queryRows<{ id: string; seq: string }>(url, 'SELECT id, seq::text FROM removals');
    expect(removals.map((r) => r.id)).toEqual([gone.id]);
    expect(Number(removals[0]!.seq)).toBeGreaterThan(highestStored);
    await expect.poll(() => heard).toEqual([removals[0]!.seq]);

    // Again: nothing there, nothing recorded or announced.
    expect(await removeArticles(url, [gone.id])).toEqual({ removed: [], missing: [gone.id] });
    expect(await queryRows(url, 'SELECT id, seq::text FROM removals')).toEqual(removals);
    await new Promise((r) => setTimeout(r, 200));
    expect(heard).toHaveLength(1);
    await listener.end();

    // The same version is left out where retracted articles are skipped (a followed folder); an import stores it again.
    expect(await importArticles(url, [gone], { config: coreConfig, skipRetracted: true })).toMatchObject({ added: [], retracted: [gone.id] });
    expect((await importArticles(url, [gone], { config: coreConfig })).added).toEqual([gone.id]);
    const back = await queryRows<{ seq: string }>(url, 'SELECT seq::text FROM articles WHERE id = $1', [gone.id]);
    expect(Number(back[0]!.seq)).toBeGreaterThan(Number(removals[0]!.seq));
  });

  it('an archive written at schema 1 (before removals) is migrated by the first removal, its articles kept', async () => {
    const url = await freshDatabase();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
    await client.query(MIGRATIONS[0]!.sql);
    await client.query('INSERT INTO schema_migrations (version, name) VALUES (1, $1)', [MIGRATIONS[0]!.name]);
    await storeArticles(client, articles, { config: coreConfig });
    await client.end();
    expect(await checkArchive(url)).toMatchObject({ ok: false, detail: expect.stringContaining(`schema at version 1 of ${SCHEMA_VERSION}`) });

    expect((await removeArticles(url, [articles[0]!.id])).removed.map((r) => r.id)).toEqual([articles[0]!.id]);
    expect(await checkArchive(url)).toMatchObject({ ok: true, detail: expect.stringContaining(`schema ${SCHEMA_VERSION}; ${articles.length - 1} articles`) });
  });

  it('an import killed in the middle of a transaction leaves only whole batches, and a rerun completes it', async () => {
    assertBuilt();
    const url = await freshDatabase();
    // 150 articles (the seeds under new names), 5 per transaction.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'archive-import-'));
    const names = readdirSync(seeds).filter((n) => n.endsWith('.txt'));
    for (let i = 0; i < 150; i++) {
      const name = names[i % names.length]!;
      writeFileSync(path.join(dir, `copy${String(i).padStart(3, '0')}_${name}`), readFileSync(path.join(seeds, name)));
    }
    const child = spawn(process.execPath, [bin, 'archive', 'import', dir, '--url', url, '--batch', '5'], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'silent' },
      stdio: 'ignore',
    });
    const monitor = new pg.Client({ connectionString: url });
    await monitor.connect();
    // Wait until some batches are committed and the importer is inside its next transaction.
    let killedInTransaction = false;
    for (let i = 0; i < 4000 && child.exitCode === null; i++) {
      const { rows } = await monitor.query(
        `SELECT (SELECT count(*) FROM pg_stat_activity WHERE application_name = 'coverage-bot import' AND backend_xid IS NOT NULL) AS open,
                (SELECT count(*) FROM pg_class WHERE relname = 'articles') AS migrated`,
      );
      if (Number(rows[0].open) > 0 && Number(rows[0].migrated) > 0) {
        const stored = await monitor.query('SELECT count(*)::int AS n FROM articles');
        if (stored.rows[0].n >= 10) {
          child.kill('SIGKILL');
          killedInTransaction = true;
          break;
        }
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));
    expect(killedInTransaction).toBe(true);
    // The killed session's transaction is rolled back once PostgreSQL notices the closed connection.
    await expect.poll(async () => Number((await monitor.query("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'coverage-bot import'")).rows[0].count), { timeout: 10_000 }).toBe(0);
    const counts = (await monitor.query(
      `SELECT count(*)::int AS articles,
              count(*) FILTER (WHERE passage_count <> (SELECT count(*) FROM passages p WHERE p.article_id = a.id))::int AS partial
       FROM articles a`,
    )).rows[0];
    expect(counts.partial).toBe(0);
    expect(counts.articles % 5).toBe(0);
    expect(counts.articles).toBeLessThan(150);
    await monitor.end();

    const rerun = await runCli(['archive', 'import', dir, '--url', url]);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toContain(`${150 - counts.articles} added, 0 replaced, ${counts.articles} unchanged`);
    rmSync(dir, { recursive: true, force: true });
  });
});
