import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createClient } from '@keyv/redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createStore, type BotStore, type Conversation, type StoreOptions } from '../../src/store/index.js';
import { redactUrl } from '../../src/store/redis-backend.js';
import { skipRedisSuites, startRedis, type RedisServer } from '../support/redis.js';
import { captureLogger, eventually, newScope, WARN } from './harness.js';

const chat: Conversation = { platform: 'telegram', id: '-100555' };
const here = path.dirname(fileURLToPath(import.meta.url));

describe.skipIf(skipRedisSuites)('Redis store shared by several processes', () => {
  let redis: RedisServer;
  const opened: BotStore[] = [];
  const open = async (options: StoreOptions) => {
    const store = await createStore({ keyvUrl: redis.url, ...options });
    opened.push(store);
    return store;
  };

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });
  afterAll(() => redis.stop());

  it('lets two bot instances share one user’s rate limit', async () => {
    const keyPrefix = newScope();
    const discordShard = await open({ keyPrefix, rateLimitPerMinute: 3 });
    const telegramBot = await open({ keyPrefix, rateLimitPerMinute: 3 });
    expect((await discordShard.rateLimit.hit('telegram', '42')).allowed).toBe(true);
    expect((await telegramBot.rateLimit.hit('telegram', '42')).allowed).toBe(true);
    expect((await discordShard.rateLimit.hit('telegram', '42')).allowed).toBe(true);
    expect((await telegramBot.rateLimit.hit('telegram', '42')).allowed).toBe(false);
  });

  it('lets a second instance answer a follow-up to a message the first one sent', async () => {
    const keyPrefix = newScope();
    const first = await open({ keyPrefix });
    const second = await open({ keyPrefix });
    await first.context.set(chat, '8000', { question: 'What did Peskov say?', userId: '42', at: 1 });
    expect((await second.context.get(chat, '8000'))?.question).toBe('What did Peskov say?');
    expect(await second.context.forget('telegram', '42')).toBe(1);
    expect(await first.context.get(chat, '8000')).toBeUndefined();
  });

  it('shares rate limit and context with a separate Node process', async () => {
    const keyPrefix = newScope();
    const parent = await open({ keyPrefix, rateLimitPerMinute: 5 });
    await parent.context.set(chat, '8000', { question: 'asked in the parent', userId: '42', at: 1 });
    await parent.rateLimit.hit('telegram', '42');
    await parent.rateLimit.hit('telegram', '42');

    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(here, 'child-store.ts'), redis.url, keyPrefix, '4'], {
      cwd: path.resolve(here, '..', '..'),
      timeout: 20_000,
    });
    const child = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { allowed: boolean[]; seenFromParent: string | null };

    // 5 per minute: the parent spent 2, so the child gets 3 of its 4.
    expect(child.allowed).toEqual([true, true, true, false]);
    expect(child.seenFromParent).toBe('asked in the parent');
    expect((await parent.context.get(chat, '9001'))?.question).toBe('asked in the child');
    expect((await parent.rateLimit.hit('telegram', '42')).allowed).toBe(false);
  });

  it('grants a claim to exactly one of several instances', async () => {
    const keyPrefix = newScope();
    const instances = await Promise.all([open({ keyPrefix }), open({ keyPrefix }), open({ keyPrefix })]);
    const results = await Promise.all(instances.flatMap((store) => [store.claim('statement-9:discord:1', 60_000), store.claim('statement-9:discord:1', 60_000)]));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('writes no raw user or chat id into any Redis key or context value', async () => {
    const keyPrefix = newScope();
    const store = await open({ keyPrefix });
    await store.context.set({ platform: 'telegram', id: '-100987654321' }, '31337', { question: 'q', userId: '123456789', at: 1 });
    await store.rateLimit.hit('telegram', '123456789');
    await store.claim('statement-1:telegram:-100987654321', 60_000);

    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      const stored = await client.keys(`${keyPrefix}*`);
      expect(stored.length).toBeGreaterThanOrEqual(4);
      for (const key of stored) {
        expect(key).not.toMatch(/123456789|987654321|31337/);
        if ((await client.type(key)) === 'string') expect(await client.get(key)).not.toContain('123456789');
      }
    } finally {
      client.destroy();
    }
  });
});

