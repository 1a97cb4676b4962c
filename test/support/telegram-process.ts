import { expect, vi } from 'vitest';
import { alice, privateChat, startFakeTelegram, type FakeTelegram } from './fake-telegram.js';
import { startBotProcess, stopBotProcess, type BotProcess } from './bot-process.js';

/** A Telegram bot process (src/main.ts) polling its own fake Bot API. */
export interface TelegramBotProcess extends BotProcess {
  fake: FakeTelegram;
}

/** Starts a fake Bot API and a bot process polling it, with `env` besides the token and API root. */
export async function startTelegramBotProcess(name: string, env: NodeJS.ProcessEnv): Promise<TelegramBotProcess> {
  const fake = await startFakeTelegram();
  const environment = { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, LOG_LEVEL: 'info', ...env };
  return { fake, ...(await startBotProcess(name, environment, 'telegram bot running', 100_000)) };
}

/** Stops the bot processes and closes their fakes. */
export async function stopTelegramBotProcesses(bots: readonly TelegramBotProcess[]): Promise<void> {
  for (const bot of bots) {
    await stopBotProcess(bot);
    await bot.fake.close();
  }
}

/** Sends a message in a private chat with `bot` and returns the text of its reply to that message. */
export async function sayTo(bot: TelegramBotProcess, text: string, chatId = alice.id): Promise<string> {
  const asked = bot.fake.userMessage({ text, chat: privateChat({ ...alice, id: chatId }) }).message;
  await vi.waitFor(() => expect(bot.fake.calls('sendMessage').some((c) => c.params.reply_parameters?.message_id === asked.message_id)).toBe(true), {
    timeout: 30_000,
    interval: 50,
  });
  const reply = bot.fake.calls('sendMessage').find((c) => c.params.reply_parameters?.message_id === asked.message_id)!;
  expect(reply.error).toBeUndefined(); // the fake refuses broken HTML
  return String(reply.params.text);
}

/** The "New statement" posts to `chatId` across every bot's fake, those holding `quoting` only when given. */
export function statementPostsTo(bots: readonly TelegramBotProcess[], chatId: number, quoting = '') {
  return bots.flatMap((b) =>
    b.fake
      .calls('sendMessage')
      .filter((c) => String(c.params.chat_id) === String(chatId) && String(c.params.text).startsWith('<b>New statement</b>') && String(c.params.text).includes(quoting)),
  );
}
