import { createHash, randomBytes } from 'node:crypto';
import type { Conversation } from './types.js';

/**
 * Every key the store writes is built here, so that no raw user, chat or channel id ever becomes
 * part of a key. Ids are hashed with SHA-256 under a fixed namespace; the hash is stable across
 * processes and restarts (several bot instances must find the same keys), which also means it is
 * not a secret: it keeps ids out of plain sight in a dump of the store, nothing more.
 */
const HASH_NAMESPACE = 'coverage-bot/store/v1';

function digest(kind: string, parts: readonly string[]): string {
  const hash = createHash('sha256');
  hash.update(HASH_NAMESPACE);
  hash.update('\0');
  hash.update(kind);
  for (const part of parts) {
    hash.update('\0');
    hash.update(part);
  }
  // 128 bits: far beyond any collision risk for the ids a bot sees, and keeps keys short.
  return hash.digest('hex').slice(0, 32);
}

/**
 * The hashed form of a platform user id, as stored in `FollowUpContext.userId` and in the store's
 * keys. Compare a stored context's `userId` with `hashUserId(platform, id)`, never with the raw id.
 */
export function hashUserId(platform: Conversation['platform'], userId: string): string {
  return `u${digest('user', [platform, userId])}`;
}

/** True when `value` is already the output of hashUserId (so hashing twice is avoided). */
export function isHashedUserId(value: string): boolean {
  return /^u[0-9a-f]{32}$/.test(value);
}

/** Hash of a conversation, for keys that must not reveal the chat or channel id. */
export function conversationHash(conversation: Conversation): string {
  return digest('conversation', [conversation.platform, conversation.id]);
}

/**
 * A question reduced to what decides its answer: Unicode-normalized, lower-cased, whitespace
 * collapsed, trailing punctuation dropped ("Who is Peskov?" and "who is  peskov" share an answer).
 */
export function normalizeQuestion(question: string): string {
  return question
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s?!.…]+$/u, '');
}

/** Lower-cased, whitespace-collapsed form of a subscription query, so "Peskov" and " peskov " are one. */
export function normalizeSubscriptionQuery(query: string): string {
  return query.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Key names, relative to the store's prefix. */
export const keys = {
  context: (conversation: Conversation, messageId: string) =>
    `ctx:${digest('context', [conversation.platform, conversation.id, messageId])}`,
  userContexts: (userHash: string) => `ctx-by-user:${userHash}`,
  rateBucket: (userHash: string) => `rate:${userHash}`,
  answer: (coverageVersion: string, question: string) =>
    `answer:${digest('answer', [coverageVersion, normalizeQuestion(question)])}`,
  subscriptions: (conversation: Conversation) => `subs:${conversationHash(conversation)}`,
  subscribedConversations: () => 'subs-index',
  claim: (key: string) => `claim:${digest('claim', [key])}`,
  /** The question log of one UTC day (YYYYMMDD): one field per answer id. */
  questionLog: (day: string) => `qlog:${day}`,
  /** Ratings of the answers given on one UTC day: one field per answer id and user hash. */
  feedback: (day: string) => `votes:${day}`,
  feedbackField: (answerId: string, userHash: string) => `${answerId}:${userHash}`,
};

/** The UTC day of a time as YYYYMMDD, the unit the question log and ratings are kept in. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10).replace(/-/g, '');
}

/**
 * A new answer id: the UTC day, then 40 random bits (10 hex digits). Short enough for a Telegram
 * callback (64 bytes) or a Discord custom id (100 characters); the day tells where it is stored.
 */
export function newAnswerId(now: number = Date.now()): string {
  return `${utcDay(now)}${randomBytes(5).toString('hex')}`;
}

/** True for a string newAnswerId could have made; anything else from a button is refused. */
export function isAnswerId(value: string): boolean {
  return /^20\d{6}[0-9a-f]{10}$/.test(value);
}
