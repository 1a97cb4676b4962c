export type { Answer, AskOptions, Citation, QuestionType } from './types.js';
export { answerQuestion, companionsOf, defaultAnsweringOptions, defaultVectors, NOT_IN_COVERAGE, weighCandidates } from './answer.js';
export type { AnswerQuestionOptions, AnsweringOptions, Candidate, RankedPassage, WeighedQuestion } from './answer.js';
export { cleanPassageText, composeAnswer } from './compose.js';
export { expectedAnswerOf } from './answer-type.js';
export type { ExpectedAnswer } from './answer-type.js';
export { FEATURE_NAMES, featureVector } from './features.js';
export type { CandidateFeatures, FeatureName, QuestionContext, WordSimilarity } from './features.js';
export {
  AnswerModelError,
  answerModelSchema,
  CONFIDENCE_FEATURE_NAMES,
  confidenceInputs,
  learnedScorer,
  linearScore,
  parseAnswerModel,
  shippedAnswerModel,
  sigmoid,
} from './scorer.js';
export type { AnswerModel, AnswerScorer, LinearModel } from './scorer.js';
export { checkQuestion, MAX_QUESTION_LENGTH } from './validate.js';
export type { QuestionCheck } from './validate.js';
export { shapeQuestion } from './question.js';
export type { QuestionShape } from './question.js';
export { nextConversationContext } from './conversation.js';
