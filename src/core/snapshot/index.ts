export { coverageFromSnapshot, createCoverageLoader, snapshotChunks, snapshotFile, snapshotSize } from './load.js';
export type { CoverageLoader, CoverageLoaderOptions, SnapshotLog } from './load.js';
export { corpusFingerprint, fingerprintChanges } from './fingerprint.js';
export type { Fingerprint } from './fingerprint.js';
export { CorruptSnapshotError } from './format.js';
export type { SnapshotBytes, SnapshotHeader } from './format.js';
