/**
 * Two Telegram bot instances in webhook mode behind one load balancer, sharing one Redis: a user's
 * rate limit, a chat's follow-up context and subscriptions hold whichever instance gets the update,
 * /forget on one deletes what the other stored, and the bot keeps answering while Redis is gone and
 * uses state again once it is back.
 */
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Message, Update } from 'telegraf/types';
import { startTelegramBot, type TelegramBot } from '../../../src/adapters/telegram/index.js';
import { formatAnswer } from '../../../src/adapters/telegram/format.js';
import { loadConfig, loadCoreConfig, projectRoot } from '../../../src/config/index.js';
import { loadCoverage, type Coverage } from '../../../src/core/index.js';
import { createStore, type BotStore } from '../../../src/store/index.js';
import { privateChat, startFakeTelegram, type FakeTelegram } from '../../support/fake-telegram.js';
import { skipRedisSuites, startRedis, type RedisServer } from '../../support/redis.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();

const SHOYGU = 'Who did Shoygu meet?';
const FOLLOW_UP = 'Where did they meet?';
const SECRET = 'shared-webhook-secret';
const RATE_LIMIT = 4;

interface Instance {
  bot: TelegramBot;
  store: BotStore;
}

let fake: FakeTelegram;
let coverage: Coverage;
let redis: RedisServer;
const instances: Instance[] = [];

async function startInstance(): Promise<Instance> {
  // A generous command timeout: on a loaded machine a slow reply would fail open (no rate limit, no
  // context) and fail these tests. While Redis is down commands fail at once, whatever the timeout.
  const store = await createStore({ keyvUrl: redis.url, rateLimitPerMinute: RATE_LIMIT, commandTimeoutMs: 3000 });
  const loaded = loadConfig({
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    TELEGRAM_WEBHOOK_URL: 'https://bot.example.com/telegram',
    TELEGRAM_WEBHOOK_SECRET: SECRET,
  });
  const config = { ...loaded, telegram: { ...loaded.telegram, webhookHost: '127.0.0.1', webhookPort: 0 } };
  const bot = await startTelegramBot({ config, coverage: { current: () => coverage }, store, logger: pino({ level: 'silent' }) });
  return { bot, store };
}

/** Delivers an update to one instance as Telegram would, and returns the bot's reply to it. */
async function deliver(instance: Instance, update: Update.MessageUpdate): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${instance.bot.webhook!.port}/telegram`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
    body: JSON.stringify(update),
  });
  expect(response.status).toBe(200);
  // The webhook answers once the update is handled: the reply has been sent by then.
  const reply = fake.calls('sendMessage').findLast((c) => c.params.reply_parameters?.message_id === update.message.message_id);
  expect(reply?.error).toBeUndefined();
  return String(reply?.params.text);
}

function message(chatId: number, text: string, replyTo?: Message): Update.MessageUpdate {
  return fake.userMessage({ text, chat: privateChat({ id: chatId, is_bot: false, first_name: 'User' }), replyTo, queue: false });
}

/** The bot's answer message to `update`, as Telegram returned it (for a reply to it). */
function answerTo(update: Update.MessageUpdate): Message.TextMessage {
  return fake.calls('sendMessage').findLast((c) => c.params.reply_parameters?.message_id === update.message.message_id)!.result as Message.TextMessage;
}

const followUpText = (withContext: boolean) => formatAnswer(coverage.ask(FOLLOW_UP, withContext ? { previous: SHOYGU } : {}));

describe.skipIf(skipRedisSuites)('two Telegram instances on one Redis', () => {
  beforeAll(async () => {
    fake = await startFakeTelegram();
    coverage = await loadCoverage(path.join(projectRoot, 'seeds'), { config: coreConfig });
    redis = await startRedis();
    instances.push(await startInstance(), await startInstance());
  });

  afterAll(async () => {
    for (const { bot, store } of instances) {
      await bot.stop('test over');
      await store.close();
    }
    await redis?.stop();
    await fake?.close();
  });

  test('the follow-up check can tell context from none', () => {
    expect(followUpText(true)).not.toBe(followUpText(false));
  });

  test('share a chat’s follow-up context, and /forget on one deletes what the other stored', async () => {
    const [a, b] = instances as [Instance, Instance];
    const question = message(5001, SHOYGU);
    expect(await deliver(a, question)).toMatch(/Memis/);
    expect(await deliver(b, message(5001, FOLLOW_UP, answerTo(question)))).toBe(followUpText(true));

    // The answer to the question and the answer to the follow-up.
    expect(await deliver(b, message(5001, '/forget'))).toMatch(/deleted 2 stored questions/);
    expect(await deliver(a, message(5001, FOLLOW_UP, answerTo(question)))).toBe(followUpText(false));
  });

  test('share a user’s rate limit', async () => {
    const [a, b] = instances as [Instance, Instance];
    for (let i = 0; i < RATE_LIMIT; i += 1) expect(await deliver(i % 2 === 0 ? a : b, message(5002, SHOYGU))).toMatch(/Memis/);
    // Each instance has seen only half of them: the limit is the shared one.
    expect(await deliver(a, message(5002, SHOYGU))).toMatch(/slow down and try again in \d+ s/);
  });

  test('share a chat’s subscriptions', async () => {
    const [a, b] = instances as [Instance, Instance];
    expect(await deliver(a, message(5003, '/subscribe Peskov'))).toContain('now follows “Peskov”');
    expect(await deliver(b, message(5003, '/subscriptions'))).toContain('1. Peskov');
    expect(await deliver(b, message(5003, '/unsubscribe'))).toContain('no longer follows');
    expect(await deliver(a, message(5003, '/subscriptions'))).toContain('follows nothing');
  });

  test('keep answering while Redis is gone, and use follow-up context again once it is back', async () => {
    const [a, b] = instances as [Instance, Instance];
    await redis.kill();
    const during = message(5004, SHOYGU);
    expect(await deliver(a, during)).toMatch(/Memis/);
    // The context of an answer given while Redis was down could not be kept: a plain answer.
    expect(await deliver(b, message(5004, FOLLOW_UP, answerTo(during)))).toBe(followUpText(false));

    await redis.restart();
    // The stores reconnect in the background; ask until an answer's context is kept again.
    for (let attempt = 0; ; attempt += 1) {
      const after = message(5005 + attempt, SHOYGU);
      await deliver(a, after);
      if ((await deliver(b, message(5005 + attempt, FOLLOW_UP, answerTo(after)))) === followUpText(true)) break;
      if (attempt === 20) throw new Error('follow-up context was not used again after Redis came back');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });
});
