export type {
  AnalyzedQuery,
  IndexSnapshot,
  PassageIndex,
  QueryTerm,
  RankingOptions,
  SearchHit,
  SearchOptions,
} from './types.js';
export { buildIndex, restoreIndex, SnapshotMismatchError, SNAPSHOT_FORMAT } from './passage-index.js';
export type { BuildIndexOptions } from './passage-index.js';
export { createAnalyzer, foldText, lexiconFromGroups, nlp, writtenForms } from './text.js';
export type { Analyzer, AnalyzedToken, AnalyzerOptions, Lexicon, RelatedTerm } from './text.js';
export { tieredIndex } from './tiered.js';
