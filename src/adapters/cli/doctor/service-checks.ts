import { randomBytes } from 'node:crypto';
import { createClient } from '@keyv/redis';
import { DiscordAPIError, REST, Routes, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { Telegram, TelegramError } from 'telegraf';
import type { Config } from '../../../config/index.js';
import { commandDefinitions } from '../../discord/index.js';
import { restApiBase } from '../../discord/rest.js';
import { fail, NETWORK_TIMEOUT_MS, pass, skip, type CheckResult } from './types.js';

/** Checks of the services the bots talk to, each only when configured, each with a short timeout. */

/** The Redis of KEYV_URL answers, and takes a write (a key that expires at once, then deleted). */
export async function checkRedis(config: Config, timeoutMs = NETWORK_TIMEOUT_MS): Promise<CheckResult> {
  const title = 'Redis';
  if (!config.keyvUrl) return skip('redis', title, 'not configured (KEYV_URL empty: the embedded store in DATA_DIR is used)');
  const where = redisAddress(config.keyvUrl);
  const fix = `start Redis at ${where}, or correct KEYV_URL (redis://[user:password@]host[:port][/db])`;
  const client = createClient({
    url: config.keyvUrl,
    disableOfflineQueue: true,
    commandOptions: { timeout: timeoutMs },
    socket: { connectTimeout: timeoutMs, reconnectStrategy: false },
  });
  // node-redis reports connection failures here as well as by rejecting; the rejection is what counts.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    return fail('redis', title, `${where} is not reachable (${redisReason(error)})`, fix);
  }
  try {
    const key = `coverage-bot:doctor:${randomBytes(6).toString('hex')}`;
    await client.set(key, 'ok', { PX: 60_000 });
    const read = await client.get(key);
    await client.del(key);
    if (read !== 'ok') return fail('redis', title, `${where} did not keep a value written to it`, 'check that KEYV_URL names a Redis server, not a proxy or another service');
    return pass('redis', title, `${where} reachable and writable`);
  } catch (error) {
    return fail('redis', title, `${where} is reachable but does not take writes (${redisReason(error)})`, 'use a Redis primary (not a read-only replica) with memory to spare, and the right password in KEYV_URL');
  } finally {
    await client.quit().catch(() => client.disconnect().catch(() => undefined));
  }
}

/** host:port of a Redis URL, never its password. */
function redisAddress(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 6379}`;
  } catch {
    return 'KEYV_URL';
  }
}

function redisReason(error: unknown): string {
  const e = error as NodeJS.ErrnoException & { errors?: NodeJS.ErrnoException[] };
  const code = e.code ?? e.errors?.[0]?.code;
  if (code) return code;
  const message = (e.message ?? String(error)).split('\n')[0]!;
  if (/timeout/i.test(message)) return `no answer within ${NETWORK_TIMEOUT_MS / 1000} s`;
  return message.slice(0, 160);
}

/** The Telegram token is accepted (getMe), and the webhook is where the configuration says (getWebhookInfo). */
export async function checkTelegram(config: Config, timeoutMs = NETWORK_TIMEOUT_MS): Promise<CheckResult[]> {
  const { token, apiRoot, webhookUrl } = config.telegram;
  if (!token) return [skip('telegram', 'Telegram', 'not configured (TELEGRAM_BOT_TOKEN empty)')];
  const telegram = new Telegram(token, { apiRoot });
  const root = apiRoot ?? 'https://api.telegram.org';
  const call = <T>(method: 'getMe' | 'getWebhookInfo'): Promise<T> =>
    // telegraf types `signal` with an AbortSignal shim of its own; Node's AbortSignal is what node-fetch takes at run time.
    telegram.callApi(method, {}, { signal: AbortSignal.timeout(timeoutMs) as never }) as Promise<T>;
  let username: string;
  try {
    username = (await call<{ username: string }>('getMe')).username;
  } catch (error) {
    if (error instanceof TelegramError && error.code === 401) {
      return [fail('telegram', 'Telegram', 'TELEGRAM_BOT_TOKEN was rejected (401 Unauthorized)', 'copy the token again from @BotFather (/mybots → API Token) into TELEGRAM_BOT_TOKEN')];
    }
    return [fail('telegram', 'Telegram', `cannot reach the Bot API at ${root} (${networkReason(error, timeoutMs)})`, 'check the network (and TELEGRAM_API_ROOT, if set)')];
  }
  const accepted = pass('telegram', 'Telegram', `token accepted: @${username}`);
  const title = 'Telegram webhook';
  let info: { url: string; pending_update_count: number; last_error_message?: string; last_error_date?: number };
  try {
    info = await call('getWebhookInfo');
  } catch (error) {
    return [accepted, fail('telegram-webhook', title, `getWebhookInfo failed (${networkReason(error, timeoutMs)})`, 'run the doctor again; if it persists, check the network')];
  }
  const pending = `${info.pending_update_count} update${info.pending_update_count === 1 ? '' : 's'} waiting`;
  if (!webhookUrl) {
    const note = info.url ? `; a webhook is set (${info.url}), which long polling removes at start` : '';
    return [accepted, pass('telegram-webhook', title, `long polling (no TELEGRAM_WEBHOOK_URL); ${pending}${note}`)];
  }
  if (info.url !== webhookUrl) {
    const found = info.url ? `Telegram delivers to ${info.url}` : 'Telegram has no webhook set';
    return [accepted, fail('telegram-webhook', title, `${found}, not to TELEGRAM_WEBHOOK_URL ${webhookUrl}`, 'start the bot (it sets its webhook at start); if another deployment uses this token, give each its own bot')];
  }
  if (info.last_error_message) {
    const when = info.last_error_date ? ` at ${new Date(info.last_error_date * 1000).toISOString()}` : '';
    return [accepted, fail('telegram-webhook', title, `Telegram's last delivery to ${webhookUrl} failed${when}: ${info.last_error_message}`, `make ${webhookUrl} reach this bot over HTTPS (port ${config.telegram.webhookPort} behind it, a valid certificate)`)];
  }
  return [accepted, pass('telegram-webhook', title, `set to ${webhookUrl}; ${pending}`)];
}

