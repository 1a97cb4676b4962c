/**
 * Telegram Bot API limits the adapter respects, in one place (https://core.telegram.org/bots/api).
 * Lengths are in UTF-16 code units, which is how Telegram counts them.
 */

/** sendMessage `text`, after entity parsing. We measure the HTML source, which is never shorter. */
export const MESSAGE_MAX_LENGTH = 4096;

/** An inline query's text. */
export const INLINE_QUERY_MAX_LENGTH = 256;

/** InputTextMessageContent `message_text` of an inline result. */
export const INLINE_MESSAGE_MAX_LENGTH = 4096;

/** Inline results per answerInlineQuery call. */
export const INLINE_RESULTS_MAX = 50;

/** A BotCommand's `description`. */
export const COMMAND_DESCRIPTION_MAX_LENGTH = 256;

/** The header in which Telegram sends a webhook's `secret_token` with every update. */
export const WEBHOOK_SECRET_HEADER = 'x-telegram-bot-api-secret-token';
