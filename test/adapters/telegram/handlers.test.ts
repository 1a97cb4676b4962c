import { describe, expect, it } from 'vitest';
import { conversationSoFar } from '../../../src/adapters/telegram/handlers.js';

describe('conversationSoFar', () => {
  it('is the question alone when it follows nothing', () => {
    expect(conversationSoFar(undefined, 'Who did Shoygu meet?', 500)).toBe('Who did Shoygu meet?');
  });

  it('puts a follow-up after the questions it followed, one per line', () => {
    expect(conversationSoFar('Who did Shoygu meet?\nWhere?', 'When?', 500)).toBe('Who did Shoygu meet?\nWhere?\nWhen?');
  });

  it('drops the oldest questions first to stay within the length limit', () => {
    const chain = conversationSoFar(`${'a'.repeat(30)}\n${'b'.repeat(30)}`, 'c'.repeat(30), 70);
    expect(chain).toBe(`${'b'.repeat(30)}\n${'c'.repeat(30)}`);
    expect(conversationSoFar('a'.repeat(60), 'c'.repeat(60), 70)).toBe('c'.repeat(60));
  });
});
