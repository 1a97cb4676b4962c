/**
 * Telegram Bot API limits the adapter respects, in one place (https://core.telegram.org/bots/api).
 * Lengths are in UTF-16 code units, which is how Telegram counts them.
 */

/** sendMessage `text`, after entity parsing. We measure the HTML source, which is never shorter. */
export const MESSAGE_MAX_LENGTH = 4096;

/** InputTextMessageContent `message_text` of an inline result. */
export const INLINE_MESSAGE_MAX_LENGTH = 4096;

/** An inline result's `id`, in bytes. */
export const INLINE_RESULT_ID_MAX_BYTES = 64;

/** A BotCommand's `description`. */
export const COMMAND_DESCRIPTION_MAX_LENGTH = 256;

/** The header in which Telegram sends a webhook's `secret_token` with every update. */
export const WEBHOOK_SECRET_HEADER = 'x-telegram-bot-api-secret-token';
