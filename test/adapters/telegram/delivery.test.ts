/**
 * Sending to Telegram (delivery.ts): the retry of a flood-limited call, what is logged of a failed
 * one, and messages split into parts Telegram accepts. The calls go to the fake Bot API on
 * 127.0.0.1 through telegraf's own client, with no bot running.
 */
import { Telegram, TelegramError } from 'telegraf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callWithRetry, describeError, RETRY_AFTER_MAX_SECONDS, sendHtml, telegramErrorCode } from '../../../src/adapters/telegram/delivery.js';
import { MESSAGE_MAX_LENGTH } from '../../../src/adapters/telegram/limits.js';
import { startFakeTelegram, telegramHtmlProblem, type FakeTelegram } from '../../support/fake-telegram.js';
import { memoryLogger } from './harness.js';

const floodLimit = (retryAfter?: number) =>
  new TelegramError({ error_code: 429, description: 'Too Many Requests', ...(retryAfter === undefined ? {} : { parameters: { retry_after: retryAfter } }) }, { method: 'sendMessage', payload: { text: 'user text' } });

/** A call that fails with `errors` in turn, then succeeds; counts its attempts. */
function scripted(...errors: unknown[]) {
  const call = async () => {
    call.attempts++;
    const error = errors.shift();
    if (error) throw error;
    return 'sent';
  };
  call.attempts = 0;
  return call;
}

describe('telegramErrorCode and describeError', () => {
  it('give a Telegram error’s code, method and description, never its payload', () => {
    const error = new TelegramError({ error_code: 403, description: 'Forbidden: bot was blocked by the user' }, { method: 'sendMessage', payload: { chat_id: 7, text: 'secret user text' } });
    expect(telegramErrorCode(error)).toBe(403);
    expect(describeError(error)).toEqual({ method: 'sendMessage', code: 403, description: 'Forbidden: bot was blocked by the user' });
    expect(JSON.stringify(describeError(error))).not.toContain('secret user text');
  });

  it('give no code, and only the message, for anything else', () => {
    expect(telegramErrorCode(new Error('ECONNRESET'))).toBeUndefined();
    expect(telegramErrorCode({ code: 429 })).toBeUndefined();
    expect(describeError(new Error('ECONNRESET'))).toEqual({ error: 'ECONNRESET' });
    expect(describeError(42)).toEqual({ error: '42' });
  });
});

describe('callWithRetry', () => {
  it('returns what the call returns, calling it once', async () => {
    const call = scripted();
    expect(await callWithRetry(call, memoryLogger([]))).toBe('sent');
    expect(call.attempts).toBe(1);
  });

  it('makes a flood-limited call once more after retry_after, with a warning', async () => {
    const logs: Array<Record<string, unknown>> = [];
    const call = scripted(floodLimit(0));
    expect(await callWithRetry(call, memoryLogger(logs))).toBe('sent');
    expect(call.attempts).toBe(2);
    expect(logs).toEqual([expect.objectContaining({ level: 40, code: 429, retryAfter: 0, msg: 'telegram: flood limit hit, retrying once' })]);
  });

  it('throws a second 429, and a 429 whose wait is over the most it waits out, without waiting', async () => {
    const twice = scripted(floodLimit(0), floodLimit(0));
    await expect(callWithRetry(twice, memoryLogger([]))).rejects.toMatchObject({ code: 429 });
    expect(twice.attempts).toBe(2);
    const long = scripted(floodLimit(RETRY_AFTER_MAX_SECONDS + 1));
    const started = Date.now();
    await expect(callWithRetry(long, memoryLogger([]))).rejects.toMatchObject({ code: 429 });
    expect(long.attempts).toBe(1);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('throws any other error at once', async () => {
    for (const error of [new TelegramError({ error_code: 400, description: 'Bad Request' }), new Error('socket hang up')]) {
      const call = scripted(error);
      await expect(callWithRetry(call, memoryLogger([]))).rejects.toBe(error);
      expect(call.attempts).toBe(1);
    }
  });
});

describe('sendHtml', () => {
  let fake: FakeTelegram;
  let telegram: Telegram;
  beforeAll(async () => {
    fake = await startFakeTelegram();
    telegram = new Telegram(fake.token, { apiRoot: fake.apiRoot });
  });
  afterAll(async () => {
    await fake?.close();
  });

  it('sends one HTML message with link previews off, replying, in the topic, with the buttons', async () => {
    const markup = { inline_keyboard: [[{ text: '👍', callback_data: 'x' }]] };
    const sent = await sendHtml(telegram, 7, '<b>Memis</b> &amp; Kalin', { replyTo: 3, threadId: 11, replyMarkup: markup }, memoryLogger([]));
    expect(sent).toHaveLength(1);
    const [call] = fake.calls('sendMessage').slice(-1);
    expect(call!.params).toMatchObject({
      chat_id: 7,
      text: '<b>Memis</b> &amp; Kalin',
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      message_thread_id: 11,
      reply_parameters: { message_id: 3, allow_sending_without_reply: true },
      reply_markup: markup,
    });
  });

  it('splits a long message into valid parts: only the first replies, only the last has the buttons', async () => {
    const before = fake.calls('sendMessage').length;
    const html = Array.from({ length: 400 }, (_, i) => `<i>Line ${i}</i> of a long answer with a few words on it`).join('\n');
    const sent = await sendHtml(telegram, 7, html, { replyTo: 3, replyMarkup: { inline_keyboard: [] } }, memoryLogger([]));
    const calls = fake.calls('sendMessage').slice(before);
    expect(sent.length).toBe(calls.length);
    expect(calls.length).toBeGreaterThan(1);
    for (const call of calls) {
      expect(call.params.text.length).toBeLessThanOrEqual(MESSAGE_MAX_LENGTH);
      expect(telegramHtmlProblem(call.params.text)).toBeUndefined();
    }
    expect(calls.map((c) => c.params.reply_parameters !== undefined)).toEqual(calls.map((_, i) => i === 0));
    expect(calls.map((c) => c.params.reply_markup !== undefined)).toEqual(calls.map((_, i) => i === calls.length - 1));
  });

  it('logs a chat that blocked the bot (403) and returns what was sent, without throwing', async () => {
    const logs: Array<Record<string, unknown>> = [];
    fake.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    expect(await sendHtml(telegram, 7, 'Hello', {}, memoryLogger(logs))).toEqual([]);
    expect(logs).toEqual([expect.objectContaining({ code: 403, chatId: '7', msg: 'telegram: the bot may not write to this chat; skipped' })]);
  });

  it('throws any other refusal for the caller to handle', async () => {
    fake.failNext('sendMessage', { error_code: 400, description: 'Bad Request: chat not found' });
    await expect(sendHtml(telegram, 7, 'Hello', {}, memoryLogger([]))).rejects.toMatchObject({ code: 400 });
  });
});
