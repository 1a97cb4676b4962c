import { performance } from 'node:perf_hooks';
import type { Config } from '../config/index.js';
import { nextConversationContext, type Answer, type Coverage, type CoverageSource, type PartialReason } from '../core/index.js';
import type { Logger } from '../log/index.js';
import {
  hashUserId,
  newAnswerId,
  type BotStore,
  type Conversation,
  type FeedbackRecord,
  type QuestionRecord,
  type Subscription,
} from '../store/index.js';
import { REASON_LABELS, type VotePress } from './feedback.js';
import { policyFromConfig, type ServicePolicy } from './policy.js';
import { buildReport, type CoverageReport } from './report.js';

/** What the service needs: the configuration, the live coverage, the store and a logger. */
export interface ServiceDeps {
  config: Config;
  coverage: CoverageSource;
  store: BotStore;
  logger: Logger;
}

/** Who asks: a platform and that platform's user id (hashed before anything is stored). */
export interface User {
  platform: Conversation['platform'];
  id: string;
}

/** Why a request is not served, in a plain sentence the adapter escapes for its platform. */
export interface Refusal {
  kind: 'refused';
  reason: 'empty' | 'too-long' | 'too-fast' | 'invalid';
  message: string;
  /** False when the user was already told to slow down during this wait: say nothing. */
  notify: boolean;
}

/** What a reply message stands for, remembered so that replies to it and its buttons work. */
export interface AskedContext {
  question: string;
  /** The conversation before `question`, for follow-ups of follow-ups. */
  previous?: string;
  /** The answer's id, for ratings. */
  answerId?: string;
}

export interface Answered {
  kind: 'answered';
  answer: Answer;
  /** The id rating buttons carry. */
  answerId: string;
  /** What to remember for the message(s) the answer is sent in. */
  context: AskedContext;
}

/** A "more like this" page: further passages, or a sentence saying the answer cited all there is. */
export type MorePage = { kind: 'more'; answer: Answer; nextOffset: number } | { kind: 'no-more'; message: string };

export type VoteOutcome =
  | { kind: 'recorded'; record: FeedbackRecord; changed: boolean; message: string }
  | { kind: 'unknown'; message: string };

export interface SubscriptionChange {
  ok: boolean;
  message: string;
}

/** When a "more" page finds no further passages. Not "the coverage does not say": the answer stands. */
export const NO_MORE_SOURCES = 'No other sources on this question: the answer above already cites everything I found on it.';

/**
 * The line shown under a result the core marked partial (an answer, /latest, /sources), one
 * sentence per reason, in plain text: each adapter escapes it for its markup.
 */
export const PARTIAL_NOTICES: Readonly<Record<PartialReason, string>> = {
  'archive-unreachable': 'Part of the archive could not be searched just now, so this comes from the most recent coverage only.',
};

/** The line to show under a result, or undefined when the whole coverage was searched for it. */
export function partialNotice(result: { partial?: PartialReason }): string | undefined {
  return result.partial ? PARTIAL_NOTICES[result.partial] : undefined;
}

/**
 * The bots' one place for the policies both platforms share: asking through the answer cache,
 * rate limits (on hashed user ids) with one "slow down" notice per wait, question length,
 * follow-up context, "more like this", subscriptions and their cap, ratings, the question log
 * and the report. Adapters translate platform events into these calls and the results into
 * messages; nothing here knows Telegram or Discord.
 *
 * @example
 * const service = createBotService({ config, coverage, store, logger });
 * const result = await service.ask({ user: { platform: 'telegram', id: '42' }, question: 'Who is Peskov?' });
 * if (result.kind === 'answered') send(result.answer);
 */
