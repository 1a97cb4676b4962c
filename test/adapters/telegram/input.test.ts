/**
 * End to end: what users and articles throw at the bot. Markup in article text (headlines, outlets,
 * URLs, bodies) and in questions comes out escaped; answers too long for one message are split
 * into messages Telegram accepts; odd input gets a polite reply; group messages not meant for the
 * bot get none. The fake Bot API refuses broken HTML and over-long text, as Telegram does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from 'telegraf/types';
import type { Answer } from '../../../src/core/index.js';
import { alice, bob, groupChat, privateChat } from '../../support/fake-telegram.js';
import { article, handMadeCoverage, startHarness, type Harness } from './harness.js';

const hostile = article('hostile', {
  title: 'Talks <b>end</b> & "resume" </a>',
  outlet: 'Outlet <i>&amp;</i>',
  url: 'https://news.example.com/a?x=1&y="2"<',
  body: 'The <script>alert(1)</script> talks & meetings between the two delegations will resume on Friday in Geneva, the minister said.',
});
const scriptUrl = article('js', {
  title: 'Cod </a><a href="https://evil.example">catch</a>',
  url: 'javascript:alert(1)',
  body: 'Fishermen in Norway caught a record amount of cod this winter.',
});
const coverage = handMadeCoverage([hostile, scriptUrl]);

/** A 6000-character answer with markup in it, from a coverage whose core answers at length. */
const LONG_ANSWER_QUESTION = 'Tell me everything about the talks';
const longAnswerLine = (i: number) => `Line ${i}: the delegates <met> & argued about "clause ${i}" until late </a>.`;
const longAnswer: Answer = {
  question: LONG_ANSWER_QUESTION,
  answer: Array.from({ length: 80 }, (_, i) => longAnswerLine(i)).join('\n'),
  confident: true,
  type: 'what',
  citations: [{ article: 'hostile', outlet: hostile.outlet, title: hostile.title, published: hostile.published, url: hostile.url, quote: '', passageId: 'hostile#0' }],
} as Answer;

let h: Harness;
beforeAll(async () => {
  const ask: typeof coverage.ask = (question, options) => (question === LONG_ANSWER_QUESTION ? longAnswer : coverage.ask(question, options));
  h = await startHarness({ coverage: { ...coverage, ask } });
});
afterAll(async () => {
  await h?.close();
});

/** Sends a message as a user and returns the bot's next message, which must have been accepted. */
async function say(text: string, options: { chat?: Parameters<Harness['fake']['userMessage']>[0]['chat']; replyTo?: Message } = {}) {
  const asked = h.fake.userMessage({ text, ...options }).message;
  const call = await h.fake.nextCall('sendMessage');
  expect(call.error).toBeUndefined();
  expect(call.params.reply_parameters?.message_id).toBe(asked.message_id);
  return String(call.params.text);
}

/** The text a user sees: tags dropped, entities decoded. */
const visible = (html: string) =>
  html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

