import { normalizeForMatch, type EvalItem } from './judge.js';

/** Whether an answer text and its article are right for an eval item. */
export function isRightAnswer(item: EvalItem, text: string, article: string): boolean {
  if (item.answerable === false) return false;
  if (item.article && item.article !== article) return false;
  const normalized = normalizeForMatch(text);
  return (item.answers ?? []).some((a) => normalized.includes(normalizeForMatch(a)));
}
