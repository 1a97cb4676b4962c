/** The Telegram adapter's public surface. */
export { startTelegramBot } from './bot.js';
export type { TelegramBot } from './bot.js';
export type { TelegramDeps } from './handlers.js';
export { escapeHtml, splitTelegramHtml } from './html.js';
export { formatAnswer, formatStatement } from './format.js';
export * as telegramLimits from './limits.js';
