export type { Article, ArticleMeta, Corpus, Passage, SkippedFile } from './types.js';
import type { Corpus } from './types.js';

/** Reads every article file in `dir`. Files that cannot be read are listed in `skipped`, never thrown. */
export async function readCorpus(dir: string): Promise<Corpus> {
  // Placeholder until ingestion lands.
  return { dir, articles: [], skipped: [] };
}
