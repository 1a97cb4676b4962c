import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkArchive, MIGRATIONS, migrate, NOTIFY_CHANNEL, SCHEMA_VERSION } from '../../src/archive/index.js';
import { queryRows, skipPostgresSuites, startPostgres, type PostgresServer } from '../support/postgres.js';

describe('the migration list', () => {
  it('numbers its steps 1, 2, … in order, each with a name and SQL, and SCHEMA_VERSION is the last', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    for (const migration of MIGRATIONS) {
      expect(migration.name.trim()).not.toBe('');
      expect(migration.sql.trim()).not.toBe('');
    }
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
  });

  it('names a notification channel PostgreSQL accepts as an identifier', () => {
    expect(NOTIFY_CHANNEL).toMatch(/^[a-z_][a-z0-9_]{0,62}$/);
  });
});

let databases = 0;

describe.skipIf(skipPostgresSuites)('migrate', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(() => server?.remove());
  const freshDatabase = () => server.createDatabase(`migrate_${++databases}`);

  it('migrates an empty database to the newest schema once, and checkArchive says so', async () => {
    const url = await freshDatabase();
    expect((await checkArchive(url)).ok).toBe(false);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    expect(await migrate(client)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(await migrate(client)).toEqual([]);
    await client.end();
    const check = await checkArchive(url);
    expect(check).toMatchObject({ ok: true });
    expect(check.detail).toContain(`schema ${SCHEMA_VERSION}`);
    const indexes = (await queryRows<{ indexname: string }>(url, 'SELECT indexname FROM pg_indexes')).map((r) => r.indexname);
    expect(indexes).toEqual(expect.arrayContaining(['passages_tsv', 'statements_speaker', 'statements_speaker_trgm', 'articles_recent']));
  });

  it('applies the steps once when instances start together', async () => {
    const url = await freshDatabase();
    const clients = [0, 1, 2].map(() => new pg.Client({ connectionString: url }));
    await Promise.all(clients.map((c) => c.connect()));
    try {
      const applied = await Promise.all(clients.map((c) => migrate(c)));
      expect(applied.flat().sort()).toEqual(MIGRATIONS.map((m) => m.version));
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
    expect(await queryRows<{ version: number }>(url, 'SELECT version FROM schema_migrations ORDER BY version')).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
  });

  it('rolls a failing step back, names it in the error, keeps the earlier ones and releases its lock', async () => {
    const url = await freshDatabase();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      // A table in the way of migration 2 makes its CREATE TABLE fail.
      await client.query('CREATE TABLE removals (x int)');
      await expect(migrate(client)).rejects.toThrow(/^coverage-bot: archive migration 2 \(removals\) failed: relation "removals" already exists$/);
      expect((await client.query('SELECT version FROM schema_migrations')).rows).toEqual([{ version: 1 }]);
      expect((await client.query("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory'")).rows[0].n).toBe(0);
      await client.query('DROP TABLE removals');
      expect(await migrate(client)).toEqual([2]);
    } finally {
      await client.end();
    }
  });
});
