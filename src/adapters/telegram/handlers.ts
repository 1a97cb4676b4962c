import type { Context, Telegraf } from 'telegraf';
import { message } from 'telegraf/filters';
import type { CoverageSource } from '../../core/index.js';
import type { Config } from '../../config/index.js';
import type { Logger } from '../../log/index.js';
import { latestFor, latestQueryProblem, type BotService, type Refusal, type User } from '../../service/index.js';
import type { BotStore, Conversation } from '../../store/index.js';
import { questionFor, repliesToBot, type BotIdentity } from './addressing.js';
import { callWithRetry, describeError, sendHtml } from './delivery.js';
import { sendReport, voteKeyboard } from './feedback.js';
import { formatAnswer, formatHelp, formatLatest, formatSources, formatSubscriptions, SOURCES_LIST_MAX } from './format.js';
import { escapeHtml } from './html.js';

/** What the adapter needs from the rest of the program; `service` is made from the rest when absent. */
export interface TelegramDeps {
  config: Config;
  coverage: CoverageSource;
  store: BotStore;
  logger: Logger;
  service?: BotService;
}

/** The command menu registered with setMyCommands at start (/report, for admins, is not listed). */
export const COMMANDS = [
  { command: 'ask', description: 'Ask a question about the coverage' },
  { command: 'latest', description: 'Newest statements, optionally by a speaker or on a topic' },
  { command: 'sources', description: 'The articles the coverage holds' },
  { command: 'subscribe', description: 'Get new statements by a speaker or on a topic in this chat' },
  { command: 'unsubscribe', description: 'Stop following a speaker or topic (or everything)' },
  { command: 'subscriptions', description: 'What this chat follows' },
  { command: 'forget', description: 'Delete what the bot keeps about your questions and ratings' },
  { command: 'help', description: 'What the bot covers and how to use it' },
] as const;

const SOMETHING_WENT_WRONG = 'Sorry, something went wrong while answering. Please try again in a moment.';

export const telegramConversation = (chatId: number | string): Conversation => ({ platform: 'telegram', id: String(chatId) });
export const telegramUser = (userId: number | string): User => ({ platform: 'telegram', id: String(userId) });

/** The bot's identity; set by getMe before any update is handled. */
export function botIdentity(bot: Telegraf): BotIdentity {
  if (!bot.botInfo) throw new Error('coverage-bot: the Telegram bot has not called getMe yet');
  return { id: bot.botInfo.id, username: bot.botInfo.username };
}

/** Replies in the chat (and forum topic) of the update, to its message. */
export function replyHtml(ctx: Context, html: string, logger: Logger, markup?: Parameters<typeof sendHtml>[3]['replyMarkup']) {
  const asked = ctx.message;
  const threadId = asked && 'is_topic_message' in asked && asked.is_topic_message ? asked.message_thread_id : undefined;
  return sendHtml(ctx.telegram, ctx.chat!.id, html, { replyTo: asked?.message_id, threadId, replyMarkup: markup }, logger);
}

