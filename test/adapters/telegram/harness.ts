/** Starts the real Telegram bot against the fake Bot API, with a memory store and a chosen coverage. */
import path from 'node:path';
import { pino } from 'pino';
import { startTelegramBot, type TelegramBot } from '../../../src/adapters/telegram/index.js';
import { type Config, loadConfig, loadCoreConfig, projectRoot } from '../../../src/config/index.js';
import { buildCoverage, loadCoverage, type Article, type Coverage, type CoverageSource } from '../../../src/core/index.js';
import type { Logger } from '../../../src/log/index.js';
import { createMemoryStore, type BotStore } from '../../../src/store/index.js';
import { startFakeTelegram, type FakeTelegram } from '../../support/fake-telegram.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();

export interface Harness {
  fake: FakeTelegram;
  bot: TelegramBot;
  store: BotStore;
  config: Config;
  /** Every log line the bot wrote, parsed. */
  logs: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

let seeds: Promise<Coverage> | undefined;

/** The project's seed coverage, loaded once per test file. */
export function seedCoverage(): Promise<Coverage> {
  seeds ??= loadCoverage(path.join(projectRoot, 'seeds'), { config: coreConfig });
  return seeds;
}

/** A logger that keeps its lines in memory, for assertions. */
export function memoryLogger(lines: Array<Record<string, unknown>>): Logger {
  return pino({ level: 'debug', base: undefined }, { write: (line: string) => void lines.push(JSON.parse(line)) });
}

export async function startHarness(
  options: {
    coverage?: Coverage;
    /** Where the bot reads the coverage from, when a test changes it while the bot runs. */
    source?: CoverageSource;
    env?: Record<string, string>;
    config?: (config: Config) => Config;
    store?: BotStore;
    logger?: Logger;
  } = {},
): Promise<Harness> {
  const fake = await startFakeTelegram();
  const loaded = loadConfig({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, ...options.env });
  const config = options.config ? options.config(loaded) : loaded;
  const store = options.store ?? createMemoryStore({ rateLimitPerMinute: 1000 });
  const coverage = options.coverage ?? (await seedCoverage());
  const logs: Array<Record<string, unknown>> = [];
  const bot = await startTelegramBot({ config, coverage: options.source ?? { current: () => coverage }, store, logger: options.logger ?? memoryLogger(logs) });
  return {
    fake,
    bot,
    store,
    config,
    logs,
    async close() {
      await bot.stop('test over');
      await fake.close();
      await store.close();
    },
  };
}

/** A hand-made article, for coverages built in a test. */
export function article(id: string, fields: Partial<Article> & { title: string; body: string }): Article {
  const passages = fields.body.split(/(?<=[.!?])\s+/).map((text, index) => {
    const start = fields.body.indexOf(text);
    return { id: `${id}#${index}`, articleId: id, index, paragraph: 0, text, start, end: start + text.length };
  });
  return {
    id,
    outlet: 'Test Outlet',
    subtitle: null,
    author: null,
    published: '2025-05-01',
    url: `https://news.example.com/${id}`,
    file: `/corpus/${id}.txt`,
    passages,
    ...fields,
  };
}

/** A coverage of hand-made articles, built by the real core. */
export function handMadeCoverage(articles: Article[]): Coverage {
  return buildCoverage({ dir: '/corpus', articles, skipped: [] }, { config: coreConfig });
}
