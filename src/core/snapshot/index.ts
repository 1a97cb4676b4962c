export {
  coverageFromSnapshot,
  createCoverageLoader,
  snapshotChunks,
  snapshotFile,
  snapshotSize,
  writeSnapshot,
  SNAPSHOT_FOLDER,
} from './load.js';
export type { CoverageLoader, CoverageLoaderOptions, SnapshotLog } from './load.js';
export { corpusFingerprint, fingerprintChanges } from './fingerprint.js';
export type { Fingerprint } from './fingerprint.js';
export { decodeSnapshot, encodeSnapshot, CorruptSnapshotError, FILE_FORMAT } from './format.js';
export type { SnapshotContent, SnapshotHeader } from './format.js';
