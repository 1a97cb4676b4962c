import path from 'node:path';
import { pino } from 'pino';
import type { Answer } from '../core/index.js';
import type { Logger } from '../log/index.js';
import type { BucketSpec, StoreBackend } from './backend.js';
import { hashUserId, isAnswerId, isHashedUserId, keys, normalizeSubscriptionQuery, utcDay } from './keys.js';
import { createFileBackend, createMemoryBackend } from './local-backend.js';
import { createRedisBackend, redactUrl } from './redis-backend.js';
import type { BotStore, Conversation, FeedbackRecord, FollowUpContext, QuestionRecord, StoreStatus, Subscription } from './types.js';

export interface StoreOptions {
  /** `redis://…` or `rediss://…` to share state between processes; omitted or empty: the embedded file store. */
  keyvUrl?: string;
  /** Folder of the embedded store (`<dataDir>/store.json`); created on first write. Default `./data`. */
  dataDir?: string;
  /** How long a follow-up context lives (default 60 minutes). */
  contextTtlMs?: number;
  /** Requests per user per `rateLimitWindowMs` (a token bucket of this size, refilled evenly). Default 10. */
  rateLimitPerMinute?: number;
  /** The window `rateLimitPerMinute` applies to. Default 60 000 (one minute); tests shorten it. */
  rateLimitWindowMs?: number;
  /** How long a cached answer lives (default 6 hours; a coverage change retires it at once anyway). */
  answerTtlMs?: number;
  /** Prefix of every key, so several bots (or test suites) can share one Redis. Default `coverage-bot`. */
  keyPrefix?: string;
  /** Redis only: commands without a reply after this many ms fail (default 500). */
  commandTimeoutMs?: number;
  /** Redis only: how long start-up waits for the first connection (default 2000). */
  connectTimeoutMs?: number;
  /**
   * Embedded store only: changes are written to disk at most once per this many ms (default 1000).
   * A clean exit or `close()` writes at once; a crash loses at most this much.
   */
  flushDelayMs?: number;
  /** How long the question log and answer ratings are kept (default 90 days). */
  feedbackRetentionMs?: number;
  /** Embedded and memory stores only: answers kept in the in-process cache (default 2000, oldest dropped first). */
  answerCacheEntries?: number;
  logger?: Logger;
}

const DAY_MS = 24 * 60 * 60_000;

const DEFAULTS = {
  dataDir: 'data',
  contextTtlMs: 60 * 60_000,
  rateLimitPerMinute: 10,
  rateLimitWindowMs: 60_000,
  answerTtlMs: 6 * 60 * 60_000,
  feedbackRetentionMs: 90 * DAY_MS,
  keyPrefix: 'coverage-bot',
};

/**
 * Opens the bots' store: Redis when `keyvUrl` is set (several processes share state), otherwise
 * the embedded file store under `dataDir`. Never throws because a backend is unreachable: an
 * unreachable Redis is reported once and retried in the background, a corrupt store file is
 * moved aside.
 *
 * @example
 * const store = await createStore({ keyvUrl: config.keyvUrl, dataDir: config.dataDir, logger });
 * if (!(await store.rateLimit.hit('telegram', userId)).allowed) return tooFast();
 */
export async function createStore(options: StoreOptions = {}): Promise<BotStore> {
  const logger = options.logger ?? silentLogger();
  const prefix = options.keyPrefix ?? DEFAULTS.keyPrefix;
  const url = options.keyvUrl?.trim();
  if (url) {
    const backend = await createRedisBackend({
      url,
      prefix,
      logger,
      commandTimeoutMs: options.commandTimeoutMs,
      connectTimeoutMs: options.connectTimeoutMs,
    });
    logger.info({ backend: 'redis', url: redactUrl(url) }, 'store opened');
    return createBotStore(backend, options, logger);
  }
  const dataDir = path.resolve(options.dataDir ?? DEFAULTS.dataDir);
  const backend = createFileBackend({
    dataDir,
    prefix,
    logger,
    flushDelayMs: options.flushDelayMs,
    answerCacheEntries: options.answerCacheEntries,
  });
  logger.info({ backend: 'file', dataDir }, 'store opened');
  return createBotStore(backend, options, logger);
}

/** A store that lives in memory only, for unit tests of code that needs a BotStore. */
export function createMemoryStore(options: Omit<StoreOptions, 'keyvUrl' | 'dataDir'> = {}): BotStore {
  const logger = options.logger ?? silentLogger();
  return createBotStore(createMemoryBackend(options.keyPrefix ?? DEFAULTS.keyPrefix, options.answerCacheEntries), options, logger);
}

function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** While the backend is unreachable, operations skip it and return their fallback at once, trying it again after this long. */
const RETRY_UNREACHABLE_AFTER_MS = 1000;

