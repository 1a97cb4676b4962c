/**
 * The core's public surface for adapters: load a coverage folder once, then ask it questions and
 * read the statements it quotes. Adapters import only this file.
 */
export type { Article, ArticleMeta, Corpus, Passage, SkippedFile } from './ingest/types.js';
export type { Answer, AskOptions, Citation, PartialReason, QuestionType } from './qa/types.js';
export type { LatestFilter, SpeakerCount, SpeakerKind, Statement, StatementCitation } from './statements/types.js';
export { speakerKindOf } from './statements/index.js';
export { loadCoverage, buildCoverage, buildCoverageParts, assembleCoverage, corpusVersion } from './coverage.js';
export { nextConversationContext } from './qa/index.js';
export { onFolderChange, watchCoverage } from './live/index.js';
export type { CorpusFolders, CoverageLoader } from './snapshot/index.js';
export type { ArticleListing, ArticlePage, ArticlePageRequest, Coverage, LatestStatements, CoverageSummary, CoverageSource, CoverageParts, ColdSource } from './coverage.js';
export { createReadCache, ingestFiles, readCorpus, shareBodyText } from './ingest/index.js';
export type { ReadCache } from './ingest/index.js';
export { createCoverageLoader, snapshotStatus } from './snapshot/index.js';
export type { CoverageLoaderOptions, SnapshotLog, SnapshotStatus } from './snapshot/index.js';
export type { ProgressCallback, ProgressStep } from './progress.js';
export { configured } from './config.js';
export type { ConfiguredCore, CoreConfig, OutletConfig, PersonConfig, SpeechConfig } from './config.js';
export { lexicalDataProblem } from './lexicon/index.js';
export type { Analyzer, PassageIndex, SearchHit } from './index/index.js';
export { createAnalyzer, lexiconFromGroups, tieredIndex } from './index/index.js';
export { extractStatements } from './statements/index.js';
export type { LiveCoverage } from './live/index.js';
export type { IngestOptions, IngestReport, IngestedFile, DuplicateFile } from './ingest/index.js';
