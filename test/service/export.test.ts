import { describe, expect, it } from 'vitest';
import { feedbackExamples } from '../../src/service/export.js';
import type { FeedbackRecord } from '../../src/store/index.js';

const rating = (overrides: Partial<FeedbackRecord>): FeedbackRecord => ({
  answerId: '20250603abcdef0123',
  userId: 'u0123456789abcdef0123456789abcdef',
  platform: 'telegram',
  vote: 'up',
  at: Date.UTC(2025, 5, 3, 12, 0, 0),
  question: 'What did Okafor say about the ferries?',
  coverageVersion: 'v1',
  answer: 'The ferries will run every hour from June.',
  confident: true,
  citedArticles: ['harbour'],
  ...overrides,
});

describe('feedbackExamples', () => {
  it('turns each rating into a labelled example in snake_case with an ISO time', () => {
    expect(feedbackExamples([rating({ vote: 'down', reason: 'wrong-source' })])).toEqual([
      {
        question: 'What did Okafor say about the ferries?',
        answer: 'The ferries will run every hour from June.',
        confident: true,
        cited_articles: ['harbour'],
        coverage_version: 'v1',
        vote: 'down',
        reason: 'wrong-source',
        rated_at: '2025-06-03T12:00:00.000Z',
      },
    ]);
  });

  it('never carries who rated, on which platform, or the answer id', () => {
    const [example] = feedbackExamples([rating({})]);
    expect(Object.keys(example!).sort()).toEqual(['answer', 'cited_articles', 'confident', 'coverage_version', 'question', 'rated_at', 'reason', 'vote']);
    expect(JSON.stringify(example)).not.toContain('u0123456789abcdef');
  });

  it('lists the oldest first without reordering its input, and gives a missing reason as null', () => {
    const input = [rating({ at: 3000, question: 'third' }), rating({ at: 1000, question: 'first' }), rating({ at: 2000, question: 'second' })];
    const examples = feedbackExamples(input);
    expect(examples.map((e) => e.question)).toEqual(['first', 'second', 'third']);
    expect(input.map((r) => r.question)).toEqual(['third', 'first', 'second']);
    expect(examples.every((e) => e.reason === null)).toBe(true);
  });

  it('gives nothing for no ratings', () => {
    expect(feedbackExamples([])).toEqual([]);
  });
});
