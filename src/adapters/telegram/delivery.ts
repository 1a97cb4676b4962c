import { setTimeout as sleep } from 'node:timers/promises';
import { TelegramError, type Telegram } from 'telegraf';
import type { InlineKeyboardMarkup, Message } from 'telegraf/types';
import type { Logger } from '../../log/index.js';
import { splitTelegramHtml } from './html.js';

/**
 * The longest `retry_after` we wait out before retrying a call once. Longer waits would hold up
 * every other chat (updates of one getUpdates batch are handled together), so those calls fail.
 */
export const RETRY_AFTER_MAX_SECONDS = 30;

/** A Telegram error's code, or undefined for anything else (network errors, our own bugs). */
export function telegramErrorCode(error: unknown): number | undefined {
  return error instanceof TelegramError ? error.code : undefined;
}

/** What is safe to log about a failed call: no payload (it holds user text), no token. */
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof TelegramError) {
    return { method: (error.on as { method?: string } | undefined)?.method, code: error.code, description: error.description };
  }
  return { error: error instanceof Error ? error.message : String(error) };
}

/**
 * Makes one Bot API call; when Telegram answers 429 with a `retry_after` we can afford, waits that
 * long and makes the call once more. Any other error, or a second 429, is thrown.
 */
export async function callWithRetry<T>(call: () => Promise<T>, logger: Logger): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const retryAfter = error instanceof TelegramError && error.code === 429 ? (error.parameters?.retry_after ?? 1) : undefined;
    if (retryAfter === undefined || retryAfter > RETRY_AFTER_MAX_SECONDS) throw error;
    logger.warn({ ...describeError(error), retryAfter }, 'telegram: flood limit hit, retrying once');
    await sleep(retryAfter * 1000);
    return await call();
  }
}

export interface SendOptions {
  /** Message id to reply to (only the first part replies when the message is split). */
  replyTo?: number;
  /** Forum topic to post in (a reply in a topic must stay in that topic). */
  threadId?: number;
  /** Buttons under the message (under its last part when it is split). */
  replyMarkup?: InlineKeyboardMarkup;
}

/**
 * Sends an HTML message, split into parts Telegram accepts, with link previews off. Returns the
 * messages sent. A chat that blocked or removed the bot (403) is logged and skipped: the result
 * is then shorter than the number of parts, possibly empty.
 */
export async function sendHtml(
  telegram: Telegram,
  chatId: number | string,
  html: string,
  options: SendOptions,
  logger: Logger,
): Promise<Message.TextMessage[]> {
  const sent: Message.TextMessage[] = [];
  const parts = splitTelegramHtml(html);
  for (const [i, part] of parts.entries()) {
    const replyTo = i === 0 ? options.replyTo : undefined;
    const markup = i === parts.length - 1 ? options.replyMarkup : undefined;
    try {
      const message = await callWithRetry(
        () =>
          telegram.sendMessage(chatId, part, {
            parse_mode: 'HTML',
            link_preview_options: { is_disabled: true },
            ...(options.threadId !== undefined ? { message_thread_id: options.threadId } : {}),
            ...(replyTo !== undefined ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}),
            ...(markup ? { reply_markup: markup } : {}),
          }),
        logger,
      );
      sent.push(message);
    } catch (error) {
      if (telegramErrorCode(error) !== 403) throw error;
      logger.warn({ ...describeError(error), chatId: String(chatId) }, 'telegram: the bot may not write to this chat; skipped');
      break;
    }
  }
  return sent;
}
