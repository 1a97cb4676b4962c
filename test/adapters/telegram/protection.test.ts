/** End to end: limits, Telegram's errors, and secrets, with the real bot against the fake Bot API. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Message } from 'telegraf/types';
import { createLogger } from '../../../src/log/index.js';
import { createMemoryStore } from '../../../src/store/index.js';
import { bob, privateChat } from '../../support/fake-telegram.js';
import { article, handMadeCoverage, startHarness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const repliesTo = (harness: Harness, message: Message) =>
  harness.fake.calls('sendMessage').filter((c) => c.params.reply_parameters?.message_id === message.message_id);

describe('Telegram bot protection', () => {
  it('tells a user who asks too fast to slow down, once per wait, and keeps answering others', async () => {
    h = await startHarness({ store: createMemoryStore({ rateLimitPerMinute: 2 }) });
    for (let i = 0; i < 2; i += 1) {
      h.fake.userMessage({ text: 'Who did Shoygu meet?' });
      expect((await h.fake.nextCall('sendMessage')).params.text).toMatch(/Memis/);
    }
    const third = h.fake.userMessage({ text: 'Who did Shoygu meet?' }).message;
    const notice = await h.fake.nextCall('sendMessage');
    expect(notice.params.text).toMatch(/slow down and try again in \d+ s/);
    expect(notice.params.reply_parameters?.message_id).toBe(third.message_id);

    const fourth = h.fake.userMessage({ text: 'Who did Shoygu meet?' });
    const other = h.fake.userMessage({ text: 'Who did Shoygu meet?', chat: privateChat(bob) }).message;
    const next = await h.fake.nextCall('sendMessage');
    expect(next.params.reply_parameters?.message_id).toBe(other.message_id);
    expect(next.params.text).toMatch(/Memis/);
    await h.fake.handled(fourth.update_id);
    expect(repliesTo(h, fourth.message)).toEqual([]);
  });

  it('answers an inline query over the rate limit with a hint instead of a result', async () => {
    h = await startHarness({ store: createMemoryStore({ rateLimitPerMinute: 1 }) });
    h.fake.inlineQuery({ query: 'Who did Shoygu meet?' });
    expect((await h.fake.nextCall('answerInlineQuery')).params.results).toHaveLength(1);
    h.fake.inlineQuery({ query: 'Who did Shoygu meet?' });
    const limited = await h.fake.nextCall('answerInlineQuery');
    expect(limited.params.results).toEqual([]);
    expect(limited.params.button?.text).toMatch(/try again in \d+ s/);
  });

  it('waits out a 429 retry_after and sends the message again', async () => {
    h = await startHarness();
    h.fake.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
    h.fake.userMessage({ text: 'Who did Shoygu meet?' });
    const refused = await h.fake.nextCall('sendMessage');
    expect(refused.error?.error_code).toBe(429);
    const retried = await h.fake.nextCall('sendMessage');
    expect(retried.error).toBeUndefined();
    expect(retried.params.text).toMatch(/Memis/);
    expect(retried.at - refused.at).toBeGreaterThanOrEqual(950);
  });

  it('logs a chat that blocked the bot (403) and goes on answering', async () => {
    h = await startHarness();
    h.fake.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    h.fake.userMessage({ text: 'Who did Shoygu meet?' });
    expect((await h.fake.nextCall('sendMessage')).error?.error_code).toBe(403);
    h.fake.userMessage({ text: 'Who did Shoygu meet?', chat: privateChat(bob) });
    expect((await h.fake.nextCall('sendMessage')).params.text).toMatch(/Memis/);
    expect(h.logs.some((l) => l.code === 403 && l.level === 40)).toBe(true);
  });

  it('drops the subscriptions of a chat that blocked the bot when a statement cannot be delivered', async () => {
    h = await startHarness();
    const conversation = { platform: 'telegram' as const, id: '4242' };
    await h.store.subscriptions.add(conversation, 'Peskov');
    h.fake.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot was kicked from the group chat' });
    await h.bot.sendStatement('4242', {
      id: 's',
      speaker: 'Dmitry Peskov',
      role: null,
      quote: 'No comment.',
      kind: 'direct',
      said_on: null,
      published: null,
      citations: [],
    });
    expect(await h.store.subscriptions.list(conversation)).toEqual([]);
  });

  it('moves a group’s subscriptions to its new id when it became a supergroup, and posts there', async () => {
    h = await startHarness();
    await h.store.subscriptions.add({ platform: 'telegram', id: '-4242' }, 'Peskov');
    h.fake.failNext('sendMessage', {
      error_code: 400,
      description: 'Bad Request: group chat was upgraded to a supergroup chat',
      parameters: { migrate_to_chat_id: -1004242 },
    });
    await h.bot.sendStatement('-4242', {
      id: 's',
      speaker: 'Dmitry Peskov',
      role: null,
      quote: 'No comment.',
      kind: 'direct',
      said_on: null,
      published: null,
      citations: [],
    });
    expect(h.fake.calls('sendMessage').at(-1)?.params.chat_id).toBe('-1004242');
    expect(await h.store.subscriptions.list({ platform: 'telegram', id: '-4242' })).toEqual([]);
    expect((await h.store.subscriptions.list({ platform: 'telegram', id: '-1004242' })).map((s) => s.query)).toEqual(['Peskov']);
  });

  it('answers politely when the core fails, and keeps running', async () => {
    const broken = handMadeCoverage([]);
    let fail = true;
    const flaky = {
      ...broken,
      ask: (...args: Parameters<typeof broken.ask>) => {
        if (fail) throw new Error('index exploded');
        return broken.ask(...args);
      },
    };
    h = await startHarness({ coverage: flaky });
    h.fake.userMessage({ text: 'Anything?' });
    expect((await h.fake.nextCall('sendMessage')).params.text).toMatch(/something went wrong/i);
    fail = false;
    h.fake.userMessage({ text: '/sources' });
    expect((await h.fake.nextCall('sendMessage')).params.text).toContain('no articles yet');
  });

  it('never writes the bot token to the log', async () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      h = await startHarness({ logger: createLogger('debug') });
      // A proxy that echoes the request path puts the token into an error description.
      h.fake.failNext('sendMessage', { error_code: 400, description: `Bad Request: POST /bot${h.fake.token}/sendMessage failed` });
      h.fake.userMessage({ text: 'Who did Shoygu meet?' });
      await h.fake.nextCall('sendMessage');
      await vi.waitFor(() => expect(written.join('')).toContain('[redacted]'));
    } finally {
      spy.mockRestore();
    }
    expect(written.join('')).not.toContain(h!.fake.token);
    expect(written.join('')).not.toContain(h!.fake.token.split(':')[1]);
  });

  it('splits a 6000-character answer into messages Telegram accepts, replying with the first', async () => {
    const articles = Array.from({ length: 40 }, (_, i) =>
      article(`a${String(i).padStart(2, '0')}`, {
        title: `Headline ${i}: ${'a long and winding headline about the talks & the <b>markup</b> '.repeat(2)}`,
        body: `Body ${i} says something.`,
      }),
    );
    h = await startHarness({ coverage: handMadeCoverage(articles) });
    const asked = h.fake.userMessage({ text: '/sources' }).message;
    const first = await h.fake.nextCall('sendMessage');
    const parts = [first];
    while (parts.map((p) => String(p.params.text)).join('\n').split('\n').filter((l) => /^\d+\. /.test(l)).length < 40) {
      parts.push(await h.fake.nextCall('sendMessage'));
    }
    const total = parts.reduce((n, p) => n + String(p.params.text).length, 0);
    expect(total).toBeGreaterThan(6000);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.error).toBeUndefined(); // the fake refuses text over 4096 characters or with broken HTML
      expect(String(part.params.text).length).toBeLessThanOrEqual(4096);
    }
    expect(first.params.reply_parameters?.message_id).toBe(asked.message_id);
    expect(parts.slice(1).every((p) => p.params.reply_parameters === undefined)).toBe(true);
    const text = parts.map((p) => String(p.params.text)).join('\n');
    expect(text).toContain('&amp; the &lt;b&gt;markup&lt;/b&gt;');
    for (let i = 0; i < 40; i += 1) expect(text).toContain(`Headline ${i}:`);
  });
});
