import { execFile } from 'node:child_process';
import { accessSync, chownSync, constants, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** A PostgreSQL server this test process started with initdb + pg_ctl in a temp folder, on 127.0.0.1. */
export interface PostgresServer {
  /** Connection URL of the `postgres` database (superuser `coverage`, trust auth on loopback). */
  url: string;
  port: number;
  /** The data folder (removed by `remove()`). */
  dir: string;
  /** URL of another database on the same server. */
  urlOf(database: string): string;
  /** Creates an empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Fast shutdown (pg_ctl stop -m fast); the data folder stays. */
  stop(): Promise<void>;
  /** Starts the server again on the same port and data folder (after stop). */
  start(): Promise<void>;
  /** Stops the server (if running) and removes its folder. */
  remove(): Promise<void>;
}

/**
 * PostgreSQL's server programs folder: `PG_BIN` when set, else the newest
 * /usr/lib/postgresql/N/bin (Debian's layout), else wherever `initdb` is on PATH; undefined when missing.
 */
export function findPostgresBin(): string | undefined {
  const override = process.env.PG_BIN?.trim();
  const candidates: string[] = [];
  if (override) candidates.push(override);
  else {
    try {
      const versions = readdirSync('/usr/lib/postgresql').filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
      candidates.push(...versions.map((v) => `/usr/lib/postgresql/${v}/bin`));
    } catch {
      // not Debian's layout
    }
    candidates.push(...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean));
  }
  for (const dir of candidates) {
    try {
      accessSync(path.join(dir, 'initdb'), constants.X_OK);
      accessSync(path.join(dir, 'pg_ctl'), constants.X_OK);
      return dir;
    } catch {
      // try the next one
    }
  }
  return undefined;
}

/**
 * Whether PostgreSQL suites should be skipped: only locally, when PostgreSQL is not installed.
 * Under CI=true they run and fail in startPostgres with a message saying how to install it.
 */
export const skipPostgresSuites = findPostgresBin() === undefined && process.env.CI !== 'true';

/**
 * PostgreSQL refuses to run as root. As root, the server programs run as the `postgres` user
 * (Debian's package creates it), else as `nobody`, through runuser; the temp folder is theirs.
 */
function serverUser(): { name: string; uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const passwd = readFileSync('/etc/passwd', 'utf8').split('\n');
  for (const name of ['postgres', 'nobody']) {
    const line = passwd.find((l) => l.startsWith(`${name}:`));
    if (!line) continue;
    const [, , uid, gid] = line.split(':');
    return { name, uid: Number(uid), gid: Number(gid) };
  }
  throw new Error('running as root and neither a postgres nor a nobody user exists to run PostgreSQL as');
}

async function asServerUser(bin: string, program: string, args: string[]): Promise<string> {
  const user = serverUser();
  const file = user ? 'runuser' : path.join(bin, program);
  const argv = user ? ['-u', user.name, '--', path.join(bin, program), ...args] : args;
  try {
    const { stdout } = await run(file, argv, { env: { ...process.env, LC_ALL: 'C' }, timeout: 120_000 });
    return stdout;
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`${program} failed: ${e.stderr?.trim() || e.message}`);
  }
}

/** A folder under the system temp folder that the server user owns. */
function serverFolder(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const user = serverUser();
  if (user) chownSync(dir, user.uid, user.gid);
  return dir;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const running = new Set<string>();
// A test process that dies leaves no server behind: the postmaster of each running data folder gets SIGQUIT.
process.on('exit', () => {
  for (const data of running) {
    try {
      const pid = Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (pid > 0) process.kill(pid, 'SIGQUIT');
    } catch {
      // already gone
    }
  }
});

function requireBin(): string {
  const bin = findPostgresBin();
  if (!bin) {
    throw new Error(
      'PostgreSQL is not installed (looked in PG_BIN, /usr/lib/postgresql/*/bin and on PATH). The archive suites need it: run .ci/install-postgres.sh (or apt-get install postgresql).',
    );
  }
  return bin;
}

/** Settings for a throwaway test server: loopback only, no durability (tests never survive a crash), small. */
function serverOptions(port: number, socketDir: string, settings: Record<string, string>): string {
  return [
    `-p ${port}`,
    `-k ${socketDir}`,
    "-c listen_addresses='127.0.0.1'",
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c shared_buffers=32MB',
    '-c max_connections=40',
    '-c wal_level=replica',
    '-c max_wal_senders=4',
    ...Object.entries(settings).map(([name, value]) => `-c ${name}=${value}`),
  ].join(' ');
}

async function launch(bin: string, root: string, data: string, port: number, settings: Record<string, string> = {}): Promise<void> {
  await asServerUser(bin, 'pg_ctl', ['-D', data, '-o', serverOptions(port, root, settings), '-l', path.join(root, 'server.log'), '-w', '-t', '60', 'start']);
  running.add(data);
}

function serverHandle(bin: string, root: string, data: string, port: number, settings: Record<string, string> = {}): PostgresServer {
  const urlOf = (database: string) => `postgres://coverage@127.0.0.1:${port}/${database}`;
  let up = true;
  const stop = async () => {
    if (!up) return;
    up = false;
    await asServerUser(bin, 'pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    running.delete(data);
  };
  return {
    url: urlOf('postgres'),
    port,
    dir: root,
    urlOf,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: urlOf('postgres') });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
      return urlOf(name);
    },
    stop,
    async start() {
      if (up) return;
      await launch(bin, root, data, port, settings);
      up = true;
    },
    async remove() {
      await stop().catch(() => undefined);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * Starts a real PostgreSQL server: initdb in a new temp folder (superuser `coverage`, trust
 * authentication, which initdb limits to local and loopback connections), then pg_ctl start on a
 * free 127.0.0.1 port, as an unprivileged user when the tests run as root. Never a system service.
 * `settings` are extra server settings (`-c name=value`), e.g. more memory for a benchmark.
 * Call `remove()` in afterAll.
 */
export async function startPostgres(settings: Record<string, string> = {}): Promise<PostgresServer> {
  const bin = requireBin();
  const root = serverFolder('coverage-bot-pg-');
  const data = path.join(root, 'data');
  await asServerUser(bin, 'initdb', ['-D', data, '-U', 'coverage', '--auth=trust', '-E', 'UTF8', '--no-sync', '--locale=C']);
  // A free port can be taken between probing and binding; try a few.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      await launch(bin, root, data, port, settings);
      return serverHandle(bin, root, data, port, settings);
    } catch (error) {
      if (attempt >= 3) {
        rmSync(root, { recursive: true, force: true });
        throw error;
      }
    }
  }
}

/**
 * Starts a streaming replica of `primary`: pg_basebackup (with -R, so it starts as a standby that
 * follows the primary) into a new temp folder, then pg_ctl start on another free loopback port.
 */
export async function startReplica(primary: PostgresServer): Promise<PostgresServer> {
  const bin = requireBin();
  const root = serverFolder('coverage-bot-pg-replica-');
  const data = path.join(root, 'data');
  await asServerUser(bin, 'pg_basebackup', ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'coverage', '-D', data, '-R', '-X', 'stream', '--checkpoint=fast', '--no-sync']);
  if (!existsSync(path.join(data, 'standby.signal'))) throw new Error('pg_basebackup -R wrote no standby.signal');
  const port = await freePort();
  await launch(bin, root, data, port);
  return serverHandle(bin, root, data, port);
}

/** The rows of one query on a database of a test server, over a connection of its own. */
export async function queryRows<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
