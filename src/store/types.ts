import type { Answer } from '../core/index.js';

/** Where a conversation happens: a Telegram chat or a Discord channel. */
export interface Conversation {
  platform: 'telegram' | 'discord' | 'cli';
  /** Chat id (Telegram) or channel id (Discord). */
  id: string;
}

/** What a follow-up needs to know about the answer it replies to. */
export interface FollowUpContext {
  question: string;
  /** The platform user who asked; stored hashed so /forget can find it. */
  userId: string;
  at: number;
}

/** A chat or channel following a speaker or topic. */
export interface Subscription {
  conversation: Conversation;
  /** What is followed, as the user typed it ("Peskov", "Istanbul talks"). */
  query: string;
  createdAt: number;
}

export interface RateDecision {
  allowed: boolean;
  /** When not allowed: how long until the next request is allowed. */
  retryAfterMs: number;
}

/**
 * All state the bots keep, in typed namespaces. Backends (embedded file, Redis, memory in unit tests)
 * are chosen once at start-up; adapters never see which one runs.
 */
export interface BotStore {
  context: {
    /** Context of the bot message `messageId` in `conversation`, if it has not expired. */
    get(conversation: Conversation, messageId: string): Promise<FollowUpContext | undefined>;
    set(conversation: Conversation, messageId: string, context: FollowUpContext): Promise<void>;
    /** Deletes every stored context of this user (/forget). Returns how many were deleted. */
    forget(platform: Conversation['platform'], userId: string): Promise<number>;
  };
  rateLimit: {
    /** Counts one request by this user; fails open (allowed) when the backend is unreachable. */
    hit(platform: Conversation['platform'], userId: string): Promise<RateDecision>;
  };
  answers: {
    /** A cached answer for this question under this coverage version. */
    get(coverageVersion: string, question: string): Promise<Answer | undefined>;
    set(coverageVersion: string, question: string, answer: Answer): Promise<void>;
  };
  subscriptions: {
    add(conversation: Conversation, query: string): Promise<void>;
    /** Removes one query, or all of this conversation's when `query` is omitted. Returns how many. */
    remove(conversation: Conversation, query?: string): Promise<number>;
    list(conversation: Conversation): Promise<Subscription[]>;
    all(): Promise<Subscription[]>;
  };
  /**
   * First caller wins: true for exactly one caller per key across every process sharing the
   * store (until `ttlMs` passes). Used so that several instances send a notification once.
   */
  claim(key: string, ttlMs: number): Promise<boolean>;
  close(): Promise<void>;
}
