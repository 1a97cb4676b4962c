import { existsSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../src/config/index.js';
// The eval's scorer and reader (eval/judge.ts), reused so the bench scores exactly as
// `npm run eval` does; qa/index.ts does not re-export them.
import { readEvalItems, type EvalItem } from '../eval/judge.js';

export { judge, summarizeOutcomes, type EvalItem, type EvalReport } from '../eval/judge.js';

export const QA_FILES = ['dev-qa.jsonl', 'extra-qa.jsonl'].map((f) => path.join(projectRoot, 'test', 'fixtures', 'eval', f));

/** The development questions, plus extra-qa.jsonl when it exists. */
export function readQaSet(files: readonly string[] = QA_FILES): { items: EvalItem[]; files: string[] } {
  const present = files.filter((f) => existsSync(f));
  return { items: present.flatMap((file) => readEvalItems(file)), files: present.map((f) => path.relative(projectRoot, f)) };
}
