import net from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipPostgresSuites, startPostgres, type PostgresServer } from '../support/postgres.js';

const reachable = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.on('connect', () => (socket.destroy(), resolve(true)));
    socket.on('error', () => resolve(false));
  });

describe.skipIf(skipPostgresSuites)('the PostgreSQL test harness', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(() => server?.remove());

  it('runs a server of its own on a loopback port, as a user that is not root, with pg_trgm available', async () => {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      const settings = await client.query("SELECT current_setting('listen_addresses') AS listen, current_setting('data_directory') AS data, current_setting('server_version_num')::int AS version");
      expect(settings.rows[0].listen).toBe('127.0.0.1');
      expect(settings.rows[0].data.startsWith(server.dir)).toBe(true);
      expect(settings.rows[0].version).toBeGreaterThanOrEqual(150000);
      const extension = await client.query("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'");
      expect(extension.rowCount).toBe(1);
    } finally {
      await client.end();
    }
    // The postmaster's owner (from /proc) is not root.
    const { readFileSync } = await import('node:fs');
    const pid = Number(readFileSync(`${server.dir}/data/postmaster.pid`, 'utf8').split('\n')[0]);
    const uid = Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
    expect(uid).not.toBe(0);
  });

  it('stops and starts again on the same port with its data', async () => {
    const url = await server.createDatabase('kept');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('CREATE TABLE t (x int); INSERT INTO t VALUES (7)');
    await client.end();
    await server.stop();
    expect(await reachable(server.port)).toBe(false);
    await server.start();
    const again = new pg.Client({ connectionString: url });
    await again.connect();
    expect((await again.query('SELECT x FROM t')).rows).toEqual([{ x: 7 }]);
    await again.end();
  });
});
