/**
 * The bot under discord.js's ShardingManager, as the README documents it: the same entry point
 * (src/main.ts) spawned once per shard, state shared through Redis (KEYV_URL). The fake Discord
 * routes each guild's events to its shard and DMs to shard 0, as Discord does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ShardingManager } from 'discord.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { projectRoot } from '../../../src/config/index.js';
import { startFakeDiscord, type FakeDiscord } from '../../support/fake-discord.js';
import { skipRedisSuites, startRedis, type RedisServer } from '../../support/redis.js';

const SHOYGU = 'Who did Shoygu meet?';

let fake: FakeDiscord;
let redis: RedisServer;
let manager: ShardingManager;
let dataDir: string;
const savedEnv = { ...process.env };

describe.skipIf(skipRedisSuites)('running under ShardingManager', () => {
  beforeAll(async () => {
    fake = await startFakeDiscord();
    redis = await startRedis();
    dataDir = mkdtempSync(path.join(tmpdir(), 'discord-shards-'));
    // The manager passes its own environment on to every shard.
    Object.assign(process.env, {
      DISCORD_APP_ID: fake.appId,
      DISCORD_API_URL: fake.apiUrl,
      KEYV_URL: redis.url,
      CORPUS_DIR: path.join(projectRoot, 'seeds'),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    });
    delete process.env.TELEGRAM_BOT_TOKEN;
    manager = new ShardingManager(path.join(projectRoot, 'src/main.ts'), {
      token: fake.token,
      // 'auto' would ask discord.com itself how many shards to run; name the count instead.
      totalShards: 2,
      respawn: false,
      execArgv: ['--import', 'tsx'],
    });
    await manager.spawn({ amount: 2, delay: 0, timeout: 110_000 });
  }, 120_000);

  afterAll(async () => {
    const exits = [...(manager?.shards.values() ?? [])].map(
      (shard) => new Promise((resolve) => (shard.process && shard.process.exitCode === null ? shard.process.once('exit', resolve) : resolve(null))),
    );
    manager?.shards.forEach((shard) => shard.kill());
    await Promise.all(exits);
    process.env = savedEnv;
    await fake?.close();
    await redis?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('each shard identifies as its own shard of two', () => {
    expect(fake.identifies.map((d) => d.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
  });

  test('a slash command in the guild is answered once, by the shard that holds the guild', async () => {
    const i = fake.command('ask', { question: SHOYGU });
    const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.endsWith(`/${i.token}/messages/@original`), { timeoutMs: 20_000 });
    expect(edit.body.embeds[0].description).toContain('Memis');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(fake.requestsFor(i.token).filter((r) => r.path.endsWith('/callback'))).toHaveLength(1);
  });

  test('a DM is answered once, by shard 0', async () => {
    const message = fake.message(SHOYGU, { dm: true });
    const reply = await fake.waitForRequest((r) => r.body?.message_reference?.message_id === message.id, { timeoutMs: 20_000 });
    expect(reply.body.embeds[0].description).toContain('Memis');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(fake.requests.filter((r) => r.body?.message_reference?.message_id === message.id)).toHaveLength(1);
  });
});
