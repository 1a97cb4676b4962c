/** End to end: webhook mode, where Telegram posts updates to the bot's own HTTP server. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

const SECRET = 'webhook-secret_123';
let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    env: { TELEGRAM_WEBHOOK_URL: 'https://bot.example.com/telegram/updates', TELEGRAM_WEBHOOK_SECRET: SECRET },
    config: (config) => ({ ...config, telegram: { ...config.telegram, webhookHost: '127.0.0.1', webhookPort: 0 } }),
  });
});
afterAll(async () => {
  await h?.close();
});

function post(body: unknown, headers: Record<string, string> = {}, path = '/telegram/updates') {
  return fetch(`http://127.0.0.1:${h.bot.webhook!.port}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

describe('Telegram bot in webhook mode', () => {
  it('registers its webhook URL with the secret token and does not poll', () => {
    expect(h.fake.webhook).toEqual({ url: 'https://bot.example.com/telegram/updates', secret_token: SECRET });
    expect(h.fake.calls('getUpdates')).toEqual([]);
    expect(h.bot.webhook?.host).toBe('127.0.0.1');
  });

  it('refuses updates without the secret token or with a wrong one, and ignores them', async () => {
    const missing = h.fake.userMessage({ text: 'Who did Shoygu meet?', queue: false });
    const wrong = h.fake.userMessage({ text: 'Who did Shoygu meet?', queue: false });
    expect((await post(missing)).status).toBe(401);
    expect((await post(wrong, { 'X-Telegram-Bot-Api-Secret-Token': 'guess' })).status).toBe(401);
    expect((await post(wrong, { 'X-Telegram-Bot-Api-Secret-Token': SECRET.slice(0, -1) })).status).toBe(401);
    // The bot sent nothing for either: the next thing it sends answers a later, genuine update.
    const genuine = h.fake.userMessage({ text: '/sources', queue: false });
    expect((await post(genuine, { 'X-Telegram-Bot-Api-Secret-Token': SECRET })).status).toBe(200);
    const sent = await h.fake.nextCall('sendMessage');
    expect(sent.params.reply_parameters?.message_id).toBe(genuine.message.message_id);
    expect(h.fake.calls('sendMessage')).toHaveLength(1);
  });

  it('answers an update that carries the secret token', async () => {
    const update = h.fake.userMessage({ text: 'Who did Shoygu meet?', queue: false });
    expect((await post(update, { 'X-Telegram-Bot-Api-Secret-Token': SECRET })).status).toBe(200);
    const sent = await h.fake.nextCall('sendMessage');
    expect(sent.params.text).toMatch(/Memis/);
    expect(sent.params.reply_parameters?.message_id).toBe(update.message.message_id);
  });

  it('rejects a body that is not an update and a path that is not the webhook', async () => {
    expect((await post('not an update', { 'X-Telegram-Bot-Api-Secret-Token': SECRET })).status).toBe(400);
    expect((await post({ update_id: 1 }, { 'X-Telegram-Bot-Api-Secret-Token': SECRET }, '/elsewhere')).status).toBe(404);
  });

  it('stops taking updates on stop(): the webhook server closes', async () => {
    const port = h.bot.webhook!.port;
    await h.bot.stop('test');
    await expect(fetch(`http://127.0.0.1:${port}/telegram/updates`, { method: 'POST', headers: { 'X-Telegram-Bot-Api-Secret-Token': SECRET } })).rejects.toThrow();
  });
});