/**
 * The Discord token is accepted, DISCORD_APP_ID is its application, and the slash commands
 * registered (for DISCORD_GUILD_ID, else globally) are the ones this version defines.
 */
export async function checkDiscord(config: Config, timeoutMs = NETWORK_TIMEOUT_MS): Promise<CheckResult[]> {
  const { token, appId, guildId, apiUrl } = config.discord;
  if (!token || !appId) return [skip('discord', 'Discord', 'not configured (DISCORD_TOKEN empty)')];
  const api = restApiBase(apiUrl);
  const rest = new REST({ ...(api ? { api } : {}), timeout: timeoutMs, retries: 0 }).setToken(token);
  const where = api ?? 'https://discord.com/api';
  let application: { id: string; name?: string };
  try {
    await rest.get(Routes.user());
    application = (await rest.get(Routes.currentApplication())) as { id: string; name?: string };
  } catch (error) {
    if (error instanceof DiscordAPIError && error.status === 401) {
      return [fail('discord', 'Discord', 'DISCORD_TOKEN was rejected (401 Unauthorized)', 'reset the token in the Developer Portal (your app → Bot → Reset Token) and put it in DISCORD_TOKEN')];
    }
    return [fail('discord', 'Discord', `cannot reach the Discord API at ${where} (${networkReason(error, timeoutMs)})`, 'check the network (and DISCORD_API_URL, if set)')];
  }
  if (application.id !== appId) {
    return [fail('discord', 'Discord', `DISCORD_APP_ID is ${appId}, but the token belongs to application ${application.id}`, `set DISCORD_APP_ID=${application.id} (Developer Portal → General Information → Application ID)`)];
  }
  const accepted = pass('discord', 'Discord', `token accepted for application ${application.name ?? application.id}`);
  const title = 'Discord commands';
  const scope = guildId ? `server ${guildId}` : 'all servers';
  let registered: unknown[];
  try {
    registered = (await rest.get(guildId ? Routes.applicationGuildCommands(appId, guildId) : Routes.applicationCommands(appId))) as unknown[];
  } catch (error) {
    const reason = error instanceof DiscordAPIError ? `${error.status}: ${error.message}` : networkReason(error, timeoutMs);
    return [accepted, fail('discord-commands', title, `cannot list the commands registered for ${scope} (${reason})`, guildId ? 'check DISCORD_GUILD_ID and that the bot was invited to that server' : 'run the doctor again; if it persists, check the network')];
  }
  const problems = compareCommands(commandDefinitions, registered);
  if (problems.length > 0) {
    return [accepted, fail('discord-commands', title, `the commands registered for ${scope} differ from this version's`, 'run `npm run deploy-commands`', problems)];
  }
  return [accepted, pass('discord-commands', title, `${commandDefinitions.length} commands deployed for ${scope}, as defined`)];
}

/**
 * How the registered commands differ from the definitions, one line per command: missing,
 * changed (description, options, permissions, where usable) or not ours. Fields Discord adds
 * (ids, versions, localizations) and defaults it leaves out (required: false) do not count.
 */
export function compareCommands(defined: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[], registered: readonly unknown[]): string[] {
  const byName = new Map((registered as { name?: string }[]).map((c) => [String(c.name), c]));
  const problems: string[] = [];
  for (const command of defined) {
    const found = byName.get(command.name);
    if (!found) problems.push(`/${command.name}: not deployed`);
    else if (JSON.stringify(commandShape(found)) !== JSON.stringify(commandShape(command))) problems.push(`/${command.name}: deployed in an older form`);
    byName.delete(command.name);
  }
  for (const name of byName.keys()) problems.push(`/${name}: deployed but no longer defined`);
  return problems;
}

/** What decides how a command looks and behaves in Discord, in a canonical form. */
function commandShape(command: any): unknown {
  const option = (o: any): unknown => ({
    name: o.name,
    type: o.type,
    description: o.description ?? '',
    required: o.required ?? false,
    autocomplete: o.autocomplete ?? false,
    choices: o.choices ?? null,
    min_value: o.min_value ?? null,
    max_value: o.max_value ?? null,
    min_length: o.min_length ?? null,
    max_length: o.max_length ?? null,
    options: (o.options ?? []).map(option),
  });
  return {
    name: command.name,
    description: command.description ?? '',
    options: (command.options ?? []).map(option),
    default_member_permissions: command.default_member_permissions ?? null,
    contexts: command.contexts ? [...command.contexts].sort() : null,
  };
}

function networkReason(error: unknown, timeoutMs: number): string {
  const e = error as Error & { code?: string; cause?: { code?: string } };
  if (e.name === 'AbortError' || e.name === 'TimeoutError' || /abort/i.test(e.message ?? '')) return `no answer within ${timeoutMs / 1000} s`;
  return e.cause?.code ?? e.code ?? (e.message ?? String(error)).split('\n')[0]!.slice(0, 160);
}
