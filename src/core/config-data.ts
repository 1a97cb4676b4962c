import { join } from 'node:path';
import { ConfigError } from '../config/index.js';
import { defaultOutletDirectory } from './ingest/index.js';
import { loadLexicon } from './index/index.js';
import { LEXICON_DIR, loadWordNet, loadWordVectors } from './lexicon/index.js';
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

/**
 * What is wrong with the lexical data built into `dir` (default dist/lexicon: WordNet and the
 * word vectors, which every question's expansion reads), in one line, or null when both load.
 * For `coverage-bot doctor`: missing data otherwise surfaces only when the first question fails.
 */
export function lexicalDataProblem(dir: string = LEXICON_DIR): string | null {
  try {
    loadWordNet(join(dir, 'wordnet.bin'));
    loadWordVectors(join(dir, 'vectors.bin'));
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
