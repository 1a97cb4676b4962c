/**
 * The core's public surface for adapters: load a coverage folder once, then ask it questions and
 * read the statements it quotes. Adapters import only this file.
 */
export type { Article, ArticleMeta, Corpus, Passage, SkippedFile } from './ingest/types.js';
export type { Answer, AskOptions, Citation, QuestionType } from './qa/types.js';
export type { LatestFilter, SpeakerCount, SpeakerKind, Statement, StatementCitation } from './statements/types.js';
export { speakerKindOf } from './statements/index.js';
export { loadCoverage, buildCoverage } from './coverage.js';
export { nextConversationContext } from './qa/index.js';
export type { Coverage, CoverageSummary, CoverageSource } from './coverage.js';
export { ingestFiles } from './ingest/index.js';
export { createCoverageLoader } from './snapshot/index.js';
export type { CoverageLoaderOptions, SnapshotLog } from './snapshot/index.js';
export type { IngestOptions, IngestReport, IngestedFile, DuplicateFile } from './ingest/index.js';
