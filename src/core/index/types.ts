import type { Article, Passage } from '../ingest/types.js';
import type { Analyzer } from './text.js';

export interface SearchHit {
  passage: Passage;
  article: Article;
  /** Higher is better; comparable only within one search. */
  score: number;
  /** Position of the passage in `PassageIndex.passages`. */
  ordinal: number;
}

export interface SearchOptions {
  /** How many hits at most (default 10). */
  limit?: number;
  /** Only passages of these articles. */
  articleIds?: ReadonlySet<string>;
}

/** One term of an analysed query. */
export interface QueryTerm {
  /** The search term (stem of the lemma of the canonical spelling). */
  term: string;
  /** The word as the query wrote it. */
  text: string;
  /** Term id in the index vocabulary, or -1 when no passage or headline has it. */
  id: number;
  /** Inverse document frequency over passages; unknown terms get the highest possible value. */
  idf: number;
  /** Multiplier of the term's score (names and numbers weigh more, synonyms less). */
  weight: number;
  /** Written with a capital inside the sentence, or an acronym: likely a name. */
  proper: boolean;
  kind: 'word' | 'number';
  /** Universal part-of-speech tag of the word in the query (NOUN, VERB, ADJ, PROPN...). */
  pos: string;
  /** For a synonym added by expansion: the query term it stands for. */
  synonymOf?: string;
}

export interface AnalyzedQuery {
  text: string;
  terms: QueryTerm[];
}

/** Ranking parameters, each with a documented default. */
export interface RankingOptions {
  /** BM25 term-frequency saturation (default 1.2). */
  k1?: number;
  /** BM25 length normalisation (default 0.75). */
  b?: number;
  /** Weight of a match in the article's headline, subtitle, outlet or date, added to its passages (default 1). */
  headlineWeight?: number;
  /** Share of the better neighbouring passage's score added to a passage (default 0.25). */
  neighbourWeight?: number;
  /** Bonus, in idf units, for two query terms that appear next to each other (default 0.5). */
  proximityWeight?: number;
  /** Weight of a synonym of a query word relative to the word itself (default 0.4). */
  synonymWeight?: number;
  /** Extra weight of names and numbers in a query (default 1.3). */
  nameWeight?: number;
  /**
   * Coordination: the passage's score and its headline's score are each multiplied by the share of
   * the query's words that field holds, to this power; a word found only through a related word
   * counts `synonymWeight`; 0 turns it off (default 2).
   */
  coordination?: number;
  /**
   * Bonus, as a share of a query word's weight, when the passage or its headline writes the word
   * exactly as the query did rather than in another form of the same stem (default 0.5).
   */
  exactFormWeight?: number;
}

/** Plain data that restores an index without re-analysing the text (see `restoreIndex`). */
export interface IndexSnapshot {
  format: number;
  /** Ids of the indexed passages, in order; restoring checks them against the articles given. */
  passageIds: string[];
  vocabulary: string[];
  ranking: Required<RankingOptions>;
  averageLength: number;
  passageArticle: Int32Array;
  passageLength: Int32Array;
  termFrequency: Int32Array;
  postingStart: Int32Array;
  postingPassage: Int32Array;
  postingImpact: Float32Array;
  headlineFrequency: Int32Array;
  headlineStart: Int32Array;
  headlineArticle: Int32Array;
  headlineImpact: Float32Array;
  sequenceStart: Int32Array;
  sequence: Int32Array;
  headlineSequenceStart: Int32Array;
  headlineSequence: Int32Array;
}

/** Passages of the coverage, ready to search. Built once per corpus version and then only read. */
export interface PassageIndex {
  articles: ReadonlyMap<string, Article>;
  passages: readonly Passage[];
  /** How the index reads text (the configuration's spellings, stems); a query is read the same way. */
  analyzer: Analyzer;
  search(query: string, options?: SearchOptions): SearchHit[];
  /**
   * Splits a query into weighted terms, with related words (WordNet, the lexicon's groups) unless
   * `related` is false, as `search` does. Finding the passage of a known quote needs no related words.
   */
  analyze(query: string, options?: { related?: boolean }): AnalyzedQuery;
  /** Ranks passages for an analysed query (lets a caller adjust term weights first). */
  searchAnalyzed(query: AnalyzedQuery, options?: SearchOptions): SearchHit[];
  /** Term ids of a passage in reading order (stopwords left out). A view: do not modify. */
  passageTerms(ordinal: number): Int32Array;
  /** Term ids of an article's headline, subtitle, outlet and date. */
  headlineTerms(articleId: string): Int32Array;
  /** Term id of a search term, or -1. */
  termId(term: string): number;
  /** Plain data to persist the index; `restoreIndex(snapshot, articles)` brings it back. */
  snapshot(): IndexSnapshot;
}
