/**
 * No raw user id anywhere in the store or the logs: both bots, sharing one store, go through
 * questions, follow-ups, "more", ratings, a rate limit, /report and /forget with debug logging on;
 * then every key and value of the store (the embedded store's file, every Redis key) and every
 * log line is scanned for the users' raw ids.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient } from '@keyv/redis';
import { pino } from 'pino';
import type { Message, User } from 'telegraf/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordBot } from '../../src/adapters/discord/index.js';
import { loadConfig } from '../../src/config/index.js';
import { createStore, STORE_FILE_NAME, type BotStore } from '../../src/store/index.js';
import { memoryLogger, seedCoverage, startHarness } from '../adapters/telegram/harness.js';
import { fakeUser, SERVER_MANAGER_PERMISSIONS, startFakeDiscord } from '../support/fake-discord.js';
import { groupChat, privateChat } from '../support/fake-telegram.js';
import { skipRedisSuites, startRedis, type RedisServer } from '../support/redis.js';

/** Redis commands may take this long here: on a loaded 2-core machine the 500 ms default can pass, and these tests are not about outages. */
const PATIENT_MS = 5000;

const telegramUser: User = { id: 736251904, is_bot: false, first_name: 'Private' };
const discordUser = fakeUser('private-person');

/** Runs both bots over `store` through everything that stores or logs; returns the log lines. */
async function exercise(store: BotStore): Promise<string[]> {
  const lines: Array<Record<string, unknown>> = [];
  const logger = memoryLogger(lines);
  const env = { ADMIN_USER_IDS: String(telegramUser.id), RATE_LIMIT_PER_MINUTE: '1000' };

  const tg = await startHarness({ store, logger, env });
  const chat = privateChat(telegramUser);
  tg.fake.userMessage({ text: 'Who did Shoygu meet?', chat, from: telegramUser });
  const answer = (await tg.fake.nextCall('sendMessage')).result as Message.TextMessage;
  tg.fake.userMessage({ text: 'Where did they meet?', chat, from: telegramUser, replyTo: answer });
  await tg.fake.nextCall('sendMessage');
  const buttons = ((answer as any).reply_markup.inline_keyboard as Array<Array<{ callback_data: string }>>).flat();
  tg.fake.pressButton({ data: buttons[1]!.callback_data, message: answer, from: telegramUser });
  await tg.fake.nextCall('answerCallbackQuery');
  await tg.fake.nextCall('sendMessage');
  tg.fake.setMemberStatus('administrator');
  tg.fake.userMessage({ text: '/subscribe Peskov', chat: groupChat, from: telegramUser });
  expect(String((await tg.fake.nextCall('sendMessage')).params.text)).toMatch(/now follows/);
  tg.fake.userMessage({ text: '/report', chat, from: telegramUser });
  await tg.fake.nextCall('sendDocument');

  const fake = await startFakeDiscord();
  const config = loadConfig({ DISCORD_TOKEN: fake.token, DISCORD_APP_ID: fake.appId, DISCORD_API_URL: fake.apiUrl, RATE_LIMIT_PER_MINUTE: '1000' });
  const coverage = await seedCoverage();
  const bot = await startDiscordBot({ config, coverage: { current: () => coverage }, store, logger });
  const asked = fake.command('ask', { question: 'What did Peskov say about the talks?' }, { user: discordUser });
  await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.endsWith(`/${asked.token}/messages/@original`));
  const message = [...fake.messages.values()].reverse().find((m) => m.components?.[0]?.components?.some((b: any) => b.label === '👍'));
  const up = message.components[0].components.find((b: any) => b.label === '👍').custom_id;
  const pressed = fake.pressButton(up, message, { user: discordUser });
  await fake.waitForRequest((r) => r.path.includes(pressed.token));
  const report = fake.command('report', {}, { user: discordUser, permissions: SERVER_MANAGER_PERMISSIONS });
  await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.endsWith(`/${report.token}/messages/@original`));
  fake.message(`<@${fake.bot.id}> who did Shoygu meet?`, { mentionBot: true, author: discordUser });
  await fake.waitForRequest((r) => r.method === 'POST' && /\/channels\/\d+\/messages$/.test(r.path));

  await bot.stop();
  await fake.close();
  await tg.fake.close();
  await tg.bot.stop('test over');
  expect((await store.feedback.list()).length).toBe(2);
  expect((await store.questions.list()).length).toBeGreaterThanOrEqual(4);
  return lines.map((line) => JSON.stringify(line));
}

const rawIds = [String(telegramUser.id), discordUser.id];

function expectNoRawIds(text: string): void {
  for (const id of rawIds) expect(text, `raw user id ${id}`).not.toContain(id);
}

describe('no raw user id in the embedded store or the logs', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'privacy-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('after both bots ran through everything', async () => {
    const store = await createStore({ dataDir, logger: pino({ level: 'silent' }) });
    const logs = await exercise(store);
    await store.close();
    expect(logs.length).toBeGreaterThan(10);
    expectNoRawIds(logs.join('\n'));
    expectNoRawIds(readFileSync(path.join(dataDir, STORE_FILE_NAME), 'utf8'));
  });
});

describe.skipIf(skipRedisSuites)('no raw user id in Redis or the logs', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis?.stop());

  it('after both bots ran through everything', async () => {
    const store = await createStore({ keyvUrl: redis.url, commandTimeoutMs: PATIENT_MS, keyPrefix: 'privacy', logger: pino({ level: 'silent' }) });
    const logs = await exercise(store);
    await store.close();
    expectNoRawIds(logs.join('\n'));
    const client = createClient({ url: redis.url });
    await client.connect();
    const dump: string[] = [];
    for (const key of await client.keys('*')) {
      dump.push(key);
      const type = await client.type(key);
      if (type === 'string') dump.push(String(await client.get(key)));
      else if (type === 'hash') dump.push(JSON.stringify(await client.hGetAll(key)));
      else dump.push(`(${type})`);
    }
    await client.close();
    expect(dump.length).toBeGreaterThan(10);
    expectNoRawIds(dump.join('\n'));
  });
});
