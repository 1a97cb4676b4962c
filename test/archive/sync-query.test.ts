import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveQueryError, createSyncQuery, type SyncQuery } from '../../src/archive/sync-query.js';
import { skipPostgresSuites, startPostgres, type PostgresServer } from '../support/postgres.js';

describe('ArchiveQueryError', () => {
  it('says it is the archive query that failed, and why', () => {
    const error = new ArchiveQueryError('boom');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ArchiveQueryError');
    expect(error.message).toBe('coverage-bot: archive query failed: boom');
  });
});

describe.skipIf(skipPostgresSuites)('createSyncQuery', () => {
  let server: PostgresServer;
  let query: SyncQuery;
  beforeAll(async () => {
    server = await startPostgres();
    query = createSyncQuery(server.url, { statementTimeoutMs: 300 });
  });
  afterAll(async () => {
    await query?.close();
    await server?.remove();
  });

  it('returns the rows of a query, synchronously, with its parameters bound', () => {
    expect(query('SELECT $1::int + 1 AS n, $2::text AS word', [41, 'café ✓'])).toEqual([{ n: 42, word: 'café ✓' }]);
    expect(query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    expect(query('SELECT 1 WHERE false')).toEqual([]);
  });

  it('throws the server’s error as an ArchiveQueryError, and answers the next query', () => {
    expect(() => query('SELECT * FROM no_such_table')).toThrow(ArchiveQueryError);
    expect(() => query('SELECT * FROM no_such_table')).toThrow(/relation "no_such_table" does not exist/);
    expect(() => query('SELECT $1::int', ['not a number'])).toThrow(/invalid input syntax/);
    expect(query('SELECT 2 AS two')).toEqual([{ two: 2 }]);
  });

  it('stops a query that runs past the statement timeout', () => {
    // Without the timeout the sleep would end and return a row.
    expect(() => query('SELECT pg_sleep(5)')).toThrow(/statement timeout/);
    expect(query('SELECT 3 AS three')).toEqual([{ three: 3 }]);
  });

  it('starts a new worker after close', async () => {
    await query.close();
    expect(query('SELECT 4 AS four')).toEqual([{ four: 4 }]);
  });

  it('throws, without hanging, when the archive cannot be reached', async () => {
    const unreachable = createSyncQuery('postgres://coverage@127.0.0.1:1/none', { connectTimeoutMs: 300, statementTimeoutMs: 300 });
    try {
      // The wait is bounded by the connect timeout (or, at worst, the query's own deadline): it returns, with an error.
      expect(() => unreachable('SELECT 1')).toThrow(ArchiveQueryError);
    } finally {
      await unreachable.close();
    }
  });
});
