/** Longest question answered (characters, after trimming); longer ones get a polite error. */
export const MAX_QUESTION_LENGTH = 1000;

export type QuestionCheck =
  | { ok: true; text: string }
  | { ok: false; error: 'empty' | 'too-long' | 'no-words' | 'not-english'; message: string };

/**
 * Checks that a message can be asked at all, before any search: not empty, not too long, has words,
 * and is written in Latin script. Never throws; control characters and markup-free spacing are cleaned.
 */
export function checkQuestion(raw: unknown, maxLength: number = MAX_QUESTION_LENGTH): QuestionCheck {
  const text = (typeof raw === 'string' ? raw : '')
    .normalize('NFC')
    // Terminal escape sequences (colours, cursor moves, titles: ESC [ … or ESC ] …) as a whole,
    // so their printable tail ("[31m") does not stay glued to the first word.
    .replace(/\u001b\[[0-?]*[ -/]*[@-~]|\u009b[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-_]/g, ' ')
    // Control and zero-width characters carry no meaning and break tokenization.
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u2060-\u2064\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (text === '') {
    return { ok: false, error: 'empty', message: 'Please type a question about the coverage, for example: "What did the Kremlin say about the talks?"' };
  }
  if (text.length > maxLength) {
    return {
      ok: false,
      error: 'too-long',
      message: `That message is too long (${text.length.toLocaleString('en-US')} characters). Please ask a question of at most ${maxLength.toLocaleString('en-US')} characters.`,
    };
  }
  if (!/[\p{L}\p{N}]/u.test(text)) {
    return { ok: false, error: 'no-words', message: 'I could not find any words in that message. Please ask a question in words, in English.' };
  }
  const latinWords = text.match(/\p{Script=Latin}{2,}/gu) ?? [];
  const otherWords = text.match(/(?:(?!\p{Script=Latin})\p{L}){2,}/gu) ?? [];
  if (latinWords.length === 0 || (otherWords.length > latinWords.length * 2 && latinWords.length < 3)) {
    return {
      ok: false,
      error: 'not-english',
      message: 'Sorry, I can only understand questions in English. Please ask again in English.',
    };
  }
  return { ok: true, text };
}
