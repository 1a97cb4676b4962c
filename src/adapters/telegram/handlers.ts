import type { Context, Telegraf } from 'telegraf';
import { message } from 'telegraf/filters';
import type { Config } from '../../config/index.js';
import { nextConversationContext, type Answer, type Coverage, type CoverageSource } from '../../core/index.js';
import type { Logger } from '../../log/index.js';
import type { BotStore, Conversation } from '../../store/index.js';
import { questionFor, repliesToBot, type BotIdentity } from './addressing.js';
import { callWithRetry, describeError, sendHtml } from './delivery.js';
import { formatAnswer, formatHelp, formatLatest, formatSources, formatSubscriptions, type LatestRequest } from './format.js';
import { escapeHtml } from './html.js';

/** What the adapter needs from the rest of the program. */
export interface TelegramDeps {
  config: Config;
  coverage: CoverageSource;
  store: BotStore;
  logger: Logger;
}

/** The command menu registered with setMyCommands at start. */
export const COMMANDS = [
  { command: 'ask', description: 'Ask a question about the coverage' },
  { command: 'latest', description: 'Newest statements, optionally by a speaker or on a topic' },
  { command: 'sources', description: 'The articles the coverage holds' },
  { command: 'subscribe', description: 'Get new statements by a speaker or on a topic in this chat' },
  { command: 'unsubscribe', description: 'Stop following a speaker or topic (or everything)' },
  { command: 'subscriptions', description: 'What this chat follows' },
  { command: 'forget', description: 'Delete what the bot keeps about your questions' },
  { command: 'help', description: 'What the bot covers and how to use it' },
] as const;

/** Our own limits on subscriptions, so that one chat cannot fill the store. */
export const SUBSCRIPTIONS_PER_CHAT_MAX = 20;
export const SUBSCRIPTION_QUERY_MAX_LENGTH = 100;

const SOMETHING_WENT_WRONG = 'Sorry, something went wrong while answering. Please try again in a moment.';

export const telegramConversation = (chatId: number | string): Conversation => ({ platform: 'telegram', id: String(chatId) });

/** The bot's identity; set by getMe before any update is handled. */
export function botIdentity(bot: Telegraf): BotIdentity {
  if (!bot.botInfo) throw new Error('coverage-bot: the Telegram bot has not called getMe yet');
  return { id: bot.botInfo.id, username: bot.botInfo.username };
}

/**
 * Asks the coverage, through the store's answer cache (keyed by the coverage version, so a new
 * coverage never serves an old answer). Follow-ups depend on their context and are not cached.
 */
export async function askCoverage(store: BotStore, current: Coverage, question: string, previous?: string): Promise<Answer> {
  if (previous) return current.ask(question, { previous });
  const cached = await store.answers.get(current.version, question);
  if (cached) return cached;
  const answer = current.ask(question);
  await store.answers.set(current.version, question, answer);
  return answer;
}

