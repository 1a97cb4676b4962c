/**
 * Ratings and /report on Discord, end to end: two bot processes' worth of bots (each on its own
 * fake Discord) sharing one real Redis, as shards or replicas do. A press may reach either; the
 * store keeps one rating per user and answer.
 */
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startDiscordBot, type DiscordBot } from '../../../src/adapters/discord/index.js';
import { loadConfig, loadCoreConfig, projectRoot } from '../../../src/config/index.js';
import { loadCoverage, type Coverage } from '../../../src/core/index.js';
import { createStore, type BotStore } from '../../../src/store/index.js';
import { fakeUser, SERVER_MANAGER_PERMISSIONS, startFakeDiscord, type FakeDiscord, type RecordedRequest } from '../../support/fake-discord.js';
import { skipRedisSuites, startRedis, type RedisServer } from '../../support/redis.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();

/** Redis commands may take this long here: on a loaded 2-core machine the 500 ms default can pass, and these tests are not about outages. */
const PATIENT_MS = 5000;

const EPHEMERAL = 64;

describe.skipIf(skipRedisSuites)('Discord ratings across two bots sharing Redis', () => {
  let redis: RedisServer;
  let seeds: Coverage;
  let coverage: Coverage;
  const fakes: FakeDiscord[] = [];
  const bots: DiscordBot[] = [];
  const stores: BotStore[] = [];
  const reader = fakeUser('reader-who-rates');

  beforeAll(async () => {
    redis = await startRedis();
    seeds = await loadCoverage(path.join(projectRoot, 'seeds'), { config: coreConfig });
    coverage = seeds;
    for (let i = 0; i < 2; i++) {
      const fake = await startFakeDiscord();
      const store = await createStore({ keyvUrl: redis.url, commandTimeoutMs: PATIENT_MS, keyPrefix: `dc-feedback-${process.pid}`, rateLimitPerMinute: 1000 });
      const config = loadConfig({ DISCORD_TOKEN: fake.token, DISCORD_APP_ID: fake.appId, DISCORD_API_URL: fake.apiUrl });
      bots.push(await startDiscordBot({ config, coverage: { current: () => coverage }, store, logger: pino({ level: 'silent' }) }));
      fakes.push(fake);
      stores.push(store);
    }
  });
  afterAll(async () => {
    for (const bot of bots) await bot.stop();
    for (const store of stores) await store.close();
    for (const fake of fakes) await fake.close();
    await redis?.stop();
  });

  const callback = (fake: FakeDiscord, i: { id: string; token: string }): Promise<RecordedRequest> =>
    fake.waitForRequest((r) => r.method === 'POST' && r.path === `/interactions/${i.id}/${i.token}/callback`);
  const edit = (fake: FakeDiscord, i: { token: string }): Promise<RecordedRequest> =>
    fake.waitForRequest((r) => r.method === 'PATCH' && r.path.endsWith(`/${i.token}/messages/@original`));

  /** Asks with /ask on fake `n` and returns the answer message as the fake stored it. */
  async function ask(n: number, question: string): Promise<any> {
    const i = fakes[n]!.command('ask', { question }, { user: reader });
    await edit(fakes[n]!, i);
    return [...fakes[n]!.messages.values()].reverse().find((m) => m.components?.[0]?.components?.some((b: any) => b.label === '👍'));
  }

  const button = (message: any, label: string) => message.components[0].components.find((b: any) => b.label === label).custom_id as string;

  async function press(n: number, customId: string, message: any) {
    const i = fakes[n]!.pressButton(customId, message, { user: reader });
    return (await callback(fakes[n]!, i)).body;
  }

  const ratingsOf = async (question: string) => (await stores[0]!.feedback.list()).filter((r) => r.question === question);

  test('stores one rating per user and answer, whichever bot gets the press; a new press changes it', async () => {
    const question = 'What did Peskov say about the talks?';
    const answer = await ask(0, question);
    const up = await press(1, button(answer, '👍'), answer);
    expect(up).toMatchObject({ type: 4, data: { flags: EPHEMERAL, content: expect.stringMatching(/noted as “helpful”/) } });
    await press(0, button(answer, '👍'), answer);
    expect(await ratingsOf(question)).toHaveLength(1);
    const down = await press(1, button(answer, '👎'), answer);
    expect(down.data.content).toMatch(/Changed: your rating is now “not helpful”/);
    const ratings = await ratingsOf(question);
    expect(ratings).toHaveLength(1);
    expect(ratings[0]).toMatchObject({ vote: 'down', platform: 'discord', coverageVersion: seeds.version });
  });

  test('offers the reasons privately after a 👎 and records the one pressed', async () => {
    const question = 'Who did Shoygu meet?';
    const answer = await ask(1, question);
    const prompt = await press(1, button(answer, '👎'), answer);
    expect(prompt.data.content).toMatch(/What was wrong/);
    const reasons = prompt.data.components[0].components;
    expect(reasons.map((r: any) => r.label)).toEqual(['Wrong answer', 'Wrong source', 'Should have answered', 'Should not have answered']);
    const promptMessage = { ...prompt.data, id: '1', channel_id: answer.channel_id };
    const thanks = await press(0, reasons[1].custom_id, promptMessage);
    expect(thanks).toMatchObject({ type: 7, data: { content: expect.stringMatching(/wrong source/), components: [] } });
    expect(await ratingsOf(question)).toEqual([expect.objectContaining({ vote: 'down', reason: 'wrong-source', confident: true })]);
  });

  test('records a rating of an answer given on an older coverage against that version', async () => {
    const question = 'Who is Peskov?';
    const answer = await ask(0, question);
    coverage = { ...seeds, version: 'a-newer-coverage' };
    try {
      await press(1, button(answer, '👍'), answer);
      expect((await ratingsOf(question))[0]?.coverageVersion).toBe(seeds.version);
    } finally {
      coverage = seeds;
    }
  });

  test('refuses hostile custom ids without a crash, and keeps answering', async () => {
    const answer = await ask(0, 'Who did Shoygu meet?');
    for (const customId of ['fb1:', 'fb1:20260101zzzzzzzzzz:u', `fb1:${'9'.repeat(90)}:u`, 'fb1:20260101abcdefabcd:u:wa', 'fb1:20260101abcdefabcd:d:__proto__']) {
      expect((await press(0, customId, answer)).data).toMatchObject({ flags: EPHEMERAL, content: expect.stringMatching(/not one of mine/) });
    }
    expect((await ask(0, 'Who did Shoygu meet?')).embeds[0].description).toMatch(/Memis/);
  });

  test('/report: refused without Manage Server; with it, a private summary and the HTML page attached', async () => {
    const denied = fakes[0]!.command('report', {}, { user: reader });
    expect((await callback(fakes[0]!, denied)).body.data).toMatchObject({ flags: EPHEMERAL, content: expect.stringMatching(/Manage Server/) });

    const allowed = fakes[1]!.command('report', {}, { user: fakeUser('editor'), permissions: SERVER_MANAGER_PERMISSIONS });
    expect((await callback(fakes[1]!, allowed)).body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const reply = await edit(fakes[1]!, allowed);
    expect(reply.body.content).toMatch(/Coverage report/);
    const file = reply.files?.[0];
    expect(file?.filename).toBe('coverage-report.html');
    const html = file!.data.toString('utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('What did Peskov say about the talks?');
  });

  test('/forget deletes the user’s ratings, whichever bot gets it', async () => {
    const forget = fakes[1]!.command('forget', {}, { user: reader });
    expect((await callback(fakes[1]!, forget)).body.data.content).toMatch(/\d+ ratings? of yours/);
    expect((await stores[0]!.feedback.list()).filter((r) => r.platform === 'discord')).toEqual([]);
  });
});
