import type pg from 'pg';

/** One step of the archive's schema. Versions only grow; a step is never edited once released. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * The archive's schema, in order. The bot applies the ones a database lacks at start-up (see
 * `migrate`); a new column or index is a new entry at the end, never an edit of an old one.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'articles, passages, statements',
    sql: `
      CREATE EXTENSION IF NOT EXISTS pg_trgm;

      -- seq: order of arrival; a changed article gets a new one, so an instance catches up by
      -- reading the articles whose seq is above the highest it has seen.
      CREATE SEQUENCE article_seq;
      CREATE TABLE articles (
        id            text PRIMARY KEY,
        seq           bigint NOT NULL DEFAULT nextval('article_seq') UNIQUE,
        content_hash  text NOT NULL,
        file          text NOT NULL,
        outlet        text,
        title         text NOT NULL,
        subtitle      text,
        author        text,
        published     date,
        url           text,
        body          text NOT NULL,
        passage_count integer NOT NULL,
        stored_at     timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX articles_recent ON articles (published DESC NULLS LAST, seq DESC);
      CREATE INDEX articles_title_trgm ON articles USING gin (title gin_trgm_ops);

      CREATE TABLE passages (
        article_id text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        idx        integer NOT NULL,
        paragraph  integer NOT NULL,
        start_at   integer NOT NULL,
        end_at     integer NOT NULL,
        text       text NOT NULL,
        tsv        tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED,
        PRIMARY KEY (article_id, idx)
      );
      CREATE INDEX passages_tsv ON passages USING gin (tsv);

      -- The statements each article quotes, as extracted from that article alone; statements of
      -- several articles are merged when read.
      CREATE TABLE statements (
        article_id   text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        ordinal      integer NOT NULL,
        id           text NOT NULL,
        speaker      text,
        role         text,
        speaker_kind text,
        quote        text NOT NULL,
        kind         text NOT NULL,
        said_on      date,
        published    date,
        passages     text[] NOT NULL DEFAULT '{}',
        PRIMARY KEY (article_id, ordinal)
      );
      CREATE INDEX statements_speaker ON statements (speaker, said_on DESC NULLS LAST);
      CREATE INDEX statements_recent ON statements (said_on DESC NULLS LAST, published DESC NULLS LAST);
      -- Names and roles as users spell them ("Shoigu", "kremlin spokesman"): trigram matches.
      CREATE INDEX statements_speaker_trgm ON statements USING gin ((coalesce(speaker, '') || ' ' || coalesce(role, '')) gin_trgm_ops);
    `,
  },
  {
    version: 2,
    name: 'removals',
    sql: `
      -- A retracted article: its row, passages and statements are deleted; this record, numbered
      -- from the same sequence as the articles, tells instances to drop it in order with what was
      -- stored (removed then stored again: present; stored then removed: gone). One row per id,
      -- the latest removal: with at most one articles row per id too, the higher seq of the two wins.
      -- content_hash: the version retracted, which a corpus folder still holding its file does not
      -- store again (an explicit import does).
      CREATE TABLE removals (
        id           text PRIMARY KEY,
        seq          bigint NOT NULL UNIQUE,
        content_hash text NOT NULL,
        removed_at   timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
];

/** Channel on which a writer announces stored or removed articles (payload: the highest seq it committed). */
export const NOTIFY_CHANNEL = 'coverage_bot_articles';

/** Advisory lock key held while migrating, so instances starting together migrate once. */
const MIGRATION_LOCK = 0x636f76; // "cov"

/**
 * Brings the database's schema up to the newest migration, each step in its own transaction,
 * under an advisory lock (instances starting at once wait for each other). Returns the versions applied.
 */
export async function migrate(client: pg.ClientBase): Promise<number[]> {
  const applied: number[] = [];
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    for (const migration of MIGRATIONS) {
      if (done.has(migration.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw new Error(`coverage-bot: archive migration ${migration.version} (${migration.name}) failed: ${(error as Error).message}`);
      }
      applied.push(migration.version);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
  }
  return applied;
}

/** The newest migration the code knows. */
export const SCHEMA_VERSION = MIGRATIONS.at(-1)!.version;
