import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A redis-server this test process started on 127.0.0.1, stopped by its PID. */
export interface RedisServer {
  url: string;
  port: number;
  /** PID of the running server (changes after restart). */
  readonly pid: number;
  /** Graceful stop (SIGTERM), waiting until the process has exited. */
  stop(): Promise<void>;
  /** Abrupt death (SIGKILL), as when a Redis host goes away. */
  kill(): Promise<void>;
  /** Starts a fresh, empty server on the same port (after stop or kill). */
  restart(): Promise<void>;
  /** Freezes the server (SIGSTOP): connections stay open but nothing answers, as with a stalled host. */
  pause(): void;
  /** Thaws a paused server (SIGCONT); its data is intact. */
  resume(): void;
}

/**
 * The redis-server binary: `REDIS_SERVER` when set (and then only that), else on PATH, else
 * Debian's /usr/bin/redis-server; undefined when missing.
 */
export function findRedisServer(): string | undefined {
  const override = process.env.REDIS_SERVER?.trim();
  const candidates = override ? [override] : [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, 'redis-server')), '/usr/bin/redis-server'];
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // try the next one
    }
  }
  return undefined;
}

/**
 * Whether Redis suites should be skipped: only locally, when redis-server is not installed.
 * Under CI=true they run and fail in startRedis with a message saying how to install it.
 */
export const skipRedisSuites = findRedisServer() === undefined && process.env.CI !== 'true';

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) {
    try {
      if (child.pid) process.kill(child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

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

/** Resolves when the server on `port` answers PING with PONG; rejects after `timeoutMs`. */
async function waitForPong(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`redis-server exited early (code ${child.exitCode})`);
    const answered = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      let reply = '';
      socket.setTimeout(200, () => socket.destroy());
      socket.on('connect', () => socket.write('PING\r\n'));
      socket.on('data', (chunk) => {
        reply += chunk.toString();
        if (reply.includes('\r\n')) {
          socket.end();
          resolve(reply.startsWith('+PONG'));
        }
      });
      socket.on('error', () => resolve(false));
      socket.on('close', () => resolve(false));
    });
    if (answered) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`redis-server on 127.0.0.1:${port} did not answer PING within ${timeoutMs} ms`);
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts a real redis-server on 127.0.0.1 on a free port, without persistence (`--save ''`,
 * `--appendonly no`), and waits until it answers PING. Call `stop()` in afterAll.
 */
export async function startRedis(): Promise<RedisServer> {
  const binary = findRedisServer();
  if (!binary) {
    throw new Error(
      process.env.REDIS_SERVER?.trim()
        ? `REDIS_SERVER=${process.env.REDIS_SERVER} is not an executable redis-server. The Redis store suites need one: run .ci/install-redis.sh or fix REDIS_SERVER.`
        : 'redis-server is not installed (looked on PATH and at /usr/bin/redis-server). The Redis store suites need it: run .ci/install-redis.sh (or apt-get install redis-server).',
    );
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'coverage-bot-redis-'));
  let child: ChildProcess | undefined;

  const launch = async (port: number): Promise<void> => {
    mkdirSync(dir, { recursive: true });
    const stderr: string[] = [];
    const started = spawn(
      binary,
      ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--loglevel', 'warning'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    started.stdout?.on('data', (chunk) => stderr.push(String(chunk)));
    started.stderr?.on('data', (chunk) => stderr.push(String(chunk)));
    running.add(started);
    started.once('exit', () => running.delete(started));
    try {
      await waitForPong(port, started, 5000);
    } catch (error) {
      started.kill('SIGKILL');
      await exited(started);
      throw new Error(`${(error as Error).message}\n${stderr.join('').slice(-2000)}`);
    }
    child = started;
  };

  // A free port can be taken between probing and binding; try a few.
  let port = 0;
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      await launch(port);
      break;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }

  const signal = async (name: NodeJS.Signals) => {
    const current = child;
    if (!current) return;
    child = undefined;
    if (current.pid !== undefined && current.exitCode === null && current.signalCode === null) process.kill(current.pid, name);
    await exited(current);
  };

  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get pid() {
      if (!child?.pid) throw new Error('redis-server is not running');
      return child.pid;
    },
    stop: async () => {
      await signal('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
    kill: () => signal('SIGKILL'),
    restart: async () => {
      await signal('SIGKILL');
      await launch(port);
    },
    pause: () => {
      if (child?.pid) process.kill(child.pid, 'SIGSTOP');
    },
    resume: () => {
      if (child?.pid) process.kill(child.pid, 'SIGCONT');
    },
  };
}
