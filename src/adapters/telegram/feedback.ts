import type { Context, Telegraf } from 'telegraf';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { Logger } from '../../log/index.js';
import { encodeVote, formatReportSummary, isVotePayload, parseVote, REASON_LABELS, renderReportHtml, type BotService } from '../../service/index.js';
import { FEEDBACK_REASONS } from '../../store/index.js';
import { callWithRetry, describeError } from './delivery.js';
import { replyHtml, telegramUser, type TelegramDeps } from './handlers.js';
import { escapeHtml } from './html.js';

/** 👍 / 👎 under an answer; their callback data names the answer (see encodeVote). */
export function voteKeyboard(answerId: string): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [
        { text: '👍 Helpful', callback_data: encodeVote({ answerId, vote: 'up' }) },
        { text: '👎 Not helpful', callback_data: encodeVote({ answerId, vote: 'down' }) },
      ],
    ],
  };
}

/** The optional reasons of a 👎, two per row. */
function reasonKeyboard(answerId: string): InlineKeyboardMarkup {
  const buttons = FEEDBACK_REASONS.map((reason) => ({ text: REASON_LABELS[reason], callback_data: encodeVote({ answerId, vote: 'down', reason }) }));
  return { inline_keyboard: [buttons.slice(0, 2), buttons.slice(2)] };
}

/**
 * Rating buttons (callback queries). A press is stored through the service, once per user and
 * answer; a 👎 is followed by a message offering its reasons, which a reason press replaces with
 * the thanks. Data this bot did not make is refused with a short notice, never trusted.
 */
export function registerFeedback(bot: Telegraf, deps: TelegramDeps, service: BotService): void {
  const { logger } = deps;
  bot.on('callback_query', async (ctx) => {
    const query = ctx.callbackQuery;
    const data = 'data' in query ? query.data : undefined;
    const notice = (text: string) => callWithRetry(() => ctx.answerCbQuery(text), logger).catch((error: unknown) => logger.warn(describeError(error), 'telegram: could not answer a button press'));
    const press = isVotePayload(data) ? parseVote(data) : null;
    if (!press) return void (await notice('This button is not one of mine (or is from an older version). Please ask again.'));
    const outcome = await service.vote(telegramUser(ctx.from.id), press);
    await notice(outcome.message);
    if (outcome.kind !== 'recorded' || !query.message) return;
    const chatId = query.message.chat.id;
    if (press.reason) {
      // The press came from the reasons message: it becomes the thanks.
      await callWithRetry(() => ctx.telegram.editMessageText(chatId, query.message!.message_id, undefined, escapeHtml(outcome.message), { parse_mode: 'HTML' }), logger);
      return;
    }
    if (press.vote === 'down' && !outcome.changed) {
      await callWithRetry(
        () =>
          ctx.telegram.sendMessage(chatId, 'What was wrong with it? (optional)', {
            reply_parameters: { message_id: query.message!.message_id, allow_sending_without_reply: true },
            reply_markup: reasonKeyboard(press.answerId),
          }),
        logger,
      );
    }
  });
}

/** /report, for the user ids in ADMIN_USER_IDS: the summary, and the HTML page as a document. */
export async function sendReport(ctx: Context, service: BotService, logger: Logger): Promise<void> {
  if (!service.mayReport(telegramUser(ctx.from!.id))) {
    await replyHtml(ctx, 'Only the bot’s admins (the user ids in ADMIN_USER_IDS) can see the report.', logger);
    return;
  }
  const report = await service.report();
  await replyHtml(ctx, `<pre>${escapeHtml(formatReportSummary(report))}</pre>`, logger);
  const page = Buffer.from(renderReportHtml(report), 'utf8');
  await callWithRetry(
    () => ctx.telegram.sendDocument(ctx.chat!.id, { source: page, filename: 'coverage-report.html' }, { caption: 'The full report: open it in a browser.' }),
    logger,
  );
}
