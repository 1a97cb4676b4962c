import { nlp } from '../index/index.js';
import { followUpNeed, SAYING_WORDS } from './question.js';
import { MAX_QUESTION_LENGTH } from './validate.js';

/** Parts of speech that name what a question is about. */
const CONTENT_POS = new Set(['NOUN', 'PROPN', 'NUM']);

/**
 * What the next question of a conversation is asked after (`AskOptions.previous`): the questions so
 * far, one per line, newest last, so that a follow-up of a follow-up still knows who "he" is. A
 * question that stands on its own starts the conversation afresh, so that the names of an earlier
 * topic do not leak into a later one; past `maxLength` the oldest questions go first.
 */
export function nextConversationContext(previous: string | undefined, question: string, maxLength = MAX_QUESTION_LENGTH): string {
  const current = question.trim();
  const standsAlone = !previous || followUpNeed(current, contentWordCount(current)) === 'none';
  let chain = standsAlone ? current : `${previous}\n${current}`;
  while (chain.length > maxLength && chain.includes('\n')) chain = chain.slice(chain.indexOf('\n') + 1);
  return chain.slice(-maxLength);
}

function contentWordCount(question: string): number {
  const doc = nlp().readDoc(question);
  const values = doc.tokens().out(nlp().its.normal);
  const tags = doc.tokens().out(nlp().its.pos);
  return values.filter((v, i) => CONTENT_POS.has(tags[i]!) && !SAYING_WORDS.has(v)).length;
}
