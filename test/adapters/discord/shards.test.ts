/**
 * The bot under discord.js's ShardingManager, as operators run it: `npm run shards` (the launcher,
 * src/adapters/discord/shards.ts) asks the fake Discord how many shards to run and starts the
 * ordinary entry point once per shard, state shared through Redis (KEYV_URL). The fake routes each
 * guild's events to its shard and DMs to shard 0, as Discord does; its guild is on shard 1, so a
 * user who writes in the guild and by DM talks to two processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { projectRoot } from '../../../src/config/index.js';
import { fakeUser, startFakeDiscord, type FakeDiscord } from '../../support/fake-discord.js';
import { skipRedisSuites, startRedis, type RedisServer } from '../../support/redis.js';

const SHOYGU = 'Who did Shoygu meet?';
const RATE_LIMIT_PER_MINUTE = 3;

let fake: FakeDiscord;
let redis: RedisServer;
let launcher: ChildProcess;
let log = '';
let dataDir: string;

describe.skipIf(skipRedisSuites)('running under ShardingManager', () => {
  beforeAll(async () => {
    fake = await startFakeDiscord({ recommendedShards: 2, guildShard: { shard: 1, count: 2 } });
    redis = await startRedis();
    dataDir = mkdtempSync(path.join(tmpdir(), 'discord-shards-'));
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DISCORD_TOKEN: fake.token,
      DISCORD_APP_ID: fake.appId,
      DISCORD_API_URL: fake.apiUrl,
      // The launcher keeps Telegram out of the shards (one poller per token); tested below.
      TELEGRAM_BOT_TOKEN: '123456:not-a-real-token',
      KEYV_URL: redis.url,
      CORPUS_DIR: path.join(projectRoot, 'seeds'),
      DATA_DIR: dataDir,
      RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT_PER_MINUTE),
      LOG_LEVEL: 'info',
    };
    launcher = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'src/adapters/discord/shards.ts'), '--delay', '0'], {
      env,
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    launcher.stderr!.on('data', (chunk) => (log += String(chunk)));
    const exited = new Promise<never>((_, reject) => launcher.once('exit', (code) => reject(new Error(`the launcher exited with ${code}: ${log}`))));
    await Promise.race([vi.waitFor(() => expect(log).toContain('all shards ready'), { timeout: 110_000, interval: 100 }), exited]);
  }, 120_000);

  afterAll(async () => {
    if (launcher && launcher.exitCode === null && launcher.signalCode === null) launcher.kill('SIGKILL');
    await fake?.close();
    await redis?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('asks Discord for the shard count, and each shard identifies as its own shard of two', () => {
    expect(fake.requests.some((r) => r.method === 'GET' && r.path === '/gateway/bot')).toBe(true);
    expect(fake.identifies.map((d) => d.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(log).toMatch(/TELEGRAM_BOT_TOKEN is ignored by the shard launcher/);
    expect(log).not.toContain('telegram bot running');
  });

  test('a slash command in the guild is answered once, by the shard that holds the guild', async () => {
    const i = fake.command('ask', { question: SHOYGU });
    const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.endsWith(`/${i.token}/messages/@original`), { timeoutMs: 20_000 });
    expect(edit.body.embeds[0].description).toContain('Memis');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.requestsFor(i.token).filter((r) => r.path.endsWith('/callback'))).toHaveLength(1);
  });

  test('a DM is answered once, by shard 0', async () => {
    const message = fake.message(SHOYGU, { dm: true });
    const reply = await fake.waitForRequest((r) => r.body?.message_reference?.message_id === message.id, { timeoutMs: 20_000 });
    expect(reply.body.embeds[0].description).toContain('Memis');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.requests.filter((r) => r.body?.message_reference?.message_id === message.id)).toHaveLength(1);
  });

  test('one user’s rate limit holds across shards: asked in the guild (shard 1), refused by DM (shard 0)', async () => {
    expect((BigInt(fake.guildId) >> 22n) % 2n).toBe(1n);
    const user = fakeUser('busy-reader');
    for (let n = 0; n < RATE_LIMIT_PER_MINUTE; n += 1) {
      const i = fake.command('ask', { question: SHOYGU }, { user });
      const ack = await fake.waitForRequest((r) => r.path === `/interactions/${i.id}/${i.token}/callback`, { timeoutMs: 20_000 });
      expect(ack.body.type).toBe(5);
    }
    const message = fake.message(SHOYGU, { dm: true, author: user });
    const reply = await fake.waitForRequest((r) => r.status === 200 && r.body?.message_reference?.message_id === message.id, { timeoutMs: 20_000 });
    expect(reply.body.content).toMatch(/faster than I can keep up with/);
  });

  test('the launcher refuses several shards without a shared store (KEYV_URL), in one line', async () => {
    const run = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'src/adapters/discord/shards.ts'), '--shards', '2'], {
      env: { PATH: process.env.PATH, DISCORD_TOKEN: fake.token, DISCORD_APP_ID: fake.appId, DISCORD_API_URL: fake.apiUrl, DATA_DIR: dataDir },
      cwd: projectRoot,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    run.stderr!.on('data', (chunk) => (stderr += String(chunk)));
    const code = await new Promise((resolve) => run.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/^coverage-bot: 2 shards must share their state: set KEYV_URL[^\n]*\n$/);
    expect(fake.identifies).toHaveLength(2);
  });

  test('SIGTERM to the launcher stops every shard gracefully and exits 0, the token never logged', async () => {
    const exited = new Promise<number | null>((resolve) => launcher.once('exit', (code) => resolve(code)));
    launcher.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(fake.openConnections()).toBe(0);
    expect(log).toContain('all shards stopped');
    expect(log).not.toContain(fake.token);
  });
});
