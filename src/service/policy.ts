import { LIMIT_DEFAULTS, type Config } from '../config/index.js';

/**
 * The limits both bots (and the terminal chat) apply, in one place. Each comes from the
 * configuration when it has a variable there; the rest are documented defaults.
 */
export interface ServicePolicy {
  /** Longest question accepted, in characters (MAX_QUESTION_LENGTH). Passed to the core too, so both agree. */
  maxQuestionLength: number;
  /** How many speakers or topics one chat or channel may follow (SUBSCRIPTIONS_PER_CHAT_MAX). */
  subscriptionsPerChatMax: number;
  /** Longest subscription query: a name or a few words, not a paragraph. */
  subscriptionQueryMaxLength: number;
  /**
   * Shortest time one "slow down" notice covers: a user over the rate limit hears it once per
   * wait, and never more than once per this many ms, so a flood does not become a flood of replies.
   */
  slowDownNoticeMinMs: number;
  /** How long ratings and the question log are kept, in days (FEEDBACK_RETENTION_DAYS). */
  feedbackRetentionDays: number;
  /** Telegram user ids allowed to use /report (ADMIN_USER_IDS). */
  adminUserIds: readonly string[];
}

export const DEFAULT_POLICY: ServicePolicy = {
  maxQuestionLength: LIMIT_DEFAULTS.maxQuestionLength,
  subscriptionsPerChatMax: LIMIT_DEFAULTS.subscriptionsPerChatMax,
  // A speaker's name or a topic of a few words fits comfortably in 100 characters.
  subscriptionQueryMaxLength: 100,
  // One second: below that a second notice would arrive together with the first.
  slowDownNoticeMinMs: 1000,
  feedbackRetentionDays: LIMIT_DEFAULTS.feedbackRetentionDays,
  adminUserIds: [],
};

/** The policy a configuration sets. */
export function policyFromConfig(config: Config): ServicePolicy {
  return {
    ...DEFAULT_POLICY,
    maxQuestionLength: config.maxQuestionLength,
    subscriptionsPerChatMax: config.subscriptionsPerChatMax,
    feedbackRetentionDays: config.feedbackRetentionDays,
    adminUserIds: config.adminUserIds,
  };
}
