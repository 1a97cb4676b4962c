/**
 * End to end: the real bot, over the project's seed coverage, talking to a fake Telegram Bot API
 * on 127.0.0.1 through TELEGRAM_API_ROOT. Assertions are on what the bot sends.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Message } from 'telegraf/types';
import { COMMAND_DESCRIPTION_MAX_LENGTH } from '../../../src/adapters/telegram/limits.js';
import { alice, bob, groupChat, privateChat } from '../../support/fake-telegram.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** Sends a message as a user and returns the bot's next message. */
async function say(text: string, options: { chat?: Parameters<Harness['fake']['userMessage']>[0]['chat']; replyTo?: Message } = {}) {
  const update = h.fake.userMessage({ text, ...options });
  const call = await h.fake.nextCall('sendMessage');
  return { asked: update.message, call, sent: call.result as Message.TextMessage, text: String(call.params.text) };
}

describe('Telegram bot over the seed coverage', () => {
  it('registers its command menu at start', () => {
    const commands = h.fake.calls('setMyCommands')[0]?.params.commands as Array<{ command: string }>;
    expect(commands.map((c) => c.command)).toEqual(expect.arrayContaining(['ask', 'latest', 'sources', 'help', 'forget', 'subscribe']));
    for (const c of commands as Array<{ command: string; description: string }>) {
      expect(c.command).toMatch(/^[a-z0-9_]{1,32}$/);
      expect(c.description.length).toBeLessThanOrEqual(COMMAND_DESCRIPTION_MAX_LENGTH);
    }
  });

  it('answers /start with what the coverage holds and example commands', async () => {
    const { text, call } = await say('/start');
    expect(text).toContain('5 news articles');
    expect(text).toContain('TRT World');
    expect(text).toContain('The Moscow Times');
    expect(text).toContain('24 Jan 2025 to 22 Jul 2025');
    expect(text).toContain('/ask');
    expect(call.params.parse_mode).toBe('HTML');
  });

  it('answers /ask with the person and a citation of the article', async () => {
    const { text, asked, call } = await say('/ask Who did Shoygu meet?');
    expect(text).toMatch(/Memis/);
    expect(text).toContain('TRT World');
    expect(text).toMatch(/Sources[\s\S]*1\. /);
    expect(call.params.reply_parameters?.message_id).toBe(asked.message_id);
    expect(call.params.link_preview_options).toEqual({ is_disabled: true });
  });

  it('treats any text in a private chat as a question', async () => {
    const { text } = await say('Who did Shoygu meet?', { chat: privateChat(bob) });
    expect(text).toMatch(/Memis/);
    expect(text).toContain('TRT World');
  });

  it('links a cited headline to its article when the article has a URL', async () => {
    const { text } = await say('What does the Kremlin say about the language of ultimatums?');
    expect(text).toContain('<a href="https://www.themoscowtimes.com/2025/05/12/');
  });

  it('says plainly when the coverage does not answer, and points to /sources', async () => {
    const { text } = await say('What is the weather in Moscow today?');
    expect(text).toMatch(/not confident/i);
    expect(text).toContain('/sources');
  });

  it('stays silent in a group unless mentioned, and answers when mentioned', async () => {
    const silent = h.fake.userMessage({ text: 'Who did Shoygu meet?', chat: groupChat });
    // Once the poller has confirmed the update, the bot has done all it was going to do with it.
    await h.fake.handled(silent.update_id);
    expect(h.fake.calls('sendMessage').some((c) => c.params.reply_parameters?.message_id === silent.message.message_id)).toBe(false);
    const { asked, text } = await say('@CoverageTestBot who did Shoygu meet?', { chat: groupChat });
    expect(text).toMatch(/Memis/);
    expect(h.fake.calls('sendMessage').at(-1)?.params.reply_parameters?.message_id).toBe(asked.message_id);
  });

  it('answers /ask@BotName in a group and ignores a command for another bot', async () => {
    const other = h.fake.userMessage({ text: '/ask@SomeOtherBot Who did Shoygu meet?', chat: groupChat });
    await h.fake.handled(other.update_id);
    expect(h.fake.calls('sendMessage').some((c) => c.params.reply_parameters?.message_id === other.message.message_id)).toBe(false);
    const { asked, text } = await say('/ask@CoverageTestBot Who did Shoygu meet?', { chat: groupChat });
    expect(text).toMatch(/Memis/);
    expect(h.fake.calls('sendMessage').at(-1)?.params.reply_parameters?.message_id).toBe(asked.message_id);
  });

  it('answers in the forum topic the question was asked in', async () => {
    h.fake.userMessage({
      text: '@CoverageTestBot who did Shoygu meet?',
      chat: { ...groupChat, is_forum: true },
      extra: { is_topic_message: true, message_thread_id: 42 },
    });
    expect((await h.fake.nextCall('sendMessage')).params.message_thread_id).toBe(42);
  });

  it('answers a bare /ask sent in reply to someone’s message with that message as the question', async () => {
    const question = h.fake.userMessage({ text: 'Who did Shoygu meet?', chat: groupChat, from: bob }).message;
    const { text } = await say('/ask', { chat: groupChat, replyTo: question });
    expect(text).toMatch(/Memis/);
  });

  it('answers a reply to its answer as a follow-up of the question it answered', async () => {
    const chat = privateChat({ ...alice, id: 2001 });
    const first = await say('Who did Shoygu meet?', { chat });
    // The context is saved once Telegram has confirmed the message, just after the fake records it.
    await vi.waitFor(async () =>
      expect(await h.store.context.get({ platform: 'telegram', id: String(chat.id) }, String(first.sent.message_id))).toMatchObject({
        question: 'Who did Shoygu meet?',
      }),
    );
    const followUp = await say('And what did he say about Istanbul?', { chat, replyTo: first.sent });
    // "he" is Shoygu only in the context of the first question.
    expect(followUp.text).toMatch(/Shoygu/);
    expect(followUp.text).toContain('1. <b>TRT World</b>');
  });

  it('keeps the whole conversation for a follow-up of a follow-up', async () => {
    const chat = privateChat({ ...alice, id: 2005 });
    const conversation = { platform: 'telegram' as const, id: String(chat.id) };
    const first = await say('Who did Shoygu meet?', { chat });
    await vi.waitFor(async () => expect(await h.store.context.get(conversation, String(first.sent.message_id))).toBeDefined());
    const second = await say('Where did they meet?', { chat, replyTo: first.sent });
    await vi.waitFor(async () =>
      expect(await h.store.context.get(conversation, String(second.sent.message_id))).toMatchObject({
        question: 'Where did they meet?',
        previous: 'Who did Shoygu meet?',
      }),
    );
    // "he" is still Shoygu two questions later; with only "Where did they meet?" as context it is not.
    const third = await say('And what did he say about Istanbul?', { chat, replyTo: second.sent });
    expect(third.text).toContain('The Istanbul platform is becoming the main platform');
    expect(third.text).toContain('1. <b>TRT World</b>');
  });

  it('answers a reply to its answer in a group without a mention', async () => {
    const first = await say('/ask Who did Shoygu meet?', { chat: groupChat });
    const followUp = await say('what else did he say?', { chat: groupChat, replyTo: first.sent });
    expect(followUp.call.params.reply_parameters?.message_id).toBe(followUp.asked.message_id);
  });

  it('lists the newest statements with /latest, each quoted, attributed, dated and linked', async () => {
    const { text } = await say('/latest');
    expect(text).toContain('<b>Latest statements</b>');
    const items = text.split('\n\n').slice(1);
    expect(items.length).toBeGreaterThan(1);
    for (const [i, item] of items.entries()) {
      // The words (quoted, or in italics when reported), then who said them, when, and where.
      expect(item).toMatch(new RegExp(`^${i + 1}\\. (“.+”|<i>.+</i>)\n— <b>[^<]+</b>.* · (<a href="https://[^"]+">[^<]+</a>|[^·<]+)$`));
    }
    expect(items[0]).toMatch(/ · \d{1,2} [A-Z][a-z]{2} 20\d\d · /);
    // Newest first.
    const dates = items.map((item) => /· (\d{1,2} [A-Z][a-z]{2} 20\d\d)/.exec(item)?.[1]).filter((d) => d !== undefined).map((d) => Date.parse(d));
    expect(dates.length).toBeGreaterThan(1);
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
  });

  it('lists only the statements of a speaker with /latest NAME, and with Discord’s /latest speaker:NAME', async () => {
    for (const command of ['/latest Peskov', '/latest speaker:Peskov']) {
      const { text } = await say(command);
      expect(text).toContain('Latest statements by Peskov');
      const attributions = [...text.matchAll(/— <b>([^<]+)<\/b>/g)].map((m) => m[1]);
      expect(attributions.length).toBeGreaterThan(0);
      for (const speaker of attributions) expect(speaker).toMatch(/Peskov/);
      // Statements from an article with a URL link to it.
      expect(text).toContain('<a href="https://www.themoscowtimes.com/');
    }
  });

  it('takes /latest WORDS that name no speaker as a topic', async () => {
    const { text } = await say('/latest grain deal');
    expect(text).toContain('<b>Latest statements about grain deal</b>');
    expect(text.toLowerCase()).toContain('grain');
    expect(text).toMatch(/^1\. /m);
  });

  it('answers /help like /start, and /help@BotName in a group', async () => {
    const start = (await say('/start', { chat: privateChat({ ...alice, id: 2006 }) })).text;
    expect((await say('/help', { chat: privateChat({ ...alice, id: 2006 }) })).text).toBe(start);
    expect((await say('/help@CoverageTestBot', { chat: groupChat })).text).toBe(start);
  });

  it('lists every article with outlet, headline, date and link for /sources', async () => {
    const { text } = await say('/sources');
    expect(text).toContain('5 articles in the coverage');
    for (const outlet of ['TRT World', 'Bloomberg', 'RT', 'MENAFN', 'The Moscow Times']) expect(text).toContain(`<b>${outlet}</b>`);
    expect(text).toContain('(29 May 2025)');
    expect(text).toContain('<a href="https://www.themoscowtimes.com/');
  });

  it('escapes HTML-hostile input it repeats back', async () => {
    const { text, call } = await say('/latest <b>x</b> & </a>');
    expect(call.error).toBeUndefined();
    expect(text).toContain('&lt;b&gt;x&lt;/b&gt; &amp; &lt;/a&gt;');
    const question = await say('<b>Who</b> did Shoygu & </a> meet?');
    expect(question.call.error).toBeUndefined();
  });

  it('explains /ask and /subscribe given without their argument, with an example from the coverage', async () => {
    const chat = privateChat({ ...alice, id: 2004 });
    expect((await say('/ask', { chat })).text).toContain('<code>/ask What did Dmitry Peskov say?</code>');
    expect((await say('/subscribe', { chat })).text).toContain('<code>/subscribe Dmitry Peskov</code>');
  });

  it('politely refuses a question over the length limit', async () => {
    const { text } = await say(`/ask ${'why '.repeat(200)}`);
    expect(text).toMatch(/up to 500/);
  });

  it('deletes the caller’s stored context with /forget', async () => {
    const chat = privateChat({ ...alice, id: 2002 });
    const first = await say('Who did Shoygu meet?', { chat });
    const conversation = { platform: 'telegram' as const, id: String(chat.id) };
    await vi.waitFor(async () => expect(await h.store.context.get(conversation, String(first.sent.message_id))).toBeDefined());
    const { text } = await say('/forget', { chat });
    expect(text).toMatch(/deleted 1 stored question/);
    expect(await h.store.context.get(conversation, String(first.sent.message_id))).toBeUndefined();
  });

  it('subscribes a chat, lists its subscriptions and unsubscribes it', async () => {
    const chat = privateChat({ ...alice, id: 2003 });
    expect((await say('/subscribe Peskov', { chat })).text).toContain('now follows “Peskov”');
    expect((await say('/subscribe peskov', { chat })).text).toContain('already follows');
    expect((await say('/subscriptions', { chat })).text).toContain('1. Peskov');
    expect((await say('/unsubscribe Peskov', { chat })).text).toContain('no longer follows “Peskov”');
    expect((await say('/subscriptions', { chat })).text).toContain('follows nothing');
  });

  it('lets only admins change a group’s subscriptions', async () => {
    h.fake.setMemberStatus('member');
    expect((await say('/subscribe Peskov', { chat: groupChat })).text).toContain('Only the group’s admins');
    h.fake.setMemberStatus('administrator');
    expect((await say('/subscribe Peskov', { chat: groupChat })).text).toContain('now follows');
    expect(await h.store.subscriptions.list({ platform: 'telegram', id: String(groupChat.id) })).toHaveLength(1);
  });

  it('posts a statement to a subscriber with sendStatement', async () => {
    const statement = {
      id: 's1',
      speaker: 'Dmitry Peskov',
      role: 'Kremlin spokesman',
      quote: 'We need to wait for a response <from> Kyiv & others',
      kind: 'direct' as const,
      said_on: '2025-05-29',
      published: '2025-05-29',
      citations: [{ article: 'a', outlet: 'TRT World', title: 'Kremlin says', published: '2025-05-29', url: 'https://trt.example/a?x=1&y=2' }],
    };
    await h.bot.sendStatement('3001', statement);
    const call = await h.fake.nextCall('sendMessage');
    expect(call.params.chat_id).toBe('3001');
    expect(call.params.text).toContain('“We need to wait for a response &lt;from&gt; Kyiv &amp; others”');
    expect(call.params.text).toContain('<b>Dmitry Peskov</b>, Kremlin spokesman · 29 May 2025');
    expect(call.params.text).toContain('<a href="https://trt.example/a?x=1&amp;y=2">TRT World</a>');
  });
});
