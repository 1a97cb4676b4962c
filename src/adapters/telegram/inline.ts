import { createHash } from 'node:crypto';
import type { Telegraf } from 'telegraf';
import type { InlineQueryResultArticle } from 'telegraf/types';
import { callWithRetry } from './delivery.js';
import { formatAnswer } from './format.js';
import type { BotService } from '../../service/index.js';
import { telegramUser, type TelegramDeps } from './handlers.js';
import { splitTelegramHtml } from './html.js';
import { INLINE_MESSAGE_MAX_LENGTH, INLINE_RESULT_ID_MAX_BYTES } from './limits.js';

/** How long Telegram may cache an inline answer for everyone who types the same query. */
export const INLINE_CACHE_SECONDS = 60;

const TITLE_MAX_LENGTH = 100;

const shorten = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`);

/**
 * `@BotName question` in any chat: the answer as one result the user can send, or a hint (a button
 * opening a private chat with the bot) when there is no question yet, it is too long, or the user
 * is over the rate limit.
 */
export function registerInlineMode(bot: Telegraf, deps: TelegramDeps, service: BotService): void {
  const { coverage, logger } = deps;

  bot.on('inline_query', async (ctx) => {
    const hint = (text: string) =>
      callWithRetry(
        () => ctx.answerInlineQuery([], { cache_time: 0, is_personal: true, button: { text, start_parameter: 'help' } }),
        logger,
      );
    const question = ctx.inlineQuery.query.trim();
    if (!question) return void (await hint('Type a question about the coverage'));
    const current = coverage.current();
    const asked = await service.ask({ user: telegramUser(ctx.from.id), question, unlogged: true });
    if (asked.kind === 'refused' && asked.reason === 'too-fast') {
      return void (await hint(`Too many questions: ${asked.message.replace(/^.*(try again in .*)\.$/, '$1')}`));
    }
    if (asked.kind === 'refused' && asked.reason === 'too-long') {
      return void (await hint(`Questions can be up to ${service.policy.maxQuestionLength} characters`));
    }
    const answer = asked.kind === 'answered' ? asked.answer : { question, answer: asked.message, confident: false, citations: [], type: 'other' as const, error: asked.message };
    const text = splitTelegramHtml(formatAnswer(answer), INLINE_MESSAGE_MAX_LENGTH)[0] ?? 'No answer.';
    const outlets = [...new Set(answer.citations.map((c) => c.outlet ?? c.title))];
    const result: InlineQueryResultArticle = {
      type: 'article',
      // The same question on the same coverage gets the same id (hex: one byte per character).
      id: createHash('sha256').update(`${current.version}\n${question}`).digest('hex').slice(0, INLINE_RESULT_ID_MAX_BYTES),
      title: shorten(answer.error ?? (answer.confident ? answer.answer : `Not sure: ${answer.answer}`), TITLE_MAX_LENGTH),
      description: outlets.length > 0 ? `Sources: ${outlets.join(', ')}` : `Q: ${shorten(question, TITLE_MAX_LENGTH)}`,
      input_message_content: { message_text: text, parse_mode: 'HTML', link_preview_options: { is_disabled: true } },
    };
    // A partial answer (the archive was unreachable) is not cached by Telegram either: it would outlive the outage.
    const cacheTime = 'partial' in answer && answer.partial ? 0 : INLINE_CACHE_SECONDS;
    await callWithRetry(() => ctx.answerInlineQuery([result], { cache_time: cacheTime }), logger);
  });
}