class OperationTimeoutError extends Error {
  constructor(ms: number) {
    super(`no reply within ${ms} ms`);
    this.name = 'OperationTimeoutError';
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number | undefined): Promise<T> {
  if (!ms) return promise;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new OperationTimeoutError(ms)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Reports a backend outage once (not once per call) and its end once, and remembers it so
 * `status()` can tell an adapter that a /forget or /subscribe did not reach the store.
 */
function createHealth(kind: StoreBackend['kind'], logger: Logger) {
  let reachable = true;
  let since = Date.now();
  let retryAt = 0;
  const recovered: Array<() => Promise<void>> = [];
  return {
    status: (): StoreStatus => ({ backend: kind, reachable, since }),
    /** False while a recent failure says the backend is down: skip it rather than wait on it. */
    worthTrying: () => reachable || Date.now() >= retryAt,
    failed(operation: string, error: unknown) {
      retryAt = Date.now() + RETRY_UNREACHABLE_AFTER_MS;
      if (!reachable) return;
      reachable = false;
      since = Date.now();
      logger.warn(
        { backend: kind, operation, error: error instanceof Error ? error.message : String(error) },
        'store backend unreachable: answering without cache or follow-up context, rate limits open, until it returns',
      );
    },
    succeeded() {
      if (reachable) return;
      reachable = true;
      since = Date.now();
      logger.info({ backend: kind }, 'store backend reachable again');
      for (const task of recovered.splice(0)) void task();
    },
    /** Runs `task` the next time the backend answers (a /forget that could not reach it). */
    whenRecovered(task: () => Promise<void>) {
      recovered.push(task);
    },
  };
}

function createBotStore(backend: StoreBackend, options: StoreOptions, logger: Logger): BotStore {
  const contextTtlMs = options.contextTtlMs ?? DEFAULTS.contextTtlMs;
  const answerTtlMs = options.answerTtlMs ?? DEFAULTS.answerTtlMs;
  const perWindow = Math.max(1, options.rateLimitPerMinute ?? DEFAULTS.rateLimitPerMinute);
  const bucket: BucketSpec = {
    capacity: perWindow,
    refillMs: Math.max(1, options.rateLimitWindowMs ?? DEFAULTS.rateLimitWindowMs) / perWindow,
  };
  const retentionMs = options.feedbackRetentionMs ?? DEFAULTS.feedbackRetentionMs;
  // A day's hash lives a day longer than the retention, so that its last entry is kept the full time.
  const dayTtlMs = retentionMs + DAY_MS;
  const health = createHealth(backend.kind, logger);
  if (backend.startupError) health.failed('open', backend.startupError);
  /** Claims granted in this process while the backend was unreachable (see `claim`). */
  const localClaims = new Map<string, number>();
  /** The last subscription list read from the backend, served while it is unreachable so that subscribers are still notified. */
  let knownSubscriptions: Subscription[] = [];
  let closed = false;

  /** Runs a backend operation; on failure reports the outage once and returns `fallback`. */
  async function degrade<T>(operation: string, run: () => Promise<T>, fallback: T): Promise<T> {
    if (closed || !health.worthTrying()) return fallback;
    try {
      const result = await withTimeout(run(), backend.operationTimeoutMs);
      health.succeeded();
      return result;
    } catch (error) {
      health.failed(operation, error);
      return fallback;
    }
  }

  async function forgetUser(userHash: string): Promise<number> {
    const index = await backend.hashGetAll(keys.userContexts(userHash));
    const deleted = await Promise.all(Object.keys(index).map((contextKey) => backend.values.delete(contextKey)));
    await backend.hashDelete(keys.userContexts(userHash));
    return deleted.filter(Boolean).length;
  }

  /** The UTC days (YYYYMMDD) from `sinceMs` (no earlier than the retention allows) to today. */
  function daysSince(sinceMs: number | undefined): string[] {
    const now = Date.now();
    const from = Math.max(sinceMs ?? 0, now - retentionMs);
    const days: string[] = [];
    for (let t = Date.UTC(new Date(from).getUTCFullYear(), new Date(from).getUTCMonth(), new Date(from).getUTCDate()); t <= now; t += DAY_MS) {
      days.push(utcDay(t));
    }
    return days;
  }

  function parseRecords<T extends { at: number }>(hash: Record<string, string>, sinceMs: number | undefined): T[] {
    const earliest = Math.max(sinceMs ?? 0, Date.now() - retentionMs);
    const records: T[] = [];
    for (const value of Object.values(hash)) {
      try {
        const record = JSON.parse(value) as T;
        if (record.at >= earliest) records.push(record);
      } catch {
        // A value this code did not write; skip it rather than fail the report.
      }
    }
    return records;
  }

  async function listDays<T extends { at: number }>(key: (day: string) => string, sinceMs: number | undefined): Promise<T[]> {
    const all: T[] = [];
    for (const day of daysSince(sinceMs)) all.push(...parseRecords<T>(await backend.hashGetAll(key(day)), sinceMs));
    return all.sort((a, b) => a.at - b.at);
  }

  async function forgetFeedback(userHash: string): Promise<number> {
    let deleted = 0;
    for (const day of daysSince(undefined)) {
      const fields = Object.keys(await backend.hashGetAll(keys.feedback(day))).filter((f) => f.endsWith(`:${userHash}`));
      if (fields.length > 0) deleted += await backend.hashDelete(keys.feedback(day), fields);
    }
    return deleted;
  }

  const userHashOf = (platform: Conversation['platform'], userId: string) => (isHashedUserId(userId) ? userId : hashUserId(platform, userId));

  return {
    context: {
      get: (conversation, messageId) =>
        degrade('context.get', async () => {
          const stored = (await backend.values.get(keys.context(conversation, messageId))) as FollowUpContext | undefined;
          return stored ?? undefined;
        }, undefined),
      set: (conversation, messageId, context) =>
        degrade('context.set', async () => {
          const userHash = isHashedUserId(context.userId) ? context.userId : hashUserId(conversation.platform, context.userId);
          const key = keys.context(conversation, messageId);
          const stored: FollowUpContext = { question: context.question, userId: userHash, at: context.at };
          if (context.previous) stored.previous = context.previous;
          if (context.answerId) stored.answerId = context.answerId;
          await backend.values.set(key, stored, contextTtlMs);
          // The index lives as long as the newest context it points to.
          await backend.hashSet(keys.userContexts(userHash), key, String(Date.now() + contextTtlMs), contextTtlMs);
        }, undefined),
      forget: async (platform, userId) => {
        const userHash = isHashedUserId(userId) ? userId : hashUserId(platform, userId);
        const deleted = await degrade('context.forget', () => forgetUser(userHash), -1);
        if (deleted >= 0) return deleted;
        // The contexts are out of reach now; delete them when the backend returns (they expire anyway).
        health.whenRecovered(async () => {
          await degrade('context.forget', () => forgetUser(userHash), 0);
        });
        return 0;
      },
    },
    rateLimit: {
      hit: (platform, userId) =>
        degrade('rateLimit.hit', () => backend.takeToken(keys.rateBucket(hashUserId(platform, userId)), bucket), {
          allowed: true,
          retryAfterMs: 0,
        }),
    },
    answers: {
      get: (coverageVersion, question) =>
        degrade('answers.get', async () => {
          const cached = (await backend.answerCache.get(keys.answer(coverageVersion, question))) as Answer | undefined;
          // Same normalized question, possibly typed differently: echo the user's own wording.
          return cached ? { ...cached, question } : undefined;
        }, undefined),
      set: (coverageVersion, question, answer) =>
        degrade('answers.set', async () => {
          // A refusal about the question itself (empty, too long) is cheap to recompute; keep real answers only.
          if (answer.error) return;
          await backend.answerCache.set(keys.answer(coverageVersion, question), answer, answerTtlMs);
        }, undefined),
    },
    subscriptions: {
      add: (conversation, query) =>
        degrade('subscriptions.add', async () => {
          const field = normalizeSubscriptionQuery(query);
          if (!field) return;
          const subscription: Subscription = {
            conversation: { platform: conversation.platform, id: conversation.id },
            query: query.trim().replace(/\s+/g, ' '),
            createdAt: subscriptionClock(),
          };
          const existing = await backend.hashGetAll(keys.subscriptions(conversation));
          if (existing[field] !== undefined) return;
          await backend.hashSet(keys.subscriptions(conversation), field, JSON.stringify(subscription));
          await backend.hashSet(keys.subscribedConversations(), keys.subscriptions(conversation), JSON.stringify(subscription.conversation));
        }, undefined),
      remove: (conversation, query) =>
        degrade('subscriptions.remove', async () => {
          const key = keys.subscriptions(conversation);
          if (query === undefined) {
            const removed = await backend.hashDelete(key);
            await backend.hashDelete(keys.subscribedConversations(), [key]);
            return removed;
          }
          const removed = await backend.hashDelete(key, [normalizeSubscriptionQuery(query)]);
          if (Object.keys(await backend.hashGetAll(key)).length === 0) {
            await backend.hashDelete(keys.subscribedConversations(), [key]);
          }
          return removed;
        }, 0),
      list: (conversation) =>
        degrade(
          'subscriptions.list',
          async () => parseSubscriptions(await backend.hashGetAll(keys.subscriptions(conversation))),
          knownSubscriptions.filter((s) => s.conversation.platform === conversation.platform && s.conversation.id === conversation.id),
        ),
      all: () =>
        degrade(
          'subscriptions.all',
          async () => {
            const conversations = await backend.hashGetAll(keys.subscribedConversations());
            const all: Subscription[] = [];
            for (const key of Object.keys(conversations)) all.push(...parseSubscriptions(await backend.hashGetAll(key)));
            knownSubscriptions = all;
            return all;
          },
          knownSubscriptions,
        ),
    },
    questions: {
      log: (record) =>
        degrade('questions.log', () => backend.hashSet(keys.questionLog(record.id.slice(0, 8)), record.id, JSON.stringify(record), dayTtlMs), undefined),
      get: (answerId) =>
        degrade('questions.get', async () => {
          if (!isAnswerId(answerId)) return undefined;
          const raw = await backend.hashGet(keys.questionLog(answerId.slice(0, 8)), answerId);
          const [record] = raw ? parseRecords<QuestionRecord>({ [answerId]: raw }, undefined) : [];
          return record;
        }, undefined),
      list: (sinceMs) => degrade('questions.list', () => listDays<QuestionRecord>(keys.questionLog, sinceMs), []),
    },
    feedback: {
      set: async (record) => {
        // Not an id newAnswerId made (a forged button): nothing to file it under.
        if (!isAnswerId(record.answerId)) return;
        await degrade('feedback.set', async () => {
          const stored: FeedbackRecord = { ...record, userId: userHashOf(record.platform, record.userId) };
          // Keyed by answer and user: a second rating of the same answer replaces the first (HSET is atomic on Redis).
          await backend.hashSet(keys.feedback(record.answerId.slice(0, 8)), keys.feedbackField(record.answerId, stored.userId), JSON.stringify(stored), dayTtlMs);
        }, undefined);
      },
      get: (platform, userId, answerId) =>
        degrade('feedback.get', async () => {
          if (!isAnswerId(answerId)) return undefined;
          const raw = await backend.hashGet(keys.feedback(answerId.slice(0, 8)), keys.feedbackField(answerId, userHashOf(platform, userId)));
          const [record] = raw ? parseRecords<FeedbackRecord>({ answerId: raw }, undefined) : [];
          return record;
        }, undefined),
      list: (sinceMs) =>
        degrade(
          'feedback.list',
          async () => {
            // Ratings are filed under the day of the answer, so list from the answers' days.
            const all = await listDays<FeedbackRecord>(keys.feedback, undefined);
            return all.filter((r) => sinceMs === undefined || r.at >= sinceMs);
          },
          [],
        ),
      forget: async (platform, userId) => {
        const userHash = userHashOf(platform, userId);
        const deleted = await degrade('feedback.forget', () => forgetFeedback(userHash), -1);
        if (deleted >= 0) return deleted;
        health.whenRecovered(async () => {
          await degrade('feedback.forget', () => forgetFeedback(userHash), 0);
        });
        return 0;
      },
    },
    claim: async (key, ttlMs) => {
      const now = Date.now();
      for (const [claimed, expires] of localClaims) if (expires <= now) localClaims.delete(claimed);
      if (localClaims.has(key)) return false;
      const won = await degrade('claim', () => backend.setIfAbsent(keys.claim(key), ttlMs), undefined);
      if (won !== undefined) return won;
      // Backend unreachable: first caller in this process wins. A subscriber may then get one copy
      // per running instance, which beats every instance staying silent and the statement being lost.
      localClaims.set(key, now + ttlMs);
      return true;
    },
    status: health.status,
    close: async () => {
      if (closed) return;
      closed = true;
      await backend.close();
    },
  };
}

let lastSubscriptionTime = 0;

/**
 * Date.now(), but strictly increasing within this process: subscriptions are listed in the order
 * they were made, and two made in the same millisecond would otherwise tie and come back in the
 * backend's hash order (Redis does not keep insertion order).
 */
function subscriptionClock(): number {
  lastSubscriptionTime = Math.max(Date.now(), lastSubscriptionTime + 1);
  return lastSubscriptionTime;
}

function parseSubscriptions(hash: Record<string, string>): Subscription[] {
  const subscriptions: Subscription[] = [];
  for (const value of Object.values(hash)) {
    try {
      subscriptions.push(JSON.parse(value) as Subscription);
    } catch {
      // A value this code did not write; skip it rather than fail the whole list.
    }
  }
  // Ties (made by two processes in the same millisecond) in a fixed order.
  return subscriptions.sort((a, b) => a.createdAt - b.createdAt || (a.query < b.query ? -1 : a.query > b.query ? 1 : 0));
}
