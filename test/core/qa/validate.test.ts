import { describe, expect, it } from 'vitest';
import { checkQuestion, MAX_QUESTION_LENGTH } from '../../../src/core/qa/validate.js';

describe('checkQuestion', () => {
  it('cleans terminal escapes, control and zero-width characters, and odd spacing', () => {
    expect(checkQuestion('\u001b[31mWhat\u200b did\u0007  Peskov\n say?\u001b[0m')).toEqual({ ok: true, text: 'What did Peskov say?' });
  });

  it('says what is wrong with a message that cannot be asked', () => {
    expect(checkQuestion('   ')).toMatchObject({ ok: false, error: 'empty' });
    expect(checkQuestion(42)).toMatchObject({ ok: false, error: 'empty' });
    expect(checkQuestion('?!… 🙂')).toMatchObject({ ok: false, error: 'no-words' });
    expect(checkQuestion('Что сказал Песков о переговорах?')).toMatchObject({ ok: false, error: 'not-english' });
    const long = checkQuestion('a'.repeat(MAX_QUESTION_LENGTH + 1));
    expect(long).toMatchObject({ ok: false, error: 'too-long' });
    expect(long.ok ? '' : long.message).toContain('1,001 characters');
  });

  it('takes a question at the length limit, and English with a name in another script', () => {
    expect(checkQuestion(`${'a'.repeat(MAX_QUESTION_LENGTH - 1)}?`).ok).toBe(true);
    expect(checkQuestion('What did Erdoğan say about the talks in Москва?').ok).toBe(true);
  });
});
