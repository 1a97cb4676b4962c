/**
 * The Bot API limits of limits.ts, held to where they are used: messages split to MESSAGE_MAX_LENGTH
 * by default (in UTF-16 units, as Telegram counts), and the webhook's secret header in the form
 * Node gives header names. The inline result id and command descriptions are checked against
 * their limits in inline.test.ts and handlers.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { splitTelegramHtml } from '../../../src/adapters/telegram/html.js';
import { INLINE_MESSAGE_MAX_LENGTH, MESSAGE_MAX_LENGTH, WEBHOOK_SECRET_HEADER } from '../../../src/adapters/telegram/limits.js';
import { telegramHtmlProblem } from '../../support/fake-telegram.js';

describe('MESSAGE_MAX_LENGTH', () => {
  it('is the length splitTelegramHtml keeps to by default: a message of exactly that length stays whole, one more is split', () => {
    const exact = 'a'.repeat(MESSAGE_MAX_LENGTH);
    expect(splitTelegramHtml(exact)).toEqual([exact]);
    const parts = splitTelegramHtml(`${exact}b`);
    expect(parts.length).toBe(2);
    expect(parts.join('')).toBe(`${exact}b`);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(MESSAGE_MAX_LENGTH);
  });

  it('counts UTF-16 units: emoji and entities fill a part no further than the limit, and each part stays valid', () => {
    const html = Array.from({ length: 3 * MESSAGE_MAX_LENGTH / 20 }, (_, i) => `🙂 <b>${i}</b> &amp; 👍🏽 `).join('');
    const parts = splitTelegramHtml(html);
    expect(parts.length).toBeGreaterThan(2);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(MESSAGE_MAX_LENGTH);
      expect(telegramHtmlProblem(part)).toBeUndefined();
    }
  });
});

describe('INLINE_MESSAGE_MAX_LENGTH', () => {
  it('bounds the first part an inline result sends', () => {
    const [first] = splitTelegramHtml('<i>long answer</i> '.repeat(1000), INLINE_MESSAGE_MAX_LENGTH);
    expect(first!.length).toBeLessThanOrEqual(INLINE_MESSAGE_MAX_LENGTH);
    expect(first!.length).toBeGreaterThan(INLINE_MESSAGE_MAX_LENGTH - 100);
  });
});

describe('WEBHOOK_SECRET_HEADER', () => {
  it('is written in lower case, the only form in which Node’s request headers can be looked up', () => {
    expect(WEBHOOK_SECRET_HEADER).toBe(WEBHOOK_SECRET_HEADER.toLowerCase());
    expect(WEBHOOK_SECRET_HEADER).toMatch(/^x-telegram-bot-api-secret-token$/);
  });
});
