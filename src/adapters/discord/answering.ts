import type { Answer, AskOptions, CoverageSource } from '../../core/index.js';
import type { BotStore, Conversation } from '../../store/index.js';
import type { Config } from '../../config/index.js';
import type { Logger } from '../../log/index.js';
import { coverageFooter } from './format.js';

/** What every Discord handler needs: the core, the store, the configuration and a logger. */
export interface DiscordDeps {
  config: Config;
  coverage: CoverageSource;
  store: BotStore;
  logger: Logger;
}

/** Where a Discord conversation's state is kept: per channel (a DM is a channel too). */
export function channelConversation(channelId: string): Conversation {
  return { platform: 'discord', id: channelId };
}

/** Why a question is not answered: a polite sentence, and for a rate limit, when to try again. */
export interface Refusal {
  message: string;
  /** Set when the user is over the rate limit. */
  retryAfterMs?: number;
}

/**
 * Why a question cannot be asked now, or null when it can. Counts one request against the
 * user's rate limit.
 */
export async function refuseQuestion(deps: DiscordDeps, userId: string, question: string): Promise<Refusal | null> {
  const text = question.trim();
  if (text === '') return { message: 'Please include a question, for example: "Who did Shoygu meet?"' };
  if (text.length > deps.config.maxQuestionLength) {
    return { message: `That question is ${text.length} characters long; the limit is ${deps.config.maxQuestionLength}. Please ask it more briefly.` };
  }
  return refuseTooFast(deps, userId);
}

/** A polite "slow down" when the user is over the rate limit, or null. */
export async function refuseTooFast(deps: DiscordDeps, userId: string): Promise<Refusal | null> {
  const decision = await deps.store.rateLimit.hit('discord', userId);
  if (decision.allowed) return null;
  const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
  return {
    message: `You're asking faster than I can keep up with. Please try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
    retryAfterMs: decision.retryAfterMs,
  };
}

/**
 * Asks the current coverage. Plain questions (no follow-up context, first page) go through the
 * answer cache, which is keyed by the coverage version, so new coverage never serves a stale answer.
 */
export async function askCoverage(deps: DiscordDeps, question: string, options: AskOptions = {}): Promise<Answer> {
  const coverage = deps.coverage.current();
  const cacheable = !options.previous && !options.offset;
  if (cacheable) {
    const cached = await deps.store.answers.get(coverage.version, question);
    if (cached) return cached;
  }
  const answer = coverage.ask(question, options);
  if (cacheable && !answer.error) await deps.store.answers.set(coverage.version, question, answer);
  return answer;
}

/** The current coverage's footer line. */
export function currentFooter(deps: DiscordDeps): string {
  return coverageFooter(deps.coverage.current().summary());
}

/** The question (and the one it followed up) behind one of the bot's answer messages. */
export interface AnswerContext {
  question: string;
  previous?: string;
}

/**
 * Remembers what the bot answered in `messageId`, for follow-up replies and its buttons. The
 * store keeps one question per message, so a follow-up's own previous question is kept under a
 * second key beside it (same user, same expiry, deleted by /forget alike).
 */
export async function rememberAnswer(deps: DiscordDeps, channelId: string, messageId: string, userId: string, context: AnswerContext): Promise<void> {
  const conversation = channelConversation(channelId);
  const at = Date.now();
  await deps.store.context.set(conversation, messageId, { question: context.question, userId, at });
  if (context.previous) await deps.store.context.set(conversation, `${messageId}/previous`, { question: context.previous, userId, at });
}

/** What rememberAnswer stored for `messageId`, or undefined when it expired or was forgotten. */
export async function recallAnswer(deps: DiscordDeps, channelId: string, messageId: string): Promise<AnswerContext | undefined> {
  const conversation = channelConversation(channelId);
  const stored = await deps.store.context.get(conversation, messageId);
  if (!stored) return undefined;
  const previous = await deps.store.context.get(conversation, `${messageId}/previous`);
  return previous ? { question: stored.question, previous: previous.question } : { question: stored.question };
}