export function createBotService(deps: ServiceDeps) {
  const { coverage, store, logger } = deps;
  const policy: ServicePolicy = policyFromConfig(deps.config);

  /** Counts one request against the user's rate limit; a Refusal when over it. */
  async function admit(user: User): Promise<Refusal | null> {
    const decision = await store.rateLimit.hit(user.platform, user.id);
    if (decision.allowed) return null;
    const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
    const notify = await store.claim(`slow-down:${hashUserId(user.platform, user.id)}`, Math.max(policy.slowDownNoticeMinMs, decision.retryAfterMs));
    return {
      kind: 'refused',
      reason: 'too-fast',
      message: `You're asking faster than I can keep up with. Please slow down and try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
      notify,
    };
  }

  /** Why a question cannot be asked as typed, before anything is counted. */
  function checkLength(question: string): Refusal | null {
    if (question === '') return { kind: 'refused', reason: 'empty', message: 'Please include a question, for example: "Who did Shoygu meet?"', notify: true };
    if (question.length <= policy.maxQuestionLength) return null;
    return {
      kind: 'refused',
      reason: 'too-long',
      message: `That question is ${question.length} characters long; I take questions of up to ${policy.maxQuestionLength}. Please ask it more briefly.`,
      notify: true,
    };
  }

  /**
   * Asks the coverage; plain questions (no context, first page) go through the version-keyed answer
   * cache. A partial answer (the archive was unreachable) is not cached: the coverage version does
   * not change when the archive comes back, so it would outlive the outage.
   */
  async function askCached(current: Coverage, question: string, previous: string | undefined, offset = 0): Promise<Answer> {
    const options = { maxQuestionLength: policy.maxQuestionLength, ...(previous ? { previous } : {}), ...(offset ? { offset } : {}) };
    const cacheable = !previous && !offset;
    if (cacheable) {
      const cached = await store.answers.get(current.version, question);
      if (cached) return cached;
    }
    const answer = current.ask(question, options);
    if (cacheable && !answer.error && !answer.partial) await store.answers.set(current.version, question, answer);
    return answer;
  }

  async function logQuestion(record: QuestionRecord): Promise<void> {
    await store.questions.log(record);
    logger.debug({ platform: record.platform, outcome: record.outcome, latencyMs: record.latencyMs, cited: record.citedArticles.length }, 'question answered');
  }

  return {
    policy,

    admit,

    /** Why a question cannot be asked as typed (empty, too long), or null; counts nothing. */
    check: (question: string): Refusal | null => checkLength(question.trim()),

    /**
     * Asks a question: checks its length, counts it against the rate limit (unless the adapter
     * already did, `admitted`), asks with the follow-up context of the message it replies to,
     * and logs it for the report (unless `unlogged`: Telegram's inline queries arrive as the user
     * types, so each is a draft rather than a question asked).
     */
    async ask(request: { user: User; question: string; followUp?: AskedContext; admitted?: boolean; unlogged?: boolean }): Promise<Answered | Refusal> {
      const question = request.question.trim();
      const problem = checkLength(question);
      if (problem) return problem;
      if (!request.admitted) {
        const tooFast = await admit(request.user);
        if (tooFast) return tooFast;
      }
      const followUp = request.followUp;
      // A follow-up of a follow-up keeps the whole conversation, not only the last question.
      const previous = followUp ? nextConversationContext(followUp.previous, followUp.question, policy.maxQuestionLength) : undefined;
      const current = coverage.current();
      const started = performance.now();
      const answer = await askCached(current, question, previous);
      const latencyMs = Math.round((performance.now() - started) * 10) / 10;
      const answerId = newAnswerId();
      if (!request.unlogged) {
        await logQuestion({
        id: answerId,
        at: Date.now(),
        platform: request.user.platform,
        question,
        outcome: answer.error ? 'invalid' : answer.confident ? 'answered' : 'unanswered',
        answer: answer.answer,
        confident: answer.confident,
        coverageVersion: current.version,
        citedArticles: [...new Set(answer.citations.map((c) => c.article))],
        citedLabels: Object.fromEntries(answer.citations.map((c) => [c.article, { title: c.title, outlet: c.outlet }])),
        latencyMs,
        ...(answer.partial ? { partial: answer.partial } : {}),
        });
      }
      if (answer.error) return { kind: 'refused', reason: 'invalid', message: answer.error, notify: true };
      return { kind: 'answered', answer, answerId, context: { question, ...(previous ? { previous } : {}), answerId } };
    },

    /** Remembers what the bot answered in these messages, for follow-up replies and buttons. */
    async remember(conversation: Conversation, messageIds: readonly string[], user: User, context: AskedContext): Promise<void> {
      for (const messageId of messageIds) {
        await store.context.set(conversation, messageId, { ...context, userId: hashUserId(user.platform, user.id), at: Date.now() });
      }
    },

    /** What `remember` stored for a message, or undefined when it expired or was forgotten. */
    async recall(conversation: Conversation, messageId: string): Promise<AskedContext | undefined> {
      const stored = await store.context.get(conversation, messageId);
      if (!stored) return undefined;
      return { question: stored.question, ...(stored.previous ? { previous: stored.previous } : {}), ...(stored.answerId ? { answerId: stored.answerId } : {}) };
    },

    /** "More like this": the passages after the first `offset`, for the question of `context`. */
    async more(context: AskedContext, offset: number): Promise<MorePage> {
      const answer = await askCached(coverage.current(), context.question, context.previous, offset);
      // Past the passages that answer it, the core gives "the coverage does not say" with related
      // articles, which would read as if the question had no answer: that is no more sources too.
      if (answer.error || answer.citations.length === 0 || !answer.confident) return { kind: 'no-more', message: NO_MORE_SOURCES };
      return { kind: 'more', answer, nextOffset: offset + answer.citations.length };
    },

    /** Rates an answer: one rating per user and answer (a new press replaces it), filed under the answer's coverage version. */
    async vote(user: User, press: VotePress): Promise<VoteOutcome> {
      const asked = await store.questions.get(press.answerId);
      if (!asked) {
        return { kind: 'unknown', message: `I no longer have that answer (ratings are kept for ${policy.feedbackRetentionDays} days). Thank you anyway.` };
      }
      const before = await store.feedback.get(user.platform, user.id, press.answerId);
      const record: FeedbackRecord = {
        answerId: press.answerId,
        userId: hashUserId(user.platform, user.id),
        platform: user.platform,
        vote: press.vote,
        ...(press.reason ? { reason: press.reason } : {}),
        at: Date.now(),
        question: asked.question,
        coverageVersion: asked.coverageVersion,
        answer: asked.answer,
        confident: asked.confident,
        citedArticles: asked.citedArticles,
        ...(asked.citedLabels ? { citedLabels: asked.citedLabels } : {}),
      };
      await store.feedback.set(record);
      const changed = before !== undefined && (before.vote !== record.vote || before.reason !== record.reason);
      const why = press.reason ? ` (${REASON_LABELS[press.reason].toLowerCase()})` : '';
      const what = press.vote === 'up' ? 'helpful' : `not helpful${why}`;
      const message = changed ? `Changed: your rating is now “${what}”. Thank you.` : `Thank you: noted as “${what}”.`;
      return { kind: 'recorded', record, changed, message };
    },

    /** /forget: the user's follow-up contexts and ratings. */
    async forget(user: User): Promise<{ contexts: number; ratings: number; message: string }> {
      const contexts = await store.context.forget(user.platform, user.id);
      const ratings = await store.feedback.forget(user.platform, user.id);
      if (!store.status().reachable) {
        return {
          contexts,
          ratings,
          message: 'My storage is unreachable right now; what I keep about you will be deleted as soon as it is back (follow-up context expires on its own anyway).',
        };
      }
      const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
      return {
        contexts,
        ratings,
        message:
          `Done: I deleted ${plural(contexts, 'stored question')} (kept so that replies to my answers work as follow-ups) and ${plural(ratings, 'rating')} of yours. ` +
          'The question log keeps no user ids; a chat’s subscriptions stay until unsubscribed.',
      };
    },

    async subscribe(conversation: Conversation, typed: string): Promise<SubscriptionChange> {
      const query = typed.trim().replace(/\s+/g, ' ');
      if (!query) return { ok: false, message: 'Name a speaker or a topic to follow.' };
      if (query.length > policy.subscriptionQueryMaxLength) {
        return { ok: false, message: `Please keep it under ${policy.subscriptionQueryMaxLength} characters: a name or a few words.` };
      }
      const existing = await store.subscriptions.list(conversation);
      if (existing.some((s) => s.query.toLowerCase() === query.toLowerCase())) return { ok: false, message: `This chat already follows “${query}”.` };
      if (existing.length >= policy.subscriptionsPerChatMax) {
        return { ok: false, message: `This chat follows ${existing.length} speakers or topics already, the most I keep; unsubscribe from one first.` };
      }
      await store.subscriptions.add(conversation, query);
      if (!store.status().reachable) return { ok: false, message: 'My storage is unreachable right now, so I could not save that. Please try again in a minute.' };
      return { ok: true, message: `This chat now follows “${query}”: new statements that match will be posted here.` };
    },

    async unsubscribe(conversation: Conversation, typed?: string): Promise<SubscriptionChange> {
      const query = typed?.trim().replace(/\s+/g, ' ') || undefined;
      const removed = await store.subscriptions.remove(conversation, query);
      const unsaved = store.status().reachable ? '' : ' (My storage is unreachable right now; please try again later.)';
      const what = query ? `“${query}”` : 'anything';
      if (removed === 0) return { ok: false, message: `This chat does not follow ${what}.${unsaved}` };
      return { ok: true, message: query ? `Stopped: this chat no longer follows ${what}.` : `Stopped: this chat no longer follows anything (${removed} removed).` };
    },

    subscriptions: (conversation: Conversation): Promise<Subscription[]> => store.subscriptions.list(conversation),

    /** Whether a user may see the report: a Telegram id in ADMIN_USER_IDS, or what the platform says (Discord's Manage Server). */
    mayReport(user: User, platformAdmin = false): boolean {
      if (user.platform === 'telegram') return policy.adminUserIds.includes(user.id);
      return platformAdmin;
    },

    /** The report over what the store keeps since `sinceMs` (default: the whole retention). */
    async report(sinceMs?: number): Promise<CoverageReport> {
      const [questions, ratings] = await Promise.all([store.questions.list(sinceMs), store.feedback.list(sinceMs)]);
      return buildReport(questions, ratings, { since: sinceMs, coverage: currentOrNone(coverage) });
    },
  };
}

export type BotService = ReturnType<typeof createBotService>;

/** The current coverage, or undefined when none is loaded (the CLI's report runs without one). */
function currentOrNone(source: CoverageSource): Coverage | undefined {
  try {
    return source.current();
  } catch {
    return undefined;
  }
}