describe.skipIf(skipRedisSuites)('Redis store when Redis fails', () => {
  const servers: RedisServer[] = [];
  const opened: BotStore[] = [];
  const start = async () => {
    const server = await startRedis();
    servers.push(server);
    return server;
  };
  const open = async (options: StoreOptions) => {
    const store = await createStore({ keyPrefix: newScope(), ...options });
    opened.push(store);
    return store;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    await Promise.all(servers.splice(0).map((server) => server.stop()));
  });

  it('keeps answering without throwing when Redis dies mid-conversation, and uses Redis again once it is back', async () => {
    const redis = await start();
    const { logger, lines } = captureLogger();
    const keyPrefix = newScope();
    const store = await open({ keyvUrl: redis.url, keyPrefix, rateLimitPerMinute: 2, logger });
    await store.context.set(chat, '1', { question: 'before the outage', userId: '42', at: 1 });
    expect((await store.context.get(chat, '1'))?.question).toBe('before the outage');

    await redis.kill();

    // Everything degrades quietly: no exception, no cache, no context, rate limit open.
    expect(await store.context.get(chat, '1')).toBeUndefined();
    await expect(store.context.set(chat, '2', { question: 'during', userId: '42', at: 2 })).resolves.toBeUndefined();
    await expect(store.answers.set('v1', 'q', { question: 'q', answer: 'a', confident: true, citations: [], type: 'other' })).resolves.toBeUndefined();
    expect(await store.answers.get('v1', 'q')).toBeUndefined();
    const hits = [];
    for (let i = 0; i < 5; i++) hits.push((await store.rateLimit.hit('telegram', '42')).allowed);
    expect(hits).toEqual([true, true, true, true, true]);
    expect(store.status().reachable).toBe(false);

    const warnings = lines.filter((line) => line.level === WARN && /unreachable/.test(line.msg));
    expect(warnings).toHaveLength(1);

    await redis.restart();
    const backAgain = await eventually(async () => {
      await store.context.set(chat, '3', { question: 'after the outage', userId: '42', at: 3 });
      return (await store.context.get(chat, '3'))?.question === 'after the outage';
    });
    expect(backAgain).toBe(true);
    expect(store.status().reachable).toBe(true);
    expect(lines.some((line) => /reachable again/.test(line.msg))).toBe(true);

    // A second instance sees what the first wrote after the restart, and the rate limit holds again.
    const other = await open({ keyvUrl: redis.url, keyPrefix, rateLimitPerMinute: 2 });
    expect((await other.context.get(chat, '3'))?.question).toBe('after the outage');
    expect((await other.rateLimit.hit('telegram', '42')).allowed).toBe(true);
    expect((await store.rateLimit.hit('telegram', '42')).allowed).toBe(true);
    expect((await other.rateLimit.hit('telegram', '42')).allowed).toBe(false);
  });

  it('gives every instance one notification per key while Redis is down, never none', async () => {
    const redis = await start();
    const store = await open({ keyvUrl: redis.url });
    await redis.kill();
    expect(await store.claim('statement-3:telegram:-100', 60_000)).toBe(true);
    expect(await store.claim('statement-3:telegram:-100', 60_000)).toBe(false);
  });

  it('still lists the subscriptions it last read while Redis is down, so subscribers are notified', async () => {
    const redis = await start();
    const store = await open({ keyvUrl: redis.url });
    await store.subscriptions.add(chat, 'Peskov');
    expect(await store.subscriptions.all()).toHaveLength(1);
    await redis.kill();
    expect((await store.subscriptions.all()).map((s) => s.query)).toEqual(['Peskov']);
    expect((await store.subscriptions.list(chat)).map((s) => s.query)).toEqual(['Peskov']);
    expect(store.status().reachable).toBe(false);
  });

  it('does not hang on a stalled Redis, and applies a /forget made meanwhile once Redis answers', async () => {
    const redis = await start();
    const keyPrefix = newScope();
    const store = await open({ keyvUrl: redis.url, keyPrefix, commandTimeoutMs: 200 });
    await store.context.set(chat, '1', { question: 'remember me', userId: '42', at: 1 });

    redis.pause();
    try {
      const started = Date.now();
      expect(await store.context.get(chat, '1')).toBeUndefined();
      // The timeout is 200 ms; the bound only guards against waiting for Redis indefinitely.
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(await store.context.forget('telegram', '42')).toBe(0);
      expect(store.status().reachable).toBe(false);
    } finally {
      redis.resume();
    }

    // The context (60 minutes to live) is still in Redis until the queued /forget runs.
    const observer = await open({ keyvUrl: redis.url, keyPrefix });
    expect(await eventually(async () => (await store.answers.get('v', 'any operation notices the recovery'), store.status().reachable))).toBe(true);
    const forgotten = await eventually(async () => (await observer.context.get(chat, '1')) === undefined && observer.status().reachable);
    expect(forgotten).toBe(true);
  });

  it('starts degraded when Redis is down at start-up and connects once it comes up', async () => {
    const redis = await start();
    await redis.kill();
    const { logger, lines } = captureLogger();
    const store = await open({ keyvUrl: redis.url, connectTimeoutMs: 300, logger });
    expect(lines.filter((line) => line.level === WARN)).toHaveLength(1);
    expect(store.status().reachable).toBe(false);
    expect((await store.rateLimit.hit('discord', '1')).allowed).toBe(true);

    await redis.restart();
    const connected = await eventually(async () => {
      await store.subscriptions.add(chat, 'Peskov');
      return (await store.subscriptions.list(chat)).length === 1;
    });
    expect(connected).toBe(true);
  });

  it('never logs the Redis password from KEYV_URL', async () => {
    const redis = await start();
    await redis.kill();
    const { logger, lines } = captureLogger();
    const store = await open({ keyvUrl: `redis://bot:s3cret-pass-word@127.0.0.1:${redis.port}`, connectTimeoutMs: 300, logger });
    await store.context.get(chat, '1');
    expect(lines.length).toBeGreaterThan(0);
    expect(JSON.stringify(lines)).not.toContain('s3cret-pass-word');
  });
});

describe('Redis store configuration', () => {
  it('refuses a KEYV_URL that is not a URL, saying what is expected', async () => {
    await expect(createStore({ keyvUrl: 'redis://bad host:6379' })).rejects.toThrow(/KEYV_URL is not a valid URL; expected redis:\/\//);
  });

  it('redacts the password of a Redis URL for log lines, and never echoes an unparseable one', () => {
    expect(redactUrl('redis://bot:s3cret@127.0.0.1:6379/2')).toBe('redis://bot:***@127.0.0.1:6379/2');
    expect(redactUrl('rediss://:s3cret@redis.example:6380')).toBe('rediss://:***@redis.example:6380');
    expect(redactUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(redactUrl('redis://:s3cret@[::1')).toBe('(unparseable URL)');
  });
});
