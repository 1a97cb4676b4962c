import { describe, expect, it } from 'vitest';
import { nextConversationContext } from '../../../src/core/qa/index.js';

describe('nextConversationContext', () => {
  it('is the question alone when it follows nothing', () => {
    expect(nextConversationContext(undefined, 'Who did Shoygu meet?')).toBe('Who did Shoygu meet?');
  });

  it('puts a follow-up after the questions it followed, one per line', () => {
    const second = nextConversationContext('Who did Shoygu meet?', 'Where did they meet?');
    expect(second).toBe('Who did Shoygu meet?\nWhere did they meet?');
    expect(nextConversationContext(second, 'When?')).toBe('Who did Shoygu meet?\nWhere did they meet?\nWhen?');
  });

  it('starts afresh with a question that stands on its own', () => {
    expect(nextConversationContext('Who did Shoygu meet?', 'What did Peskov say about the Istanbul talks?')).toBe(
      'What did Peskov say about the Istanbul talks?',
    );
  });

  it('drops the oldest questions first to stay within the length limit', () => {
    const chain = nextConversationContext(`Who did ${'a'.repeat(30)} meet?\nAnd ${'b'.repeat(30)}?`, `And ${'c'.repeat(30)}?`, 80);
    expect(chain).toBe(`And ${'b'.repeat(30)}?\nAnd ${'c'.repeat(30)}?`);
    expect(nextConversationContext('x'.repeat(60), `And ${'c'.repeat(60)}?`, 70)).toBe(`And ${'c'.repeat(60)}?`);
  });
});
