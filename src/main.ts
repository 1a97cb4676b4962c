#!/usr/bin/env node
/**
 * `npm start`: with no bot token, the terminal chat over the coverage; with a Telegram and/or
 * Discord token, the bots, sharing one live coverage and one store.
 */
import { mkdirSync } from 'node:fs';
import { ConfigError, loadConfig, loadCoreConfig, servedCorpusFolders, type Config } from './config/index.js';
import { createLogger, registerSecret, type Logger } from './log/index.js';
import { watchCoverage } from './core/live/index.js';
import { createCoverageLoader } from './core/snapshot/index.js';
import { createStore } from './store/index.js';
import { createBotService } from './service/index.js';
import { followCorpusFolder, openArchiveCoverage, type FolderFollower } from './archive/index.js';
import { freshStatements, notifySubscribers, type StatementSink } from './notify/index.js';
import { startTelegramBot } from './adapters/telegram/index.js';
import { startDiscordBot } from './adapters/discord/index.js';
import { runCli } from './adapters/cli/program.js';

async function main(): Promise<number> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`coverage-bot: ${error.message}\nSee .env.example for every variable and its format.\n`);
      return 2;
    }
    throw error;
  }
  if (!config.telegram.token && !config.discord.token) {
    return runCli(['chat']);
  }
  const logger = createLogger(config.logLevel);
  registerSecret(config.telegram.token);
  registerSecret(config.discord.token);
  try {
    await runBots(config, logger);
  } catch (error) {
    // A start-up failure (a rejected token, a corpus folder that cannot be read) is one clear log line, not a stack trace.
    logger.fatal({ err: (error as Error).message }, 'could not start');
    return 1;
  }
  return 0;
}

async function runBots(config: Config, logger: Logger): Promise<void> {
  // Start-up and reloads go through the index snapshot in DATA_DIR/index.
  // Rebuilds run in a worker thread, so the bots keep answering from the old coverage meanwhile.
  // The core's configuration (outlets, spellings, people, speech words), read once.
  const coreConfig = loadCoreConfig(config.configDir);
  const load = createCoverageLoader({ config: coreConfig, dataDir: config.dataDir, maxFileBytes: config.maxFileBytes, log: logger, worker: true });
  // With ARCHIVE_URL, PostgreSQL is the coverage's source of truth, shared by every instance.
  const coverage = config.archive
    ? await openArchiveCoverage({ ...config.archive, config: coreConfig, log: logger })
    : await watchCoverage(servedCorpusFolders(config), {
        load,
        onError: (error) => logger.error({ err: error.message }, 'could not rebuild the coverage; still serving the previous version'),
      });
  // With an archive, the instance's own corpus folder (CORPUS_DIR, else DATA_DIR/corpus; never the
  // samples) is followed into it: its new and changed articles are stored there, and every
  // instance, this one too, hears them through the archive.
  let follower: FolderFollower | undefined;
  if (config.archive) {
    try {
      mkdirSync(config.corpusDir, { recursive: true });
      follower = await followCorpusFolder({ url: config.archive.url, dir: config.corpusDir, config: coreConfig, maxFileBytes: config.maxFileBytes, log: logger });
    } catch (error) {
      logger.warn({ dir: config.corpusDir, err: (error as Error).message }, 'not following the corpus folder into the archive');
    }
  }
  const summary = coverage.current().summary();
  logger.info({ articles: summary.articles, passages: summary.passages, version: coverage.current().version }, 'coverage loaded');
  for (const skipped of coverage.current().corpus.skipped) logger.warn(skipped, 'skipped a file of the coverage folder');

  const store = await createStore({
    keyvUrl: config.keyvUrl,
    dataDir: config.dataDir,
    contextTtlMs: config.contextTtlMs,
    rateLimitPerMinute: config.rateLimitPerMinute,
    feedbackRetentionMs: config.feedbackRetentionDays * 24 * 60 * 60_000,
    logger,
  });
  // One service for both bots: the shared policies, ratings and the question log live there.
  const service = createBotService({ config, coverage, store, logger });
  const deps = { config, coverage, store, logger, service };
  const sinks: StatementSink[] = [];
  const stops: Array<() => Promise<void>> = [];
  if (config.telegram.token) {
    const bot = await startTelegramBot(deps);
    sinks.push({ platform: 'telegram', send: (id, statement) => bot.sendStatement(id, statement) });
    stops.push(() => bot.stop('shutdown'));
    logger.info('telegram bot running');
  }
  if (config.discord.token) {
    const bot = await startDiscordBot(deps);
    sinks.push({ platform: 'discord', send: (id, statement) => bot.sendStatement(id, statement) });
    stops.push(() => bot.stop());
    logger.info('discord bot running');
  }

  coverage.onChange((next, previous) => {
    const summary = next.summary();
    logger.info({ articles: summary.articles, version: next.version }, 'coverage changed');
    const fresh = freshStatements(next, previous);
    notifySubscribers({ store, coverage: next, fresh, sinks, logger })
      .then((sent) => sent > 0 && logger.info({ sent }, 'posted new statements to subscribers'))
      .catch((error: Error) => logger.error({ err: error.message }, 'could not notify subscribers'));
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    coverage.close();
    follower?.close();
    await Promise.allSettled([...stops.map((stop) => stop()), load.saved()]);
    await store.close().catch(() => undefined);
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('unhandledRejection', (reason) => logger.error({ err: String(reason) }, 'unhandled rejection'));
}

process.exitCode = await main();
