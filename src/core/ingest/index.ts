export type { Article, ArticleMeta, Corpus, Passage, SkippedFile } from './types.js';
export { createReadCache, readCorpus, rememberCorpus, stampFolders, type ReadCache, type ReadCorpusOptions, type ReadFileResult } from './read-corpus.js';
export { createOutletDirectory, type OutletDirectory } from './outlets.js';
export { DEFAULT_MAX_FILE_BYTES } from './article-file.js';
export { shareBodyText } from './passages.js';
export { ingestFiles, type IngestOptions, type IngestReport, type IngestedFile, type DuplicateFile } from './ingest-files.js';
