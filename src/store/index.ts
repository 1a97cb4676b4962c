export type {
  ArticleLabel,
  BotStore,
  Conversation,
  FeedbackReason,
  FeedbackRecord,
  FeedbackVote,
  FollowUpContext,
  QuestionOutcome,
  QuestionRecord,
  RateDecision,
  StoreStatus,
  Subscription,
} from './types.js';
export { FEEDBACK_REASONS } from './types.js';
export { createStore, createMemoryStore } from './store.js';
export type { StoreOptions } from './store.js';
export { hashUserId, isAnswerId, newAnswerId, normalizeQuestion } from './keys.js';
export { STORE_FILE_NAME } from './local-backend.js';
