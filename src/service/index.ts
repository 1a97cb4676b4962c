/** The bot service between the core and the adapters: shared policies, ratings, the question log and the report. */
export { createBotService, NO_MORE_SOURCES, PARTIAL_NOTICES, partialNotice } from './service.js';
export { latestFor, latestQueryProblem } from './latest.js';
export type { LatestRequest } from './latest.js';
export type { Answered, AskedContext, BotService, MorePage, Refusal, ServiceDeps, SubscriptionChange, User, VoteOutcome } from './service.js';
export { DEFAULT_POLICY, policyFromConfig } from './policy.js';
export type { ServicePolicy } from './policy.js';
export { encodeVote, isVotePayload, parseTypedVote, parseVote, REASON_LABELS } from './feedback.js';
export type { VotePress } from './feedback.js';
export { buildReport, coverageGaps, formatReportSummary, percent, REPORT_LIST_MAX } from './report.js';
export type { ArticleUse, CoverageGap, CoverageReport, DayCount, RatedAnswer } from './report.js';
export { escapeHtml as escapeReportHtml, renderReportHtml } from './report-html.js';
export { feedbackExamples } from './export.js';
export type { FeedbackExample } from './export.js';
