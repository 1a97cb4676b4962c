import path from 'node:path';
import { pino } from 'pino';
import { startDiscordBot, type DiscordBot } from '../../src/adapters/discord/index.js';
import { loadConfig, loadCoreConfig, projectRoot } from '../../src/config/index.js';
import { loadCoverage, type Coverage } from '../../src/core/index.js';
import { createMemoryStore, type BotStore } from '../../src/store/index.js';
import { startFakeDiscord, type FakeDiscord } from './fake-discord.js';

/** The Discord bot over the seed coverage, in this process, against a fake Discord on 127.0.0.1. */
export interface SeedsDiscordBot {
  fake: FakeDiscord;
  bot: DiscordBot;
  store: BotStore;
  coverage: Coverage;
  /** Stops the bot, then closes its store and the fake. */
  stop(): Promise<void>;
}

/**
 * Starts the set-up most Discord tests share: a fresh fake Discord, the seeds' coverage, a memory
 * store whose rate limit (1,000 a minute) no test reaches unless it means to, logs silent unless
 * TEST_LOG_LEVEL is set.
 */
export async function startSeedsDiscordBot(): Promise<SeedsDiscordBot> {
  const fake = await startFakeDiscord();
  const coverage = await loadCoverage(path.join(projectRoot, 'seeds'), { config: loadCoreConfig() });
  const store = createMemoryStore({ rateLimitPerMinute: 1000 });
  const config = loadConfig({ DISCORD_TOKEN: fake.token, DISCORD_APP_ID: fake.appId, DISCORD_API_URL: fake.apiUrl });
  const bot = await startDiscordBot({ config, coverage: { current: () => coverage }, store, logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }) });
  return {
    fake,
    bot,
    store,
    coverage,
    async stop() {
      await bot.stop();
      await store.close();
      await fake.close();
    },
  };
}