describe('Telegram bot with hostile article text and odd input', () => {
  it('escapes markup in the answer, headline, outlet and link taken from an article', async () => {
    const text = await say('When will the talks between the delegations resume?');
    expect(text).toContain('The &lt;script&gt;alert(1)&lt;/script&gt; talks &amp; meetings');
    expect(text).toContain(
      '<b>Outlet &lt;i&gt;&amp;amp;&lt;/i&gt;</b> — <a href="https://news.example.com/a?x=1&amp;y=&quot;2&quot;&lt;">Talks &lt;b&gt;end&lt;/b&gt; &amp; &quot;resume&quot; &lt;/a&gt;</a>',
    );
    // What the reader sees is the article's text, character for character.
    expect(visible(text)).toContain('Outlet <i>&amp;</i> — Talks <b>end</b> & "resume" </a> (1 May 2025)');
  });

  it('never links a headline to a URL that is not http(s)', async () => {
    const text = await say('How much cod did fishermen catch in Norway?');
    expect(text).toContain('Cod &lt;/a&gt;&lt;a href=&quot;https://evil.example&quot;&gt;catch&lt;/a&gt;');
    expect(text).not.toContain('javascript:');
    expect(text.match(/<a /g) ?? []).toHaveLength(0);
  });

  it('escapes article text in /sources and /latest', async () => {
    const sources = await say('/sources');
    expect(sources).toContain('Talks &lt;b&gt;end&lt;/b&gt; &amp; &quot;resume&quot; &lt;/a&gt;');
    const latest = await say('/latest');
    expect(latest).toContain('<i>The &lt;script&gt;alert(1)&lt;/script&gt; talks &amp; meetings');
  });

  it('splits a 6000-character answer on line boundaries into messages Telegram accepts, replying with the first', async () => {
    const asked = h.fake.userMessage({ text: LONG_ANSWER_QUESTION }).message;
    const parts = [await h.fake.nextCall('sendMessage')];
    while (!String(parts.at(-1)!.params.text).includes('<b>Sources</b>')) parts.push(await h.fake.nextCall('sendMessage'));
    expect(parts.reduce((n, p) => n + String(p.params.text).length, 0)).toBeGreaterThan(6000);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.error).toBeUndefined();
      expect(String(part.params.text).length).toBeLessThanOrEqual(4096);
      expect(part.params.parse_mode).toBe('HTML');
      // Every part ends at the end of a line of the answer: none was cut in the middle.
      expect(String(part.params.text)).toMatch(/(late &lt;\/a&gt;\.|\(1 May 2025\))$/);
    }
    expect(parts[0]!.params.reply_parameters?.message_id).toBe(asked.message_id);
    expect(parts.slice(1).every((p) => p.params.reply_parameters === undefined)).toBe(true);
    const lines = parts.flatMap((p) => visible(String(p.params.text)).split('\n'));
    for (let i = 0; i < 80; i += 1) expect(lines).toContain(longAnswerLine(i));
  });

  it('answers odd input in a private chat politely, and keeps answering', async () => {
    const chat = privateChat({ ...alice, id: 4001 });
    for (const text of ['   ', '\u200B\u200D\u2060', '\u202Eevil\u202C?', 'ﷺ‎‏', 'e\u0301\u0301\u0301\u0301\u0301\u0301', '你好，肖伊古见了谁？', '😀🇺🇦👩🏽‍💻']) {
      const reply = await say(text, { chat });
      expect(reply.trim()).not.toBe('');
      expect(reply).not.toMatch(/something went wrong/i);
    }
    expect(await say('When will the talks between the delegations resume?', { chat })).toContain('Geneva');
  });

  it('answers a message that is not text with a hint in a private chat, and ignores it in a group', async () => {
    const sticker = (chat: typeof groupChat | ReturnType<typeof privateChat>) =>
      h.fake.queueUpdate({
        message: { message_id: 90_000 + Math.abs(chat.id % 1000), date: 0, chat, from: bob, sticker: { file_id: 'f', file_unique_id: 'u', type: 'regular', width: 1, height: 1, is_animated: false, is_video: false } },
      } as never);
    const inGroup = sticker(groupChat);
    await h.fake.handled(inGroup.update_id);
    expect(h.fake.calls('sendMessage').some((c) => String(c.params.chat_id) === String(groupChat.id))).toBe(false);
    sticker(privateChat(bob));
    const call = await h.fake.nextCall('sendMessage');
    expect(call.params.chat_id).toBe(bob.id);
    expect(call.params.text).toMatch(/text only/);
  });

  it('stays silent in a group for replies to other people and mentions of other bots, and answers plain commands', async () => {
    const someone = h.fake.userMessage({ text: 'When will the talks resume?', chat: groupChat, from: bob });
    const ignored = [
      someone,
      h.fake.userMessage({ text: 'I think on Friday', chat: groupChat, replyTo: someone.message }),
      h.fake.userMessage({ text: '@SomeOtherBot when will the talks resume?', chat: groupChat }),
      h.fake.userMessage({ text: '/help@SomeOtherBot', chat: groupChat }),
    ];
    await h.fake.handled(ignored.at(-1)!.update_id);
    const answered = new Set(h.fake.calls('sendMessage').map((c) => c.params.reply_parameters?.message_id));
    for (const update of ignored) expect(answered.has(update.message.message_id)).toBe(false);
    expect(await say('/sources', { chat: groupChat })).toContain('2 articles in the coverage');
  });

  it('offers an escaped inline answer, and a hint for an inline question over the length limit', async () => {
    h.fake.inlineQuery({ query: 'When will the talks between the delegations resume?' });
    const answered = await h.fake.nextCall('answerInlineQuery');
    expect(answered.error).toBeUndefined();
    const [result] = answered.params.results as Array<{ title: string; description: string; input_message_content: { message_text: string } }>;
    expect(result?.input_message_content.message_text).toContain('The &lt;script&gt;alert(1)&lt;/script&gt;');
    // Titles and descriptions are plain text: shown as they are, not escaped.
    expect(result?.description).toBe('Sources: Outlet <i>&amp;</i>');

    h.fake.inlineQuery({ query: 'why '.repeat(200) });
    const hint = await h.fake.nextCall('answerInlineQuery');
    expect(hint.params.results).toEqual([]);
    expect(hint.params.button?.text).toMatch(/up to 500 characters/);
  });
});
