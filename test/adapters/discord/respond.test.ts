import { DiscordAPIError, MessageFlags, RESTJSONErrorCodes } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { CONTENT_MAX_LENGTH } from '../../../src/adapters/discord/limits.js';
import { describeDiscordError, isUnknownInteraction, NO_PINGS, privateNotice, publicNotice } from '../../../src/adapters/discord/respond.js';

/** An error as @discordjs/rest throws it for a refused call. */
function apiError(code: number, status: number, url: string): DiscordAPIError {
  return new DiscordAPIError({ code, message: 'Refused' }, code, status, 'POST', url, { body: undefined });
}

describe('NO_PINGS', () => {
  test('parses no mention of any kind and does not ping the author replied to', () => {
    expect(NO_PINGS).toEqual({ parse: [], repliedUser: false });
  });
});

describe('privateNotice and publicNotice', () => {
  test('a private notice is ephemeral, a public one is not, and neither can ping', () => {
    expect(privateNotice('Only you see this.')).toEqual({ content: 'Only you see this.', flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
    expect(publicNotice('Everyone sees this.')).toEqual({ content: 'Everyone sees this.', allowedMentions: NO_PINGS });
  });

  test('cut text over Discord’s 2000 characters, never splitting an emoji', () => {
    const long = '🙂'.repeat(CONTENT_MAX_LENGTH);
    for (const notice of [privateNotice(long), publicNotice(long)]) {
      expect(notice.content.length).toBeLessThanOrEqual(CONTENT_MAX_LENGTH);
      expect(notice.content.length).toBeGreaterThan(CONTENT_MAX_LENGTH - 10);
      expect(notice.content).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
  });
});

describe('isUnknownInteraction', () => {
  test('is true only for Discord’s 10062 Unknown interaction', () => {
    expect(isUnknownInteraction(apiError(RESTJSONErrorCodes.UnknownInteraction, 404, 'https://discord.com/api/v10/interactions/1/tok/callback'))).toBe(true);
    expect(isUnknownInteraction(apiError(RESTJSONErrorCodes.MissingPermissions, 403, 'https://discord.com/api/v10/channels/1/messages'))).toBe(false);
    expect(isUnknownInteraction(new Error('Unknown interaction'))).toBe(false);
    expect(isUnknownInteraction(undefined)).toBe(false);
  });
});

describe('describeDiscordError', () => {
  test('gives code, status, method and the route without host or the interaction token', () => {
    const error = apiError(RESTJSONErrorCodes.UnknownInteraction, 404, 'https://discord.com/api/v10/interactions/123456/aW50ZXJhY3Rpb24tdG9rZW4/callback');
    expect(describeDiscordError(error)).toEqual({ code: 10062, status: 404, method: 'POST', route: '/api/v10/interactions/123456/[token]/callback', error: error.message });
  });

  test('hides a webhook token too, and keeps a route without one whole', () => {
    const webhook = describeDiscordError(apiError(50027, 401, 'http://127.0.0.1:9/api/v10/webhooks/42/c2VjcmV0LXRva2Vu/messages/@original'));
    expect(webhook.route).toBe('/api/v10/webhooks/42/[token]/messages/@original');
    expect(JSON.stringify(webhook)).not.toContain('c2VjcmV0LXRva2Vu');
    expect(describeDiscordError(apiError(50013, 403, 'https://discord.com/api/v10/channels/9/messages')).route).toBe('/api/v10/channels/9/messages');
  });

  test('gives only the message of any other error, or the value itself', () => {
    expect(describeDiscordError(new Error('socket hang up'))).toEqual({ error: 'socket hang up' });
    expect(describeDiscordError('plain text')).toEqual({ error: 'plain text' });
  });
});
