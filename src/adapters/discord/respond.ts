import { DiscordAPIError, MessageFlags, RESTJSONErrorCodes, type MessageMentionOptions } from 'discord.js';
import { CONTENT_MAX_LENGTH } from './limits.js';
import { truncateText } from './markdown.js';

/**
 * Mentions parsed from nothing and no reply ping: whatever an article or a user wrote
 * (`@everyone`, `<@123>`, `<@&role>`), nobody is ever notified. Passed on every message and also
 * set as the client's default, so a forgotten call site still cannot ping.
 */
export const NO_PINGS: MessageMentionOptions = { parse: [], repliedUser: false };

/** A short text reply only the caller sees (errors, refusals, confirmations). */
export function privateNotice(content: string) {
  return { content: truncateText(content, CONTENT_MAX_LENGTH), flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS } as const;
}

/** A short text message everyone in the channel sees. */
export function publicNotice(content: string) {
  return { content: truncateText(content, CONTENT_MAX_LENGTH), allowedMentions: NO_PINGS } as const;
}

/** Discord's "Unknown interaction": the 3-second window passed or the interaction was already answered. */
export function isUnknownInteraction(error: unknown): boolean {
  return error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownInteraction;
}

/**
 * What to log about a failed Discord call: code, status and the route without its tokens
 * (interaction and webhook tokens travel in URL paths).
 */
export function describeDiscordError(error: unknown): Record<string, unknown> {
  if (error instanceof DiscordAPIError) {
    return {
      code: error.code,
      status: error.status,
      method: error.method,
      route: error.url.replace(/^https?:\/\/[^/]+/, '').replace(/\/(interactions\/\d+|webhooks\/\d+)\/[^/?]+/, '/$1/[token]'),
      error: error.message,
    };
  }
  return { error: error instanceof Error ? error.message : String(error) };
}
