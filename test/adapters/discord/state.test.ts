/**
 * The Discord bot's state in the real stores: follow-up context survives a restart on the
 * embedded file store, and the bot keeps answering while Redis is gone, using state again once
 * Redis is back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startDiscordBot, type DiscordBot } from '../../../src/adapters/discord/index.js';
import { coverageFooter, formatAnswerEmbed } from '../../../src/adapters/discord/format.js';
import { loadConfig, loadCoreConfig, projectRoot } from '../../../src/config/index.js';
import { loadCoverage, type Coverage } from '../../../src/core/index.js';
import { createStore, type BotStore } from '../../../src/store/index.js';
import { startFakeDiscord, type FakeDiscord, type RecordedRequest } from '../../support/fake-discord.js';
import { skipRedisSuites, startRedis, type RedisServer } from '../../support/redis.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();

const SHOYGU = 'Who did Shoygu meet?';
const FOLLOW_UP = 'Where did they meet?';

let fake: FakeDiscord;
let coverage: Coverage;

beforeAll(async () => {
  fake = await startFakeDiscord();
  coverage = await loadCoverage(path.join(projectRoot, 'seeds'), { config: coreConfig });
});

afterAll(async () => {
  await fake?.close();
});

async function startBot(store: BotStore): Promise<DiscordBot> {
  const config = loadConfig({ DISCORD_TOKEN: fake.token, DISCORD_APP_ID: fake.appId, DISCORD_API_URL: fake.apiUrl });
  return startDiscordBot({ config, coverage: { current: () => coverage }, store, logger: pino({ level: 'silent' }) });
}

function replyTo(message: { id: string; channel_id: string }): Promise<RecordedRequest> {
  return fake.waitForRequest((r) => r.status === 200 && r.body?.message_reference?.message_id === message.id);
}

/** Asks by mention and returns the bot's answer message as the fake stored it. */
async function askByMention(): Promise<any> {
  const reply = await replyTo(fake.message(`<@${fake.bot.id}> ${SHOYGU}`, { mentionBot: true }));
  return [...fake.messages.values()].find((m) => m.embeds?.[0]?.description === reply.body.embeds[0].description && m.message_reference?.message_id === reply.body.message_reference.message_id);
}

/** The answer description a follow-up gets with (or without) the first question as context. */
function followUpDescription(withContext: boolean): string {
  const answer = coverage.ask(FOLLOW_UP, withContext ? { previous: SHOYGU } : {});
  return formatAnswerEmbed(answer, { footer: coverageFooter(coverage.summary()) }).description!;
}

test('the follow-up check can tell context from none', () => {
  expect(followUpDescription(true)).not.toBe(followUpDescription(false));
});

test('follow-up context survives a restart of the bot on the embedded file store', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'discord-state-'));
  try {
    const firstStore = await createStore({ dataDir });
    const first = await startBot(firstStore);
    const answer = await askByMention();
    await first.stop();
    await firstStore.close();

    const secondStore = await createStore({ dataDir });
    const second = await startBot(secondStore);
    const reply = await replyTo(fake.message(FOLLOW_UP, { replyTo: answer }));
    expect(reply.body.embeds[0].description).toBe(followUpDescription(true));
    await second.stop();
    await secondStore.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

describe.skipIf(skipRedisSuites)('with Redis', () => {
  let redis: RedisServer;
  let store: BotStore;
  let bot: DiscordBot;

  beforeAll(async () => {
    redis = await startRedis();
    store = await createStore({ keyvUrl: redis.url, commandTimeoutMs: 200 });
    bot = await startBot(store);
  });

  afterAll(async () => {
    await bot?.stop();
    await store?.close();
    await redis?.stop();
  });

  test('keeps answering while Redis is gone, and uses follow-up context again once it is back', async () => {
    const before = await askByMention();
    expect((await replyTo(fake.message(FOLLOW_UP, { replyTo: before }))).body.embeds[0].description).toBe(followUpDescription(true));

    await redis.kill();
    const during = await askByMention();
    expect(during.embeds[0].description).toContain('Memis');
    // The context of an answer given while Redis was down could not be kept: a plain answer.
    expect((await replyTo(fake.message(FOLLOW_UP, { replyTo: during }))).body.embeds[0].description).toBe(followUpDescription(false));

    await redis.restart();
    // The store reconnects in the background; ask until an answer's context is kept again.
    for (let attempt = 0; ; attempt += 1) {
      const after = await askByMention();
      const reply = await replyTo(fake.message(FOLLOW_UP, { replyTo: after }));
      if (reply.body.embeds[0].description === followUpDescription(true)) break;
      if (attempt === 20) throw new Error('follow-up context was not used again after Redis came back');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });
});