/** Registers every command and message handler. Each handler only translates between Telegram and the core. */
export function registerHandlers(bot: Telegraf, deps: TelegramDeps): void {
  const { config, coverage, store, logger } = deps;

  const reply = (ctx: Context, html: string) => {
    const asked = ctx.message;
    const threadId = asked && 'is_topic_message' in asked && asked.is_topic_message ? asked.message_thread_id : undefined;
    return sendHtml(ctx.telegram, ctx.chat!.id, html, { replyTo: asked?.message_id, threadId }, logger);
  };

  /** Counts the request against the user's rate limit; tells them (once per wait) when they are over it. */
  async function admit(ctx: Context): Promise<boolean> {
    if (!ctx.from) return true;
    const decision = await store.rateLimit.hit('telegram', String(ctx.from.id));
    if (decision.allowed) return true;
    const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
    // One notice per wait, not one per message, so a flood does not make the bot flood back.
    if (ctx.chat && (await store.claim(`telegram:slow-down:${ctx.from.id}`, decision.retryAfterMs))) {
      await reply(ctx, `You are asking faster than I can answer. Please slow down and try again in ${seconds} s.`);
    }
    return false;
  }

  /** The most quoted person of the coverage, for usage examples that fit what it holds. */
  const exampleSpeaker = () => escapeHtml(coverage.current().speakers()[0]?.speaker ?? 'the president');

  function tooLong(length: number): string | undefined {
    if (length <= config.maxQuestionLength) return undefined;
    return `That is ${length} characters; I take questions of up to ${config.maxQuestionLength}. Please shorten it.`;
  }

  async function answerQuestion(ctx: Context, question: string): Promise<void> {
    const asked = ctx.message!;
    if (!(await admit(ctx))) return;
    if (question === '') return void (await reply(ctx, `Ask me a question about the coverage, for example: <code>/ask What did ${exampleSpeaker()} say?</code>`));
    const problem = tooLong(question.length);
    if (problem) return void (await reply(ctx, problem));
    const conversation = telegramConversation(ctx.chat!.id);
    // A reply to one of our answers is a follow-up: the core gets the question it answered.
    const replied = 'reply_to_message' in asked ? asked.reply_to_message : undefined;
    const previous =
      replied && repliesToBot(asked, botIdentity(bot))
        ? (await store.context.get(conversation, String(replied.message_id)))?.question
        : undefined;
    const answer = await askCoverage(store, coverage.current(), question, previous);
    const sent = await reply(ctx, formatAnswer(answer));
    if (answer.error) return;
    const context = nextConversationContext(previous, question, config.maxQuestionLength);
    for (const m of sent) {
      await store.context.set(conversation, String(m.message_id), { question: context, userId: String(ctx.from!.id), at: Date.now() });
    }
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
    const problem = tooLong(query.length);
    if (problem) return void (await reply(ctx, problem));
    const current = coverage.current();
    let request: LatestRequest = { matchedAs: 'all' };
    let statements = query ? [] : current.latest();
    if (query) {
      // A name the coverage knows is a speaker; anything else is a topic.
      statements = current.latest({ speaker: query });
      request = { query, matchedAs: 'speaker' };
      if (statements.length === 0) {
        statements = current.latest({ topic: query });
        request = { query, matchedAs: 'topic' };
      }
    }
    await reply(ctx, formatLatest(statements, request, current.speakers()));
  });

  bot.command('sources', async (ctx) => {
    if (!(await admit(ctx))) return;
    await reply(ctx, formatSources(coverage.current().corpus.articles));
  });

  bot.command('forget', async (ctx) => {
    if (!(await admit(ctx))) return;
    const deleted = await store.context.forget('telegram', String(ctx.from.id));
    const what = deleted === 1 ? '1 stored question' : `${deleted} stored questions`;
    await reply(
      ctx,
      `Done: I deleted ${what} of yours (kept only so that replies to my answers work as follow-ups). ` +
        `I keep nothing else about you; a chat's subscriptions stay until /unsubscribe.${storeNote()}`,
    );
  });

  bot.command('subscribe', async (ctx) => {
    if (!(await admit(ctx))) return;
    const query = ctx.payload.trim().replace(/\s+/g, ' ');
    if (!query) return void (await reply(ctx, `Tell me whom or what to follow, for example: <code>/subscribe ${exampleSpeaker()}</code>`));
    if (query.length > SUBSCRIPTION_QUERY_MAX_LENGTH) {
      return void (await reply(ctx, `Please keep it under ${SUBSCRIPTION_QUERY_MAX_LENGTH} characters: a name or a few words.`));
    }
    if (!(await mayManageSubscriptions(ctx))) return void (await reply(ctx, 'Only the group’s admins can change what it follows.'));
    const conversation = telegramConversation(ctx.chat.id);
    const existing = await store.subscriptions.list(conversation);
    if (existing.some((s) => s.query.toLowerCase() === query.toLowerCase())) {
      return void (await reply(ctx, `This chat already follows <b>${escapeHtml(query)}</b>.`));
    }
    if (existing.length >= SUBSCRIPTIONS_PER_CHAT_MAX) {
      return void (await reply(ctx, `This chat follows ${existing.length} things already, the most I keep. /unsubscribe one first.`));
    }
    await store.subscriptions.add(conversation, query);
    await reply(ctx, `This chat now follows <b>${escapeHtml(query)}</b>: I will post new statements here as coverage arrives.${storeNote()}`);
  });

  bot.command('unsubscribe', async (ctx) => {
    if (!(await admit(ctx))) return;
    const query = ctx.payload.trim().replace(/\s+/g, ' ');
    if (!(await mayManageSubscriptions(ctx))) return void (await reply(ctx, 'Only the group’s admins can change what it follows.'));
    const removed = await store.subscriptions.remove(telegramConversation(ctx.chat.id), query || undefined);
    if (removed === 0) {
      const what = query ? `<b>${escapeHtml(query)}</b>` : 'anything';
      return void (await reply(ctx, `This chat does not follow ${what}. /subscriptions lists what it follows.${storeNote()}`));
    }
    const what = query ? `<b>${escapeHtml(query)}</b>` : `all ${removed} subscriptions`;
    await reply(ctx, `Stopped: this chat no longer follows ${what}.${storeNote()}`);
  });

  bot.command('subscriptions', async (ctx) => {
    if (!(await admit(ctx))) return;
    await reply(ctx, formatSubscriptions(await store.subscriptions.list(telegramConversation(ctx.chat.id))) + storeNote());
  });

  bot.on(message('text'), async (ctx) => {
    const me = botIdentity(bot);
    const question = questionFor(ctx.message, me);
    if (question !== undefined) return answerQuestion(ctx, question);
    const command = (ctx.message.entities ?? []).find((e) => e.type === 'bot_command' && e.offset === 0);
    if (!command) return;
    const target = ctx.message.text.slice(0, command.length).split('@')[1];
    // In a group, a command for another bot (or for every bot) is none of our business.
    if (ctx.chat.type === 'private' || target?.toLowerCase() === me.username.toLowerCase()) {
      if (!(await admit(ctx))) return;
      await reply(ctx, 'I do not know that command. /help lists what I can do.');
    }
  });

  bot.on('message', async (ctx) => {
    if (ctx.chat.type !== 'private' || !(await admit(ctx))) return;
    await reply(ctx, 'I read text only: send me your question as a message.');
  });
}
