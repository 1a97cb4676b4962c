export type { Answer, AskOptions, Citation, QuestionType } from './types.js';
export { answerQuestion, cleanPassageText, NOT_IN_COVERAGE } from './answer.js';
export type { AnswerQuestionOptions, AnsweringOptions } from './answer.js';
export { checkQuestion, MAX_QUESTION_LENGTH } from './validate.js';
export type { QuestionCheck } from './validate.js';
export { shapeQuestion } from './question.js';
export type { QuestionShape } from './question.js';
export { passagesFromParagraphs, readReutersArticles, REUTERS_FILE } from './distractors.js';
export { nextConversationContext } from './conversation.js';
