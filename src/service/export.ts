import type { FeedbackReason, FeedbackRecord, FeedbackVote } from '../store/index.js';

/** One labelled example for training the answer chooser: a rated answer, without who rated it. */
export interface FeedbackExample {
  question: string;
  answer: string;
  confident: boolean;
  cited_articles: string[];
  coverage_version: string;
  vote: FeedbackVote;
  reason: FeedbackReason | null;
  rated_at: string;
}

/** The ratings as labelled examples, oldest first (no user id, hashed or not). */
export function feedbackExamples(ratings: readonly FeedbackRecord[]): FeedbackExample[] {
  return [...ratings]
    .sort((a, b) => a.at - b.at)
    .map((r) => ({
      question: r.question,
      answer: r.answer,
      confident: r.confident,
      cited_articles: r.citedArticles,
      coverage_version: r.coverageVersion,
      vote: r.vote,
      reason: r.reason ?? null,
      rated_at: new Date(r.at).toISOString(),
    }));
}
