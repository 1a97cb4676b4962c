/**
 * `npm run shards`: the bot under discord.js's ShardingManager, for deployments past one gateway
 * connection (Discord requires sharding from 2,500 servers; more shards also spread the load over
 * cores). Each shard is the ordinary entry point (main) in its own process; the manager gives it
 * its shard id and count in the environment, which discord.js's Client reads. State is shared
 * through KEYV_URL (Redis), so rate limits, follow-ups and "post once" work across shards; more
 * than one shard without KEYV_URL is refused.
 *
 *   node dist/adapters/discord/shards.js [--shards auto|N] [--delay MS]
 *
 * `--shards auto` (the default) asks Discord (GET /gateway/bot, through DISCORD_API_URL when set)
 * how many shards to run. `--delay` is the pause between starting shards (default 5500 ms: Discord
 * lets a bot identify once per 5 s unless its max_concurrency is higher).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { REST, Routes, ShardingManager, type Shard } from 'discord.js';
import { ConfigError, loadConfig } from '../../config/index.js';
import { createLogger, redactSecrets, registerSecret, type Logger } from '../../log/index.js';
import { restApiBase } from './rest.js';

/** How long one shard may take from spawn to ready (loading a large coverage included). */
const SHARD_READY_TIMEOUT_MS = 120_000;
const DEFAULT_SPAWN_DELAY_MS = 5500;

/** The shard count Discord recommends for this bot. */
async function recommendedShards(token: string, apiUrl: string | undefined): Promise<number> {
  const api = restApiBase(apiUrl);
  const rest = new REST(api ? { api } : {}).setToken(token);
  const gateway = (await rest.get(Routes.gatewayBot())) as { shards: number };
  return gateway.shards;
}

function parseCount(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`coverage-bot: --${name} must be a whole number (got "${value}")`);
  return n;
}

/** Stops every shard like SIGTERM stops the bot (graceful), waiting for their processes to exit. */
async function stopShards(shards: Iterable<Shard>): Promise<void> {
  await Promise.all(
    [...shards].map((shard) => {
      const child = shard.process;
      if (!child || child.exitCode !== null || child.signalCode !== null) return undefined;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      // Shard.kill() removes the respawn listener first, then sends SIGTERM.
      shard.kill();
      return exited;
    }),
  );
}

async function run(logger: Logger): Promise<void> {
  const { values } = parseArgs({ options: { shards: { type: 'string', default: 'auto' }, delay: { type: 'string' } } });
  const config = loadConfig();
  const { token, apiUrl } = config.discord;
  if (!token) throw new Error('coverage-bot: DISCORD_TOKEN is not set; there is nothing to shard.');
  registerSecret(token);
  if (config.telegram.token) {
    // Every shard would start its own Telegram bot, and Telegram allows one poller per token.
    logger.warn('TELEGRAM_BOT_TOKEN is ignored by the shard launcher: run the Telegram bot as its own process (npm start without DISCORD_TOKEN)');
    delete process.env.TELEGRAM_BOT_TOKEN;
  }
  const totalShards = values.shards === 'auto' ? await recommendedShards(token, apiUrl) : parseCount(values.shards, 'shards');
  if (totalShards < 1) throw new Error('coverage-bot: --shards must be at least 1');
  if (totalShards > 1 && !config.keyvUrl) {
    // The embedded store is one process's file: shards would overwrite each other's state.
    throw new Error(`coverage-bot: ${totalShards} shards must share their state: set KEYV_URL to a Redis (redis://host:6379).`);
  }
  const delay = values.delay === undefined ? DEFAULT_SPAWN_DELAY_MS : parseCount(values.delay, 'delay');

  const here = fileURLToPath(import.meta.url);
  const entry = path.join(path.dirname(here), '..', '..', `main${path.extname(here)}`);
  // The shards run with this process's Node flags (under tsx in development, plain node from dist).
  const manager = new ShardingManager(entry, { token, totalShards, respawn: true, execArgv: process.execArgv });
  manager.on('shardCreate', (shard) => {
    logger.info({ shard: shard.id, of: totalShards }, 'starting shard');
    shard.on('death', (child) => logger.warn({ shard: shard.id, exitCode: 'exitCode' in child ? child.exitCode : undefined }, 'shard exited'));
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping the shards');
    await stopShards(manager.shards.values());
    logger.info('all shards stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    await manager.spawn({ amount: totalShards, delay, timeout: SHARD_READY_TIMEOUT_MS });
  } catch (error) {
    stopping = true;
    await stopShards(manager.shards.values());
    throw error;
  }
  logger.info({ shards: totalShards }, 'all shards ready');
}

const logger = createLogger(process.env.LOG_LEVEL ?? 'info');
try {
  await run(logger);
} catch (error) {
  const message = error instanceof ConfigError ? `coverage-bot: ${error.message}\nSee .env.example for every variable and its format.` : (error as Error).message;
  process.stderr.write(`${redactSecrets(message)}\n`);
  process.exit(1);
}
