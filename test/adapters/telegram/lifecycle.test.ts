/** Starting and stopping the bot against the fake Bot API. */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Message } from 'telegraf/types';
import { startTelegramBot } from '../../../src/adapters/telegram/index.js';
import { loadConfig } from '../../../src/config/index.js';
import { createMemoryStore, createStore } from '../../../src/store/index.js';
import { startFakeTelegram } from '../../support/fake-telegram.js';
import { article, handMadeCoverage, memoryLogger, seedCoverage, startHarness } from './harness.js';

describe('Telegram bot lifecycle', () => {
  it('polls after start and stops polling cleanly on stop()', async () => {
    const h = await startHarness({ coverage: handMadeCoverage([]) });
    expect(h.fake.calls('deleteWebhook')).toHaveLength(1);
    h.fake.userMessage({ text: '/help' });
    await h.fake.nextCall('sendMessage');
    await h.bot.stop('test');
    const polls = h.fake.calls('getUpdates').length;
    // A stopped bot takes no more updates: one queued now stays unanswered.
    h.fake.userMessage({ text: '/help' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(h.fake.calls('getUpdates')).toHaveLength(polls);
    expect(h.fake.calls('sendMessage')).toHaveLength(1);
    await h.bot.stop('twice is fine');
    await h.fake.close();
  });

  it('refuses to start with a token Telegram rejects, without printing the token', async () => {
    const fake = await startFakeTelegram();
    const wrongToken = '999999:WRONG-token-never-to-be-printed';
    const config = loadConfig({ TELEGRAM_BOT_TOKEN: wrongToken, TELEGRAM_API_ROOT: fake.apiRoot });
    const start = startTelegramBot({ config, coverage: { current: () => handMadeCoverage([]) }, store: createMemoryStore(), logger: memoryLogger([]) });
    await expect(start).rejects.toThrow(/401/);
    await expect(start).rejects.not.toThrow(/WRONG-token/);
    await fake.close();
  });

  it('waits for a Bot API it cannot reach at start-up, warning, and starts once it answers', async () => {
    const fake = await startFakeTelegram();
    // A gateway on loopback that drops the first connections (as a network that is down does),
    // then passes requests on to the fake Bot API.
    let dropped = 0;
    const gateway = createServer((request, response) => {
      if (dropped < 2) {
        dropped++;
        request.socket.destroy();
        return;
      }
      const upstream = new URL(request.url ?? '/', fake.apiRoot);
      const forward = httpRequest(upstream, { method: request.method, headers: request.headers }, (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      });
      request.pipe(forward);
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    const apiRoot = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
    const lines: Array<Record<string, unknown>> = [];
    const config = loadConfig({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: apiRoot });
    const bot = await startTelegramBot({ config, coverage: { current: () => handMadeCoverage([]) }, store: createMemoryStore(), logger: memoryLogger(lines) });
    expect(bot.username).toBeTruthy();
    const warnings = lines.filter((l) => l.msg === 'telegram: the Bot API cannot be reached; trying again');
    expect(warnings.length).toBe(2);
    expect(JSON.stringify(lines)).not.toContain(fake.token);
    await bot.stop('test');
    gateway.closeAllConnections();
    await new Promise((resolve) => gateway.close(resolve));
    await fake.close();
  }, 30_000);

  it('explains that a token is needed when none is configured', async () => {
    const config = loadConfig({});
    const start = startTelegramBot({ config, coverage: { current: () => handMadeCoverage([]) }, store: createMemoryStore(), logger: memoryLogger([]) });
    await expect(start).rejects.toThrow(/TELEGRAM_BOT_TOKEN.*BotFather/);
  });

  it('serves the coverage source’s current version, so /sources changes when the coverage does', async () => {
    let current = handMadeCoverage([article('one', { title: 'First headline', body: 'One.' })]);
    const fake = await startFakeTelegram();
    const config = loadConfig({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot });
    const store = createMemoryStore();
    const bot = await startTelegramBot({ config, coverage: { current: () => current }, store, logger: memoryLogger([]) });
    fake.userMessage({ text: '/sources' });
    expect((await fake.nextCall('sendMessage')).params.text).toContain('1 article in the coverage');
    current = handMadeCoverage([
      article('one', { title: 'First headline', body: 'One.' }),
      article('two', { title: 'Second headline', body: 'Two.' }),
    ]);
    fake.userMessage({ text: '/sources' });
    const text = String((await fake.nextCall('sendMessage')).params.text);
    expect(text).toContain('2 articles in the coverage');
    expect(text).toContain('Second headline');
    await bot.stop();
    await fake.close();
  });

  it('keeps follow-up context across a restart with the embedded store', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'telegram-restart-'));
    const fake = await startFakeTelegram();
    const config = loadConfig({ TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, DATA_DIR: dataDir });
    const coverage = await seedCoverage();
    const start = async () => {
      const store = await createStore({ dataDir: config.dataDir });
      const bot = await startTelegramBot({ config, coverage: { current: () => coverage }, store, logger: memoryLogger([]) });
      return { store, bot };
    };
    try {
      const first = await start();
      fake.userMessage({ text: 'Who did Shoygu meet?' });
      const answer = (await fake.nextCall('sendMessage')).result as Message.TextMessage;
      const conversation = { platform: 'telegram' as const, id: String(answer.chat.id) };
      await expect.poll(() => first.store.context.get(conversation, String(answer.message_id))).toBeDefined();
      await first.bot.stop('restart');
      await first.store.close();

      const second = await start();
      expect(await second.store.context.get(conversation, String(answer.message_id))).toMatchObject({ question: 'Who did Shoygu meet?' });
      fake.userMessage({ text: 'And what did he say about Istanbul?', replyTo: answer });
      // "he" is Shoygu only in the context of the first question, which the new process found in the store.
      expect((await fake.nextCall('sendMessage')).params.text).toMatch(/Shoygu/);
      await second.bot.stop('done');
      await second.store.close();
    } finally {
      await fake.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('closes its webhook server when Telegram refuses the webhook', async () => {
    const fake = await startFakeTelegram();
    fake.failNext('setWebhook', { error_code: 400, description: 'Bad Request: bad webhook: HTTPS url must be provided for webhook' });
    const loaded = loadConfig({
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_WEBHOOK_URL: 'http://bot.example.com/hook',
      TELEGRAM_WEBHOOK_SECRET: 'secret_1',
    });
    const port = await freePort();
    const config = { ...loaded, telegram: { ...loaded.telegram, webhookHost: '127.0.0.1', webhookPort: port } };
    const start = startTelegramBot({ config, coverage: { current: () => handMadeCoverage([]) }, store: createMemoryStore(), logger: memoryLogger([]) });
    await expect(start).rejects.toThrow(/HTTPS url must be provided/);
    await expect(fetch(`http://127.0.0.1:${port}/hook`, { method: 'POST' })).rejects.toThrow();
    await fake.close();
  });
});

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
