export { coverageFromSnapshot, createCoverageLoader, snapshotChunks, snapshotFile, snapshotSize, snapshotStatus } from './load.js';
export type { CorpusFolders, CoverageLoader, CoverageLoaderOptions, SnapshotLog, SnapshotStatus } from './load.js';
export { BuildStalledError, DEFAULT_FILE_TIMEOUT_MS } from './build-off-thread.js';
export { corpusFingerprint, fingerprintChanges } from './fingerprint.js';
export type { Fingerprint } from './fingerprint.js';
export { CorruptSnapshotError } from './format.js';
export type { SnapshotBytes, SnapshotHeader } from './format.js';
