import { readFileSync } from 'node:fs';
import { foldText } from '../src/core/index/index.js';
import type { Answer } from '../src/core/qa/types.js';

/** One line of an eval set (test/fixtures/eval/*.jsonl). */
export interface EvalItem {
  id: string;
  q: string;
  /** Key phrases, any of which must appear in the answer. */
  answers?: string[];
  /** The article that should be cited first. */
  article?: string;
  /** False for questions the coverage cannot answer (default true). */
  answerable?: boolean;
  /** The previous question, for follow-up items. */
  previous?: string;
}

export interface EvalOutcome {
  item: EvalItem;
  answer: Answer;
  answerable: boolean;
  citedFirst: boolean;
  answerCorrect: boolean;
  refused: boolean;
}

export interface EvalReport {
  items: number;
  answerable: number;
  unanswerable: number;
  /** First citation is the gold article, over answerable items. */
  citation_at_1: number;
  /** A gold key phrase appears in the answer, over answerable items. */
  answer_accuracy: number;
  /** Unanswerable items answered with confident: false. */
  abstention_accuracy: number;
  /** Answerable items answered with confident: false. */
  false_abstention_rate: number;
  /**
   * Mean length in characters of the answers given (confident ones): a longer answer holds a gold
   * phrase more often, so answer accuracy is read beside it.
   */
  mean_answer_chars: number;
  failures: { id: string; q: string; why: string; answer: string; cited: string | null }[];
}

/** Reads a JSON-lines eval file; throws with the line number of a malformed line. */
export function readEvalItems(file: string): EvalItem[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line, i) => ({ line: line.trim(), number: i + 1 }))
    .filter(({ line }) => line !== '')
    .map(({ line, number }) => {
      try {
        const item = JSON.parse(line) as EvalItem;
        if (typeof item.q !== 'string') throw new Error('no "q" field');
        return { ...item, id: item.id ?? `line-${number}` };
      } catch (error) {
        throw new Error(`${file}:${number}: ${(error as Error).message}`);
      }
    });
}

/** Lowercase, no diacritics, no quote marks, hyphens as spaces: how gold phrases are compared. */
export function normalizeForMatch(text: string): string {
  return foldText(text)
    .replace(/["'`]/g, '')
    .replace(/-/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Scores one answer against its eval item. */
export function judge(item: EvalItem, answer: Answer): EvalOutcome {
  const answerable = item.answerable !== false;
  const text = normalizeForMatch(answer.answer);
  return {
    item,
    answer,
    answerable,
    citedFirst: answerable && item.article !== undefined && answer.citations[0]?.article === item.article,
    answerCorrect: answerable && answer.confident && (item.answers ?? []).some((a) => text.includes(normalizeForMatch(a))),
    refused: !answer.confident,
  };
}

/** Sums outcomes into the four figures of the quality bar. */
export function summarizeOutcomes(outcomes: readonly EvalOutcome[]): EvalReport {
  const answerable = outcomes.filter((o) => o.answerable);
  const unanswerable = outcomes.filter((o) => !o.answerable);
  const given = outcomes.filter((o) => !o.refused);
  const share = (n: number, d: number): number => (d === 0 ? 0 : Math.round((n / d) * 1000) / 1000);
  const failures = outcomes.flatMap((o) => {
    const why: string[] = [];
    if (o.answerable) {
      if (!o.citedFirst) why.push('wrong first citation');
      if (!o.answerCorrect) why.push('no gold phrase');
      if (o.refused) why.push('refused');
    } else if (!o.refused) why.push('answered an unanswerable question');
    return why.length === 0
      ? []
      : [{ id: o.item.id, q: o.item.q, why: why.join(', '), answer: o.answer.answer, cited: o.answer.citations[0]?.article ?? null }];
  });
  return {
    items: outcomes.length,
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    citation_at_1: share(answerable.filter((o) => o.citedFirst).length, answerable.length),
    answer_accuracy: share(answerable.filter((o) => o.answerCorrect).length, answerable.length),
    abstention_accuracy: share(unanswerable.filter((o) => o.refused).length, unanswerable.length),
    false_abstention_rate: share(answerable.filter((o) => o.refused).length, answerable.length),
    mean_answer_chars: Math.round(given.reduce((n, o) => n + o.answer.answer.length, 0) / Math.max(1, given.length)),
    failures,
  };
}
