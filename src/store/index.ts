export type { BotStore, Conversation, FollowUpContext, RateDecision, StoreStatus, Subscription } from './types.js';
export { createStore, createMemoryStore } from './store.js';
export type { StoreOptions } from './store.js';
export { hashUserId, normalizeQuestion } from './keys.js';
export { STORE_FILE_NAME } from './local-backend.js';
