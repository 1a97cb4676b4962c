import { once } from 'node:events';
import { Client, DiscordAPIError, Events, GatewayIntentBits, Partials, Routes, RESTEvents, type Interaction, type Message } from 'discord.js';
import type { Statement } from '../../core/index.js';
import { registerSecret } from '../../log/index.js';
import { currentFooter, withService, type DiscordDeps } from './answering.js';
import { formatStatementEmbed } from './format.js';
import { handleInteraction } from './interactions.js';
import { handleMessage } from './messages.js';
import { restApiBase } from './rest.js';
import { describeDiscordError, isUnknownInteraction, NO_PINGS, privateNotice, publicNotice } from './respond.js';

/** A running Discord bot. */
export interface DiscordBot {
  /** The bot user's id (known once connected). */
  readonly userId: string;
  /**
   * Posts a statement (quoted, attributed, cited) to a channel, e.g. for a subscription. Rejects
   * when Discord refuses (unknown channel, missing permissions): the caller decides what to do.
   */
  sendStatement(channelId: string, statement: Statement): Promise<void>;
  /** Stops taking events, lets handlers in flight finish (up to `drainMs`), and disconnects. */
  stop(): Promise<void>;
}

/** How long stop() waits for handlers in flight before disconnecting. */
const STOP_DRAIN_MS = 5000;

/**
 * Gateway intents, the fewest that work: Guilds (servers and channels, for interactions there),
 * GuildMessages (to see messages that mention the bot) and DirectMessages. Not the privileged
 * MessageContent: Discord delivers the content of messages that mention the bot and of DMs
 * without it, and those are the only messages the bot reads.
 */
export const GATEWAY_INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];

/**
 * Logs in and resolves once the gateway is ready. Does not register slash commands (that is
 * `npm run deploy-commands`). Under discord.js's ShardingManager (`npm run shards`, shards.ts),
 * the shard id and count come from the environment the manager sets, so the same entry point
 * runs as one shard.
 */
export async function startDiscordBot(given: DiscordDeps): Promise<DiscordBot> {
  const deps = withService(given);
  const { token } = deps.config.discord;
  if (!token) throw new Error('coverage-bot: DISCORD_TOKEN is not set; the Discord bot cannot start.');
  registerSecret(token);
  const logger = deps.logger.child({ adapter: 'discord' });
  const api = restApiBase(deps.config.discord.apiUrl);
  const client = new Client({
    intents: GATEWAY_INTENTS,
    // DM channels are not cached before their first message; without this, DMs are dropped.
    partials: [Partials.Channel],
    allowedMentions: NO_PINGS,
    rest: api ? { api } : {},
  });

  let accepting = true;
  const inFlight = new Set<Promise<void>>();
  function track(work: Promise<void>): void {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  }

  client.on(Events.Error, (error) => logger.error(describeDiscordError(error), 'discord client error'));
  client.on(Events.ShardError, (error, shardId) => logger.warn({ shardId, ...describeDiscordError(error) }, 'discord gateway error'));
  client.on(Events.Warn, (message) => logger.warn({ message }, 'discord warning'));
  client.on(Events.Debug, (message) => logger.trace({ message }, 'discord debug'));
  client.rest.on(RESTEvents.RateLimited, (info) =>
    logger.warn({ route: info.route, retryAfterMs: info.retryAfter, global: info.global }, 'rate limited by Discord; waiting'),
  );
  // An unexpected 429 (one the bucket headers did not predict) is only reported as a debug line.
  client.rest.on(RESTEvents.Debug, (message) => {
    if (!message.includes('unexpected 429')) return;
    const route = /Bucket\s*:\s*(\S+)/.exec(message)?.[1];
    const retryAfterMs = Number(/Retry After\s*:\s*(\d+)/.exec(message)?.[1] ?? NaN);
    logger.warn({ route, retryAfterMs }, 'rate limited by Discord; waiting');
  });

  client.on(Events.InteractionCreate, (interaction) => {
    if (accepting) track(onInteraction(interaction));
  });
  client.on(Events.MessageCreate, (message) => {
    if (accepting && client.user) track(onMessage(message, client.user.id));
  });

  async function onInteraction(interaction: Interaction): Promise<void> {
    try {
      await handleInteraction(deps, interaction);
    } catch (error) {
      logger.warn({ interaction: interaction.type, ...describeDiscordError(error) }, 'could not answer an interaction');
      if (isUnknownInteraction(error) || !interaction.isRepliable()) return;
      try {
        const notice = privateNotice('Sorry, something went wrong while answering. Please try again.');
        // A public "thinking…" placeholder that will never be filled is removed; the apology is private.
        if (interaction.deferred && !interaction.replied && !interaction.ephemeral) await interaction.deleteReply();
        if (interaction.deferred || interaction.replied) await interaction.followUp(notice);
        else await interaction.reply(notice);
      } catch (second) {
        logger.warn(describeDiscordError(second), 'could not tell the user an interaction failed');
      }
    }
  }

  async function onMessage(message: Message, botUserId: string): Promise<void> {
    try {
      await handleMessage(deps, message, botUserId);
    } catch (error) {
      // Typically 50013 Missing Permissions: the bot may read the channel but not reply in it.
      logger.warn({ channelId: message.channelId, ...describeDiscordError(error) }, 'could not answer a message');
      // Discord refused to take a message; another attempt would be refused too.
      if (error instanceof DiscordAPIError) return;
      try {
        await message.reply(publicNotice('Sorry, something went wrong while answering. Please try again.'));
      } catch (second) {
        logger.warn(describeDiscordError(second), 'could not tell the user a message failed');
      }
    }
  }

  const ready = once(client, Events.ClientReady);
  try {
    await Promise.all([client.login(token), ready]);
  } catch (error) {
    await client.destroy();
    throw new Error(`coverage-bot: could not connect to Discord: ${(error as Error).message}`);
  }
  const userId = client.user!.id;
  if (process.env.SHARDING_MANAGER && process.send) {
    // A shard whose ShardingManager is gone (its IPC channel closed) stops as on SIGTERM rather
    // than live on as a process nobody manages.
    process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  }
  logger.info({ userId, guilds: client.guilds.cache.size, shards: client.ws.shards.size }, 'discord bot ready');

  let stopping: Promise<void> | undefined;
  return {
    userId,
    async sendStatement(channelId, statement) {
      // Straight through REST: works from any shard, whether or not the channel is cached here.
      await client.rest.post(Routes.channelMessages(channelId), {
        body: { embeds: [formatStatementEmbed(statement, currentFooter(deps))], allowed_mentions: { parse: [] } },
      });
    },
    stop() {
      stopping ??= (async () => {
        accepting = false;
        await Promise.race([Promise.allSettled([...inFlight]), new Promise((resolve) => setTimeout(resolve, STOP_DRAIN_MS).unref())]);
        await client.destroy();
        logger.info('discord bot stopped');
      })();
      return stopping;
    },
  };
}
