import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { Logger } from '../../src/log/index.js';
import { createMemoryStore, createStore, type BotStore, type StoreOptions } from '../../src/store/index.js';
import { skipRedisSuites, startRedis, type RedisServer } from '../support/redis.js';

/** A logger that keeps its lines for assertions. */
export function captureLogger(): { logger: Logger; lines: Array<{ level: number; msg: string; [key: string]: unknown }> } {
  const lines: Array<{ level: number; msg: string }> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

export const WARN = 40;

/**
 * One backend under test. `open(scope)` opens a store on the state called `scope`: the same scope
 * reopens the same state (a restarted bot, or a second instance), a new scope is isolated.
 */
export interface BackendHarness {
  name: 'memory' | 'file' | 'redis';
  skip: boolean;
  setup(): Promise<void>;
  teardown(): Promise<void>;
  open(scope: string, options?: StoreOptions): Promise<BotStore>;
}

let scopes = 0;
/** A scope name no other test uses. */
export function newScope(): string {
  scopes += 1;
  return `t${process.pid}-${Date.now()}-${scopes}`;
}

export function memoryHarness(): BackendHarness {
  return {
    name: 'memory',
    skip: false,
    setup: async () => undefined,
    teardown: async () => undefined,
    open: async (scope, options) => createMemoryStore({ keyPrefix: scope, ...options }),
  };
}

export function fileHarness(): BackendHarness {
  let root = '';
  return {
    name: 'file',
    skip: false,
    setup: async () => {
      root = mkdtempSync(path.join(os.tmpdir(), 'coverage-bot-store-'));
    },
    teardown: async () => rmSync(root, { recursive: true, force: true }),
    open: (scope, options) => createStore({ dataDir: path.join(root, scope), flushDelayMs: 10, ...options }),
  };
}

export function redisHarness(): BackendHarness & { server(): RedisServer } {
  let server: RedisServer | undefined;
  return {
    name: 'redis',
    skip: skipRedisSuites,
    setup: async () => {
      server = await startRedis();
    },
    teardown: async () => server?.stop(),
    open: (scope, options) => {
      if (!server) throw new Error('redis harness used before setup');
      return createStore({ keyvUrl: server.url, keyPrefix: scope, ...options });
    },
    server: () => {
      if (!server) throw new Error('redis harness used before setup');
      return server;
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns true or `timeoutMs` passes; returns the last result. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
}
