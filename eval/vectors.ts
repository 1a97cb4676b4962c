import type { WordSimilarity } from '../src/core/qa/index.js';

/** The lexicon's word vectors for the paraphrase features (undefined until the lexicon ships them). */
export function lexiconVectors(): WordSimilarity | undefined {
  return undefined;
}