/** Registers every command and message handler. Each handler only translates between Telegram and the service. */
export function registerHandlers(bot: Telegraf, deps: TelegramDeps, service: BotService): void {
  const { coverage, store, logger } = deps;
  const reply = (ctx: Context, html: string) => replyHtml(ctx, html, logger);

  /** Tells the user about a refusal, unless it is a "slow down" they already heard during this wait. */
  const refuse = async (ctx: Context, refusal: Refusal) => {
    if (refusal.notify && ctx.chat) await reply(ctx, escapeHtml(refusal.message));
  };

  /** Counts the request against the user's rate limit; false (after telling them once) when over it. */
  async function admit(ctx: Context): Promise<boolean> {
    if (!ctx.from) return true;
    const refusal = await service.admit(telegramUser(ctx.from.id));
    if (refusal) await refuse(ctx, refusal);
    return !refusal;
  }

  /** The most quoted person of the coverage, for usage examples that fit what it holds. */
  const exampleSpeaker = () => escapeHtml(coverage.current().speakers()[0]?.speaker ?? 'the president');

  async function answerQuestion(ctx: Context, question: string): Promise<void> {
    const asked = ctx.message!;
    const user = telegramUser(ctx.from!.id);
    const conversation = telegramConversation(ctx.chat!.id);
    // A reply to one of our answers is a follow-up: the service gets the question it answered.
    const replied = 'reply_to_message' in asked ? asked.reply_to_message : undefined;
    const followUp = replied && repliesToBot(asked, botIdentity(bot)) ? await service.recall(conversation, String(replied.message_id)) : undefined;
    const result = await service.ask({ user, question, followUp });
    if (result.kind === 'refused') {
      if (result.reason !== 'empty') return refuse(ctx, result);
      return void (await reply(ctx, `Ask me a question about the coverage, for example: <code>/ask What did ${exampleSpeaker()} say?</code>`));
    }
    const sent = await replyHtml(ctx, formatAnswer(result.answer), logger, voteKeyboard(result.answerId));
    await service.remember(conversation, sent.map((m) => String(m.message_id)), user, result.context);
  }

  async function mayManageSubscriptions(ctx: Context): Promise<boolean> {
    const chat = ctx.chat!;
    if (chat.type === 'private') return true;
    // An anonymous group admin posts as the group itself.
    if (ctx.message && 'sender_chat' in ctx.message && ctx.message.sender_chat?.id === chat.id) return true;
    const member = await callWithRetry(() => ctx.telegram.getChatMember(chat.id, ctx.from!.id), logger);
    return member.status === 'creator' || member.status === 'administrator';
  }

  const storeNote = () =>
    store.status().reachable ? '' : '\n\n<i>My storage is unreachable right now, so this may not have been saved. Please try again later.</i>';

  // Errors of a handler: logged, and the user gets a polite message instead of silence.
  bot.use(async (ctx, next) => {
    logger.debug({ updateId: ctx.update.update_id, type: ctx.updateType, chat: ctx.chat?.type }, 'telegram: update');
    try {
      await next();
    } catch (error) {
      logger.error({ ...describeError(error), updateId: ctx.update.update_id }, 'telegram: handling an update failed');
      if (ctx.chat && ctx.message) await reply(ctx, SOMETHING_WENT_WRONG).catch(() => undefined);
    }
  });

  const help = async (ctx: Context) => {
    if (!(await admit(ctx))) return;
    const current = coverage.current();
    await reply(ctx, formatHelp(current.summary(), current.speakers(), botIdentity(bot).username));
  };
  bot.start(help);
  bot.help(help);

  bot.command('ask', (ctx) => {
    // A bare /ask in reply to someone's message asks that message's question.
    const replied = ctx.message.reply_to_message;
    const quoted = replied && 'text' in replied && !repliesToBot(ctx.message, botIdentity(bot)) ? replied.text : '';
    return answerQuestion(ctx, ctx.payload.trim() || quoted.trim());
  });

  bot.command('latest', async (ctx) => {
    if (!(await admit(ctx))) return;
    const query = ctx.payload.trim();
    const problem = latestQueryProblem(query, service.policy.maxQuestionLength);
    if (problem) return void (await reply(ctx, escapeHtml(problem)));
    const current = coverage.current();
    const { statements, request } = latestFor(current, query);
    await reply(ctx, formatLatest(statements, request, current.speakers()));
  });

  bot.command('sources', async (ctx) => {
    if (!(await admit(ctx))) return;
    const current = coverage.current();
    const page = current.listArticles({ limit: SOURCES_LIST_MAX });
    await reply(ctx, formatSources(page.articles, current.summary().articles, SOURCES_LIST_MAX, page.partial));
  });

  bot.command('forget', async (ctx) => {
    if (!(await admit(ctx))) return;
    const forgotten = await service.forget(telegramUser(ctx.from.id));
    await reply(ctx, escapeHtml(forgotten.message));
  });

  bot.command('subscribe', async (ctx) => {
    if (!(await admit(ctx))) return;
    const query = ctx.payload.trim();
    if (!query) return void (await reply(ctx, `Tell me whom or what to follow, for example: <code>/subscribe ${exampleSpeaker()}</code>`));
    if (!(await mayManageSubscriptions(ctx))) return void (await reply(ctx, 'Only the group’s admins can change what it follows.'));
    const change = await service.subscribe(telegramConversation(ctx.chat.id), query);
    await reply(ctx, escapeHtml(change.message));
  });

  bot.command('unsubscribe', async (ctx) => {
    if (!(await admit(ctx))) return;
    if (!(await mayManageSubscriptions(ctx))) return void (await reply(ctx, 'Only the group’s admins can change what it follows.'));
    const change = await service.unsubscribe(telegramConversation(ctx.chat.id), ctx.payload);
    await reply(ctx, escapeHtml(change.message) + (change.ok ? '' : ' /subscriptions lists what it follows.'));
  });

  bot.command('subscriptions', async (ctx) => {
    if (!(await admit(ctx))) return;
    await reply(ctx, formatSubscriptions(await service.subscriptions(telegramConversation(ctx.chat.id))) + storeNote());
  });

  bot.command('report', async (ctx) => {
    if (!(await admit(ctx))) return;
    await sendReport(ctx, service, logger);
  });

  bot.on(message('text'), async (ctx) => {
    const me = botIdentity(bot);
    const question = questionFor(ctx.message, me);
    if (question !== undefined) return answerQuestion(ctx, question);
    const command = (ctx.message.entities ?? []).find((e) => e.type === 'bot_command' && e.offset === 0);
    if (!command) return;
    const target = ctx.message.text.slice(0, command.length).split('@')[1];
    // In a group, a command for another bot (or for every bot) is none of our business.
    if (ctx.chat.type !== 'private' && target?.toLowerCase() !== me.username.toLowerCase()) return;
    if (!(await admit(ctx))) return;
    await reply(ctx, 'I do not know that command. /help lists what I can do.');
  });

  bot.on('message', async (ctx) => {
    if (ctx.chat.type !== 'private' || !(await admit(ctx))) return;
    await reply(ctx, 'I read text only: send me your question as a message.');
  });
}
