import { defaultVectors, type WordSimilarity } from '../src/core/qa/index.js';

/** The word vectors answering uses by default (the lexicon's), for training and the eval's other scorers. */
export function lexiconVectors(): WordSimilarity | undefined {
  return defaultVectors();
}
