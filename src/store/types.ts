import type { Answer, PartialReason } from '../core/index.js';

/** Where a conversation happens: a Telegram chat or a Discord channel. */
export interface Conversation {
  platform: 'telegram' | 'discord' | 'cli';
  /** Chat id (Telegram) or channel id (Discord). */
  id: string;
}

/** What a follow-up needs to know about the answer it replies to. */
export interface FollowUpContext {
  question: string;
  /**
   * The platform user who asked. `set` accepts the raw id and stores only its hash; `get` returns
   * that hash (`hashUserId(platform, rawId)`), so compare with `hashUserId`, never the raw id.
   */
  userId: string;
  at: number;
  /** The conversation before `question` (follow-ups of follow-ups), when there was one. */
  previous?: string;
  /** The id of the answer the bot gave (for ratings), when it logged one. */
  answerId?: string;
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

/** Which backend runs and whether it answered the last operation. */
export interface StoreStatus {
  backend: 'file' | 'redis' | 'memory';
  /** False while the backend is unreachable: reads miss, writes are dropped, rate limits are open. */
  reachable: boolean;
  /** When `reachable` last changed (ms since epoch). */
  since: number;
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
    /**
     * Deletes every stored context of this user (/forget). Returns how many were deleted. When the
     * backend is unreachable it returns 0, `status().reachable` is false, and the deletion is
     * carried out as soon as the backend answers again.
     */
    forget(platform: Conversation['platform'], userId: string): Promise<number>;
  };
  rateLimit: {
    /** Counts one request by this user; fails open (allowed) when the backend is unreachable. */
    hit(platform: Conversation['platform'], userId: string): Promise<RateDecision>;
  };
  answers: {
    /**
     * A cached answer for this question (compared after normalizeQuestion) under this coverage
     * version, with `question` set to the wording asked now.
     */
    get(coverageVersion: string, question: string): Promise<Answer | undefined>;
    /** Caches an answer; one with `error` set (a refused question) is not cached. */
    set(coverageVersion: string, question: string, answer: Answer): Promise<void>;
  };
  subscriptions: {
    /** Adding a query already followed (in any letter case) or an empty one changes nothing. */
    add(conversation: Conversation, query: string): Promise<void>;
    /** Removes one query, or all of this conversation's when `query` is omitted. Returns how many. */
    remove(conversation: Conversation, query?: string): Promise<number>;
    list(conversation: Conversation): Promise<Subscription[]>;
    /**
     * Every conversation's subscriptions. While the backend is unreachable, the list this process
     * last read (so new statements still reach their subscribers, via `claim`'s fallback).
     */
    all(): Promise<Subscription[]>;
  };
  questions: {
    /** Appends a question to the log the report reads (kept for the feedback retention). */
    log(record: QuestionRecord): Promise<void>;
    /** The logged question with this answer id, while it is kept. */
    get(answerId: string): Promise<QuestionRecord | undefined>;
    /** Every question logged at or after `sinceMs` (and within the retention), oldest first. */
    list(sinceMs?: number): Promise<QuestionRecord[]>;
  };
  feedback: {
    /**
     * Stores a rating; one per user and answer, so a second call replaces the first. `userId` may be
     * raw: only its hash is stored.
     */
    set(record: FeedbackRecord): Promise<void>;
    /** The user's current rating of an answer, if any. */
    get(platform: Conversation['platform'], userId: string, answerId: string): Promise<FeedbackRecord | undefined>;
    /** Every rating of answers given at or after `sinceMs` (and within the retention). */
    list(sinceMs?: number): Promise<FeedbackRecord[]>;
    /** Deletes every rating by this user (/forget); returns how many. */
    forget(platform: Conversation['platform'], userId: string): Promise<number>;
  };
  /**
   * First caller wins: true for exactly one caller per key across every process sharing the
   * store (until `ttlMs` passes). Used so that several instances send a notification once.
   * While the backend is unreachable the first caller in each process wins (a subscriber may get
   * one copy per running instance rather than none).
   */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /**
   * Whether the backend is reachable, so an adapter can tell a user that a /forget or /subscribe
   * did not reach the store (no operation ever throws for that reason).
   */
  status(): StoreStatus;
  /** Writes pending changes and closes connections; later calls are no-ops. */
  close(): Promise<void>;
}

/** A rating of one answer. */
export type FeedbackVote = 'up' | 'down';

/** Why an answer was rated down (optional). */
export const FEEDBACK_REASONS = ['wrong-answer', 'wrong-source', 'should-have-answered', 'should-not-have-answered'] as const;
export type FeedbackReason = (typeof FEEDBACK_REASONS)[number];

/** What became of a question: answered with confidence, not answered (a coverage gap), or not askable at all. */
export type QuestionOutcome = 'answered' | 'unanswered' | 'invalid';

/**
 * One question as the report sees it. Holds no user id of any kind: the log is anonymous, so
 * /forget has nothing of it to delete.
 */
export interface QuestionRecord {
  /** The answer id (`answerIdFor`): the UTC day it was given, then random hex. */
  id: string;
  at: number;
  platform: Conversation['platform'];
  question: string;
  outcome: QuestionOutcome;
  answer: string;
  confident: boolean;
  coverageVersion: string;
  /** Ids of the articles the answer cites, best first. */
  citedArticles: string[];
  /**
   * Those articles' titles and outlets when the answer was given, by id: the report names an
   * article by them when the coverage no longer holds it (retracted) or cannot look it up now.
   * Absent in records written before 2026-12-06.
   */
  citedLabels?: Record<string, ArticleLabel>;
  latencyMs: number;
  /** Set when part of the coverage could not be searched for it (the archive was unreachable). */
  partial?: PartialReason;
}

/** One user's rating of one answer; `userId` is always the hash (hashUserId), never the raw id. */
export interface FeedbackRecord {
  answerId: string;
  userId: string;
  platform: Conversation['platform'];
  vote: FeedbackVote;
  reason?: FeedbackReason;
  at: number;
  question: string;
  coverageVersion: string;
  answer: string;
  confident: boolean;
  citedArticles: string[];
  /** As in QuestionRecord. */
  citedLabels?: Record<string, ArticleLabel>;
}

/** How the report names an article: its title and outlet as cited. */
export interface ArticleLabel {
  title: string;
  outlet: string | null;
}
