export type { Answer, AskOptions, Citation, QuestionType } from './types.js';
import type { PassageIndex } from '../index/types.js';
import type { Statement } from '../statements/types.js';
import type { Answer, AskOptions } from './types.js';

export function answerQuestion(
  _index: PassageIndex,
  question: string,
  _options: AskOptions & { statements?: readonly Statement[] } = {},
): Answer {
  // Placeholder until answering lands.
  return { question, answer: 'The coverage does not say.', confident: false, citations: [], type: 'other' };
}
