export type { PassageIndex, SearchHit, SearchOptions } from './types.js';
import type { Article } from '../ingest/types.js';
import type { PassageIndex } from './types.js';

export function buildIndex(articles: readonly Article[]): PassageIndex {
  // Placeholder until the index lands.
  return {
    articles: new Map(articles.map((a) => [a.id, a])),
    passages: articles.flatMap((a) => a.passages),
    search: () => [],
  };
}
