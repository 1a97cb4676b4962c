import { ConfigError } from '../config/index.js';
import { defaultOutletDirectory } from './ingest/index.js';
import { loadLexicon } from './index/index.js';
import { defaultLexicon } from './statements/index.js';

/**
 * Reads every data file of the config folder that the core uses (outlets, spelling variants,
 * synonyms, people, speech verbs) the way the core reads them, and returns what is wrong with
 * them, one line per problem naming the file (empty when all are valid). For `coverage-bot
 * doctor`: a broken file otherwise surfaces only when a coverage is first built.
 */
export function configDataProblems(): string[] {
  const problems: string[] = [];
  for (const load of [defaultOutletDirectory, () => loadLexicon(), defaultLexicon]) {
    try {
      load();
    } catch (error) {
      for (const problem of error instanceof ConfigError ? error.problems : [(error as Error).message]) {
        if (!problems.includes(problem)) problems.push(problem);
      }
    }
  }
  return problems;
}
