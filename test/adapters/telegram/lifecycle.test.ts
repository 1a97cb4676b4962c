/** Starting and stopping the bot against the fake Bot API. */
import { describe, expect, it } from 'vitest';
import { startTelegramBot } from '../../../src/adapters/telegram/index.js';
import { loadConfig } from '../../../src/config/index.js';
import { createMemoryStore } from '../../../src/store/index.js';
import { startFakeTelegram } from '../../support/fake-telegram.js';
import { handMadeCoverage, memoryLogger, startHarness } from './harness.js';

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

  it('explains that a token is needed when none is configured', async () => {
    const config = loadConfig({});
    const start = startTelegramBot({ config, coverage: { current: () => handMadeCoverage([]) }, store: createMemoryStore(), logger: memoryLogger([]) });
    await expect(start).rejects.toThrow(/TELEGRAM_BOT_TOKEN.*BotFather/);
  });
});
