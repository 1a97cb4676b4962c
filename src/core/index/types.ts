import type { Article, Passage } from '../ingest/types.js';

export interface SearchHit {
  passage: Passage;
  article: Article;
  /** Higher is better; comparable only within one search. */
  score: number;
}

export interface SearchOptions {
  /** How many hits at most (default 10). */
  limit?: number;
  /** Only passages of these articles. */
  articleIds?: ReadonlySet<string>;
}

/** Passages of the coverage, ready to search. Built once per corpus version and then only read. */
export interface PassageIndex {
  articles: ReadonlyMap<string, Article>;
  passages: readonly Passage[];
  search(query: string, options?: SearchOptions): SearchHit[];
}
