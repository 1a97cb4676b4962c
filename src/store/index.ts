export type { BotStore, Conversation, FollowUpContext, RateDecision, Subscription } from './types.js';
// createStore / createMemoryStore land with the store work (issue 8).
