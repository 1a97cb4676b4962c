import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Telegraf, TelegramError, type Telegram } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { Statement } from '../../core/index.js';
import { createBotService } from '../../service/index.js';
import { registerSecret, type Logger } from '../../log/index.js';
import { callWithRetry, describeError, sendHtml, telegramErrorCode } from './delivery.js';
import { formatStatement } from './format.js';
import { COMMANDS, registerHandlers, telegramConversation, type TelegramDeps } from './handlers.js';
import { registerFeedback } from './feedback.js';
import { registerInlineMode } from './inline.js';
import { WEBHOOK_SECRET_HEADER } from './limits.js';

/** A running Telegram bot. */
export interface TelegramBot {
  /** The bot's @username, as getMe reported it. */
  username: string;
  /** Webhook mode only: where the update server listens (the real port when 0 was asked for). */
  webhook?: { host: string; port: number; path: string };
  /** Posts a statement into a chat (a subscriber's). A chat that blocked the bot loses its subscriptions. */
  sendStatement(chatId: string, statement: Statement): Promise<void>;
  /** Stops taking updates, waits for the ones being handled, and closes the webhook server. */
  stop(reason?: string): Promise<void>;
}

/** The updates the bot handles; Telegram sends nothing else. */
const ALLOWED_UPDATES = ['message', 'inline_query', 'callback_query'] as const;

/** Webhook bodies larger than this are refused (an update is a few KB). */
const WEBHOOK_BODY_MAX_BYTES = 1_000_000;

/** How long one update may take before telegraf gives up on it (a 429 wait is included). */
const HANDLER_TIMEOUT_MS = 60_000;

/**
 * Starts the Telegram bot: checks the token with getMe, registers the command menu, then takes
 * updates by long polling, or by webhook when `config.telegram.webhookUrl` is set.
 *
 * @example
 * const bot = await startTelegramBot({ config, coverage, store, logger });
 * process.once('SIGTERM', () => void bot.stop('SIGTERM'));
 */
export async function startTelegramBot(deps: TelegramDeps): Promise<TelegramBot> {
  const { config, logger } = deps;
  const { token, apiRoot, webhookUrl, webhookSecret } = config.telegram;
  if (!token) throw new Error('coverage-bot: TELEGRAM_BOT_TOKEN is not set; create a bot with @BotFather and set it');
  registerSecret(token);
  registerSecret(webhookSecret);

  // webhookReply off: every call is a real request whose result (sent message ids) we need.
  const bot = new Telegraf(token, { telegram: { apiRoot, webhookReply: false }, handlerTimeout: HANDLER_TIMEOUT_MS });
  bot.catch((error, ctx) => {
    logger.error({ ...describeError(error), updateId: ctx.update.update_id }, 'telegram: update failed');
  });
  const service = deps.service ?? createBotService(deps);
  registerHandlers(bot, deps, service);
  registerFeedback(bot, deps, service);
  registerInlineMode(bot, deps, service);

  bot.botInfo = await untilReachable(() => callWithRetry(() => bot.telegram.getMe(), logger), logger).catch((error: unknown) => {
    if (telegramErrorCode(error) !== 401) throw error;
    throw new Error('coverage-bot: Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized); copy the token again from @BotFather');
  });
  const username = bot.botInfo.username;
  await callWithRetry(() => bot.telegram.setMyCommands([...COMMANDS]), logger).catch((error: unknown) =>
    logger.warn(describeError(error), 'telegram: could not register the command menu'),
  );

  const sendStatement = (chatId: string, statement: Statement) => postStatement(bot.telegram, deps, chatId, statement);

  if (webhookUrl) {
    const server = await startWebhookServer(bot, deps, new URL(webhookUrl).pathname);
    const address = server.address() as AddressInfo;
    await callWithRetry(
      () => bot.telegram.setWebhook(webhookUrl, { secret_token: webhookSecret, allowed_updates: [...ALLOWED_UPDATES] }),
      logger,
    ).catch(async (error: unknown) => {
      // Telegram refuses e.g. a URL that is not HTTPS on port 443, 80, 88 or 8443: leave nothing listening.
      await closeServer(server);
      throw error;
    });
    logger.info({ bot: username, host: address.address, port: address.port }, 'telegram: bot started (webhook)');
    return {
      username,
      webhook: { host: address.address, port: address.port, path: new URL(webhookUrl).pathname },
      sendStatement,
      stop: async (reason = 'stop') => {
        logger.info({ reason }, 'telegram: stopping');
        await closeServer(server);
      },
    };
  }

  await untilReachable(() => callWithRetry(() => bot.telegram.deleteWebhook(), logger), logger);
  // launch() would resolve only when polling ends and would leave a window where stop() throws;
  // starting the poller directly makes stop() valid as soon as this function returns.
  const poller = bot as unknown as { startPolling(allowed: readonly string[]): Promise<void> };
  const polling = poller.startPolling(ALLOWED_UPDATES).catch((error: unknown) => {
    // 401: the token was revoked; 409: another instance polls with the same token.
    logger.error(describeError(error), 'telegram: polling stopped');
  });
  logger.info({ bot: username }, 'telegram: bot started (long polling)');
  let stopped = false;
  return {
    username,
    sendStatement,
    stop: async (reason = 'stop') => {
      if (!stopped) {
        stopped = true;
        logger.info({ reason }, 'telegram: stopping');
        bot.stop(reason);
      }
      await polling;
    },
  };
}

