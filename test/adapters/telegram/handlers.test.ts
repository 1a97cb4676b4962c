/**
 * The Telegram handlers (handlers.ts): what bot.test.ts, input.test.ts and protection.test.ts do
 * not already drive end to end (unknown commands, an anonymous group admin, unsubscribing from
 * what a chat does not follow), and the small values the handlers are built from. The real bot
 * against the fake Bot API on 127.0.0.1, over the seed coverage.
 */
import { Telegraf } from 'telegraf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botIdentity, COMMANDS, telegramConversation, telegramUser } from '../../../src/adapters/telegram/handlers.js';
import { COMMAND_DESCRIPTION_MAX_LENGTH } from '../../../src/adapters/telegram/limits.js';
import { groupChat, privateChat, alice } from '../../support/fake-telegram.js';
import { startHarness, type Harness } from './harness.js';

describe('values the handlers are built from', () => {
  it('keeps a conversation per chat and a user per Telegram user, their ids as strings', () => {
    expect(telegramConversation(-100123)).toEqual({ platform: 'telegram', id: '-100123' });
    expect(telegramConversation('42')).toEqual({ platform: 'telegram', id: '42' });
    expect(telegramUser(1001)).toEqual({ platform: 'telegram', id: '1001' });
  });

  it('lists a menu of valid command names and descriptions within Telegram’s limit, without the admins’ /report', () => {
    for (const c of COMMANDS) {
      expect(c.command).toMatch(/^[a-z0-9_]{1,32}$/);
      expect(c.description.length).toBeGreaterThan(0);
      expect(c.description.length).toBeLessThanOrEqual(COMMAND_DESCRIPTION_MAX_LENGTH);
    }
    expect(COMMANDS.map((c) => c.command)).not.toContain('report');
  });

  it('refuses to name the bot before getMe has told it who it is', () => {
    const bot = new Telegraf('123:not-used');
    expect(() => botIdentity(bot)).toThrow('coverage-bot: the Telegram bot has not called getMe yet');
    bot.botInfo = { id: 77, is_bot: true, first_name: 'Coverage', username: 'CoverageBot', can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: true };
    expect(botIdentity(bot)).toEqual({ id: 77, username: 'CoverageBot' });
  });
});

describe('registerHandlers, end to end', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Sends a message as a user and returns the text of the bot's next message. */
  async function say(text: string, options: { chat?: Parameters<Harness['fake']['userMessage']>[0]['chat']; extra?: Record<string, unknown> } = {}) {
    h.fake.userMessage({ text, ...options });
    return String((await h.fake.nextCall('sendMessage')).params.text);
  }

  it('says so of a command it does not know, in a private chat and when a group names it', async () => {
    expect(await say('/frobnicate now', { chat: privateChat({ ...alice, id: 2101 }) })).toBe('I do not know that command. /help lists what I can do.');
    expect(await say(`/frobnicate@${h.fake.me.username}`, { chat: groupChat })).toBe('I do not know that command. /help lists what I can do.');
  });

  it('lets an anonymous group admin (posting as the group) change what the group follows', async () => {
    h.fake.setMemberStatus('member');
    try {
      expect(await say('/subscribe ceasefire', { chat: groupChat })).toContain('Only the group’s admins');
      expect(await say('/subscribe ceasefire', { chat: groupChat, extra: { sender_chat: groupChat } })).toContain('now follows “ceasefire”');
      expect(await say('/unsubscribe ceasefire', { chat: groupChat, extra: { sender_chat: groupChat } })).toContain('no longer follows “ceasefire”');
    } finally {
      h.fake.setMemberStatus('member');
    }
  });

  it('points to /subscriptions when asked to stop following what the chat does not follow', async () => {
    const text = await say('/unsubscribe Lavrov', { chat: privateChat({ ...alice, id: 2102 }) });
    expect(text.endsWith(' /subscriptions lists what it follows.')).toBe(true);
    expect(text).toMatch(/Lavrov/);
  });
});