/** First wait before calling an unreachable Bot API again; it doubles up to the cap. */
const UNREACHABLE_FIRST_WAIT_MS = 1000;
/** Longest wait between two tries: a minute keeps the log quiet and a restored network is used soon. */
const UNREACHABLE_MAX_WAIT_MS = 60_000;

/**
 * Makes a start-up call, waiting and trying again while the Bot API cannot be reached (no
 * network, DNS, a refused connection, or Telegram's own 5xx), with a warning each time instead of
 * a crash. Errors Telegram answers with (401, 404...) are thrown at once.
 */
async function untilReachable<T>(call: () => Promise<T>, logger: Logger): Promise<T> {
  for (let wait = UNREACHABLE_FIRST_WAIT_MS; ; wait = Math.min(wait * 2, UNREACHABLE_MAX_WAIT_MS)) {
    try {
      return await call();
    } catch (error) {
      const code = telegramErrorCode(error);
      if (code !== undefined && code < 500) throw error;
      logger.warn({ ...describeError(error), retryInMs: wait }, 'telegram: the Bot API cannot be reached; trying again');
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/**
 * Posts a statement to a subscribed chat. A chat that blocked or removed the bot loses its
 * subscriptions; a group that became a supergroup (Telegram gives the new id) keeps them under
 * its new id, and gets the statement there.
 */
async function postStatement(telegram: Telegram, deps: TelegramDeps, chatId: string, statement: Statement): Promise<void> {
  const { store, logger } = deps;
  const html = `<b>New statement</b>\n${formatStatement(statement)}`;
  let sent: Awaited<ReturnType<typeof sendHtml>>;
  try {
    sent = await sendHtml(telegram, chatId, html, {}, logger);
  } catch (error) {
    const movedTo = error instanceof TelegramError ? error.parameters?.migrate_to_chat_id : undefined;
    if (movedTo === undefined) throw error;
    const from = telegramConversation(chatId);
    const to = telegramConversation(movedTo);
    for (const subscription of await store.subscriptions.list(from)) await store.subscriptions.add(to, subscription.query);
    await store.subscriptions.remove(from);
    logger.info({ chatId, movedTo }, 'telegram: group became a supergroup; its subscriptions moved');
    sent = await sendHtml(telegram, to.id, html, {}, logger);
  }
  if (sent.length === 0) {
    const removed = await store.subscriptions.remove(telegramConversation(chatId));
    logger.info({ chatId, removed }, 'telegram: chat no longer reachable, its subscriptions were removed');
  }
}

/**
 * The webhook's HTTP server. Every request must carry the secret token Telegram was given with
 * setWebhook: one without it gets 401 and is ignored, before anything else is looked at.
 */
async function startWebhookServer(bot: Telegraf, deps: TelegramDeps, path: string): Promise<Server> {
  const { config, logger } = deps;
  const secret = Buffer.from(config.telegram.webhookSecret ?? '');
  const server = createServer((req, res) => {
    const given = Buffer.from(String(req.headers[WEBHOOK_SECRET_HEADER] ?? ''));
    if (secret.length === 0 || given.length !== secret.length || !timingSafeEqual(given, secret)) {
      logger.warn({ url: req.url }, 'telegram: webhook request without the right secret token, ignored');
      res.writeHead(401).end();
      req.resume();
      return;
    }
    if (req.method !== 'POST' || req.url !== path) {
      res.writeHead(404).end();
      req.resume();
      return;
    }
    readUpdate(req)
      .then(async (update) => {
        if (!update) return void res.writeHead(400).end();
        await bot.handleUpdate(update);
        res.writeHead(200).end();
      })
      .catch((error: unknown) => {
        logger.error(describeError(error), 'telegram: webhook update failed');
        if (!res.headersSent) res.writeHead(500).end();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.telegram.webhookPort, config.telegram.webhookHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

/** The update in a webhook request's body, or undefined when it is too big or not JSON. */
async function readUpdate(req: IncomingMessage): Promise<Update | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > WEBHOOK_BODY_MAX_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    const update = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    return update && typeof update === 'object' && 'update_id' in update ? (update as Update) : undefined;
  } catch {
    return undefined;
  }
}

/** Stops accepting connections and resolves once the requests being handled are answered. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
