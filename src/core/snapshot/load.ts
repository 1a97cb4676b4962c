import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { endianness } from 'node:os';
import path from 'node:path';
import { configured, type CoreConfig } from '../config.js';
import { assembleCoverage, buildCoverageParts, INDEX_FORMAT, type Coverage, type CoverageParts } from '../coverage.js';
import { createReadCache, readCorpus, rememberCorpus, stampFolders, type ReadCache } from '../ingest/index.js';
import { restoreIndex } from '../index/index.js';
import { BuildStalledError, createOffThreadBuilder, type BuildLimits, type BuildRequest, type UpdateCounts } from './build-off-thread.js';
import type { Corpus } from '../ingest/types.js';
import { corpusFingerprint, fingerprintChanges, type Fingerprint } from './fingerprint.js';
import { decodeHeader, decodeSnapshot, encodeSnapshot, FILE_FORMAT, type SnapshotBytes, type SnapshotHeader } from './format.js';
import type { ProgressCallback } from '../progress.js';

/** Where the loader reports what it did; a pino logger fits. */
export interface SnapshotLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export interface CoverageLoaderOptions {
  /** The configuration every coverage is built with (a snapshot built with another is stale). */
  config: CoreConfig;
  /** The data folder (DATA_DIR); snapshots go in its index/ subfolder. */
  dataDir: string;
  /** Files larger than this are skipped by ingestion (default: ingestion's own limit). */
  maxFileBytes?: number;
  log?: SnapshotLog;
  /**
   * Build in a worker thread (the bots: a rebuild then does not hold up their answers, which keep
   * coming from the old coverage); this thread only decodes the worker's snapshot bytes. When the
   * worker fails, the build runs in this thread after a warning. Commands leave it off: a one-shot
   * build has nothing to keep answering.
   */
  worker?: boolean | BuildLimits;
  /**
   * Told how far a build in this thread has come (reading files, indexing, finding statements);
   * not called when the coverage comes from a snapshot or is built in a worker.
   */
  onProgress?: ProgressCallback;
}

/** Subfolder of the data folder that holds the snapshots. */
const SNAPSHOT_FOLDER = 'index';

/** One corpus folder, or several served together (the sample seeds and a user's folder). */
export type CorpusFolders = string | readonly string[];

function folderList(folders: CorpusFolders): string[] {
  return (typeof folders === 'string' ? [folders] : [...folders]).map((d) => path.resolve(d));
}

/**
 * The snapshot file of a corpus folder (or list of folders): one per folder, so a command run
 * over another folder does not throw away the bots' snapshot.
 */
export function snapshotFile(dataDir: string, corpusDirs: CorpusFolders): string {
  const key = createHash('sha256').update(folderList(corpusDirs).join('\n')).digest('hex').slice(0, 16);
  return path.join(path.resolve(dataDir), SNAPSHOT_FOLDER, `coverage-${key}.snapshot`);
}

/** Size in bytes of the snapshot of `corpusDir` in `dataDir`, or null when there is none. */
export function snapshotSize(dataDir: string, corpusDirs: CorpusFolders): number | null {
  try {
    return statSync(snapshotFile(dataDir, corpusDirs)).size;
  } catch {
    return null;
  }
}

/** Whether a corpus folder's snapshot in the data folder can be used as it is, and if not, why. */
export interface SnapshotStatus {
  state: 'current' | 'missing' | 'stale' | 'unreadable';
  file: string;
  /** Why it is stale or unreadable. */
  reason?: string;
  bytes?: number;
}

/**
 * What the loader would find for `corpusDir` in `dataDir`, from the snapshot's header and the
 * folder's fingerprint alone (the same test the loader makes, without reading the payload):
 * `current` is used as it is, `stale` and `unreadable` are rebuilt, `missing` is built.
 * Throws when the corpus folder cannot be listed.
 */
export function snapshotStatus(dataDir: string, corpusDir: CorpusFolders, options: { config: CoreConfig; maxFileBytes?: number }): SnapshotStatus {
  const file = snapshotFile(dataDir, corpusDir);
  const fingerprint = corpusFingerprint(folderList(corpusDir), options);
  let header: SnapshotHeader;
  try {
    header = readHeader(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { state: 'missing', file };
    return { state: 'unreadable', file, reason: (error as Error).message };
  }
  const bytes = snapshotSize(dataDir, corpusDir) ?? undefined;
  const stale = staleReason(header, fingerprint);
  return stale ? { state: 'stale', file, reason: stale, bytes } : { state: 'current', file, bytes };
}

/** Loads a corpus folder's coverage; `saved()` settles once the snapshots it started writing are on disk (or failed). */
export interface CoverageLoader {
  (corpusDirs: CorpusFolders): Promise<Coverage>;
  saved(): Promise<void>;
}

/**
 * A coverage loader for watchCoverage's `load` and the commands: it loads the corpus folder's
 * snapshot from the data folder when the folder has not changed since it was written, and
 * otherwise reads and indexes the folder and writes a new snapshot. The snapshot is written
 * after the coverage is handed over (one write at a time, in order), so a reload is served as
 * soon as it is built. A stale snapshot is rebuilt (info), a damaged one is rebuilt with a
 * warning, and a data folder that cannot be written is warned about once: the coverage is then
 * served without being persisted (later rebuilds still try to write it, silently).
 */
export function createCoverageLoader(options: CoverageLoaderOptions): CoverageLoader {
  const log = options.log ?? silentLog;
  let warnedCannotWrite = false;
  let saving: Promise<void> = Promise.resolve();
  const { config } = options;
  const buildOffThread = options.worker ? createOffThreadBuilder(config, typeof options.worker === 'object' ? options.worker : {}) : undefined;

  const save = async (file: string, encode: () => Buffer[]): Promise<void> => {
    try {
      const bytes = await writeSnapshot(file, encode());
      log.info({ file, bytes }, 'index snapshot saved');
    } catch (error) {
      if (!warnedCannotWrite) {
        log.warn(
          { file, err: (error as Error).message },
          'cannot write the index snapshot to the data folder; serving without persisting it (the next start rebuilds)',
        );
      }
      warnedCannotWrite = true;
    }
  };

  // Files that stalled a build in the worker (the watchdog stopped it): skipped from then on.
  const refused = new Map<string, string>();

  // The last coverage made, with its parts, the fingerprint it was made under and what was read of
  // each file: a reload of the same folders updates it, reading only new and changed files and
  // analysing only new and changed articles, instead of building every article again.
  let last: { key: string; fingerprint: Fingerprint; parts: CoverageParts; cache: ReadCache } | undefined;
  const remember = (dirs: string[], fingerprint: Fingerprint | undefined, parts: CoverageParts, stamps: ReadonlyMap<string, string> | undefined, cache?: ReadCache) => {
    if (!fingerprint) {
      last = undefined;
      return;
    }
    let kept = cache;
    if (!kept) {
      kept = createReadCache();
      if (stamps) rememberCorpus(kept, parts.corpus, stamps);
    }
    last = { key: dirs.join('\n'), fingerprint, parts, cache: kept };
  };

  const load = async (corpusDirs: CorpusFolders): Promise<Coverage> => {
    const dirs = folderList(corpusDirs);
    const file = snapshotFile(options.dataDir, dirs);
    let fingerprint: Fingerprint | undefined;
    let stamps: Map<string, string> | undefined;
    try {
      // The files' stamps before anything is read: a file changed during a build is read again on the next update.
      stamps = stampFolders(dirs);
      fingerprint = corpusFingerprint(dirs, { config, maxFileBytes: options.maxFileBytes });
    } catch {
      // A folder cannot be listed: readCorpus below says why, in its own words.
    }
    const previous = last;
    const sameBuild = fingerprint && previous && previous.key === dirs.join('\n') && previous.fingerprint.config === fingerprint.config && previous.fingerprint.code === fingerprint.code;
    // Nothing changed (a file event for a file that came and went): the same coverage again.
    if (sameBuild && previous.fingerprint.corpus === fingerprint!.corpus) return assembleCoverage(previous.parts);
    if (sameBuild && buildOffThread) {
      // The worker starts from the previous version's snapshot, once it is on disk; the event loop only decodes the result.
      await saving;
      const stored = [...previous.cache.files].flatMap(([f, entry]): [string, string][] => ('skipped' in entry.result ? [] : [[f, entry.stamp]]));
      const built = await buildInWorker(dirs, file, fingerprint!, { file, fingerprint: previous.fingerprint, stamps: stored });
      if (built) {
        remember(dirs, fingerprint, built.parts, stamps);
        return built.coverage;
      }
    } else if (sameBuild) {
      try {
        return await update(dirs, file, fingerprint!, previous);
      } catch (error) {
        log.warn({ err: (error as Error).message }, 'could not update the coverage; building it again');
      }
    }
    if (fingerprint) {
      const restored = restoreSnapshot(file, fingerprint, config, log);
      if (restored) {
        remember(dirs, fingerprint, restored.parts, stamps);
        return restored.coverage;
      }
    }
    if (fingerprint && buildOffThread) {
      const built = await buildInWorker(dirs, file, fingerprint);
      if (built) {
        remember(dirs, fingerprint, built.parts, stamps);
        return built.coverage;
      }
    }
    const started = performance.now();
    const cache = createReadCache();
    const corpus = await readCorpus(dirs, { config, maxFileBytes: options.maxFileBytes, refused, onProgress: options.onProgress, cache });
    const parts = buildCoverageParts(corpus, { config, onProgress: options.onProgress });
    log.info({ articles: corpus.articles.length, ms: Math.round(performance.now() - started) }, 'coverage built from the corpus folder');
    if (fingerprint) {
      const built = fingerprint;
      saving = saving.then(() => save(file, () => snapshotChunks(parts, built)));
    }
    remember(dirs, fingerprint, parts, undefined, cache);
    return assembleCoverage(parts);
  };

  /**
   * The previous coverage brought up to date with its folders: new and changed files are read,
   * removed ones dropped, and only new and changed articles analysed (the index and statements of
   * the others are reused); the result is what a build from scratch gives. Runs in this thread:
   * without a build worker (the commands, the terminal chat); the bots update in the worker.
   */
  const update = async (dirs: string[], file: string, fingerprint: Fingerprint, previous: NonNullable<typeof last>): Promise<Coverage> => {
    const started = performance.now();
    const corpus = await readCorpus(dirs, { config, maxFileBytes: options.maxFileBytes, refused, cache: previous.cache });
    const parts = buildCoverageParts(corpus, { config, previous: previous.parts });
    log.info(
      { articles: corpus.articles.length, ...updateCounts(previous.parts.corpus, corpus, previous.cache.lastRead), ms: Math.round(performance.now() - started) },
      'coverage updated from the changed files',
    );
    // As after a build in the worker: a coverage without a file that stalled a build is not saved, so the next start tries it again.
    if (refused.size === 0) saving = saving.then(() => save(file, () => snapshotChunks(parts, fingerprint)));
    last = { ...previous, fingerprint, parts };
    return assembleCoverage(parts);
  };

  /**
   * The coverage built by a worker, saved as the very bytes it sent; null (after a warning) when
   * the worker failed. A build the watchdog stopped is built again without the file that stalled
   * it (never in this thread, where it would stall the answers).
   */
  const buildInWorker = async (
    dirs: string[],
    file: string,
    fingerprint: Fingerprint,
    previous?: BuildRequest['previous'],
  ): Promise<{ coverage: Coverage; parts: CoverageParts } | null> => {
    for (;;) {
      const started = performance.now();
      try {
        const { bytes, articles, updated } = await buildOffThread!({ corpusDirs: dirs, maxFileBytes: options.maxFileBytes, refused: [...refused], fingerprint, previous });
        const decoding = performance.now();
        const built = coverageFromSnapshot(bytes, config);
        const ms = Math.round(performance.now() - started);
        const decodeMs = Math.round(performance.now() - decoding);
        if (updated) log.info({ articles, ...updated, ms, decodeMs }, 'coverage updated from the changed files in a worker thread');
        else log.info({ articles, ms, decodeMs }, 'coverage built from the corpus folder in a worker thread');
        // A build that skipped a stalled file is not saved: the file is tried again on the next start.
        if (refused.size === 0) saving = saving.then(() => save(file, () => [bytes]));
        return built;
      } catch (error) {
        if (error instanceof BuildStalledError && !refused.has(error.file)) {
          log.warn({ file: error.file, err: error.message }, 'the build stalled on a file and was stopped; building again without it');
          refused.set(error.file, `reading it took longer than ${error.ms / 1000} s; skipped (the build was stopped)`);
          continue;
        }
        if (error instanceof BuildStalledError) throw error;
        log.warn({ err: (error as Error).message }, 'the build worker failed; building the coverage in this thread instead');
        return null;
      }
    }
  };
  return Object.assign(load, { saved: () => saving });
}

/**
 * Writes a snapshot's bytes to `file` atomically (a temporary file in the
 * same folder, flushed, then renamed over the old one); returns its size in bytes.
 */
async function writeSnapshot(file: string, chunks: Buffer[]): Promise<number> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const handle = await open(temporary, 'w');
    try {
      await handle.writev(chunks);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
  await removeAbandonedTemporaries(path.dirname(file));
  return chunks.reduce((n, c) => n + c.length, 0);
}

/** A temporary file this old was left by a process killed while writing, not one still being written. */
const ABANDONED_AFTER_MS = 10 * 60_000;

async function removeAbandonedTemporaries(folder: string): Promise<void> {
  try {
    const names = (await readdir(folder)).filter((n) => n.startsWith('coverage-') && n.endsWith('.tmp'));
    for (const name of names) {
      const file = path.join(folder, name);
      if (Date.now() - (await stat(file)).mtimeMs > ABANDONED_AFTER_MS) await rm(file, { force: true });
    }
  } catch {
    // Tidying up is best effort; the snapshot itself is written.
  }
}

/**
 * The bytes of the snapshot of a coverage's parts, as the loader writes them: chunks to write in
 * order. The fingerprint may be left out when the bytes are only measured (the bench).
 */
export function snapshotChunks(parts: CoverageParts, fingerprint: Fingerprint = { corpus: '', config: '', code: '' }): Buffer[] {
  return encodeSnapshot(
    { corpus: parts.corpus, version: parts.version, statements: parts.statements, index: parts.index.snapshot(), articleStatements: parts.articleStatements },
    { fingerprint, indexFormat: INDEX_FORMAT },
  );
}

/**
 * The coverage held by the bytes of a snapshot file, with its parts, read with `config` (the one it
 * was built with: the loader checks that through the fingerprint); throws when the bytes are
 * damaged or do not fit together.
 */
export function coverageFromSnapshot(bytes: Buffer | SnapshotBytes, config: CoreConfig): { header: SnapshotHeader; coverage: Coverage; parts: CoverageParts } {
  const { header, content } = decodeSnapshot(bytes);
  const index = restoreIndex(content.index, content.corpus.articles, { analyzer: configured(config).analyzer });
  const parts: CoverageParts = { corpus: content.corpus, config, index, statements: content.statements, version: content.version };
  if (content.articleStatements) parts.articleStatements = content.articleStatements;
  return { header, coverage: assembleCoverage(parts), parts };
}

/** The parts of the snapshot in `file` when it carries `fingerprint`; null when it is missing, damaged or another. */
export function readSnapshotParts(file: string, fingerprint: Fingerprint, config: CoreConfig): CoverageParts | null {
  try {
    const { header, parts } = withFile(file, (bytes) => coverageFromSnapshot(bytes, config));
    return staleReason(header, fingerprint) ? null : parts;
  } catch {
    return null;
  }
}

/** What changed between two versions of a corpus, with the number of files read for it. */
export function updateCounts(before: Corpus, after: Corpus, read: number): UpdateCounts {
  const earlier = new Map(before.articles.map((a) => [a.id, a]));
  const now = new Set(after.articles.map((a) => a.id));
  return {
    read,
    added: after.articles.filter((a) => !earlier.has(a.id)).length,
    changed: after.articles.filter((a) => earlier.has(a.id) && earlier.get(a.id) !== a).length,
    removed: [...earlier.keys()].filter((id) => !now.has(id)).length,
  };
}

/** The coverage of a snapshot that matches `fingerprint`, with its parts, or null (after saying why) when there is none to use. */
function restoreSnapshot(file: string, fingerprint: Fingerprint, config: CoreConfig, log: SnapshotLog): { coverage: Coverage; parts: CoverageParts } | null {
  const started = performance.now();
  let header: SnapshotHeader;
  try {
    header = readHeader(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      log.info({ file }, 'no index snapshot yet; building the coverage');
    } else {
      log.warn({ file, err: (error as Error).message }, 'index snapshot is unreadable; rebuilding it');
    }
    return null;
  }
  const stale = staleReason(header, fingerprint);
  if (stale) {
    log.info({ file, reason: stale }, 'index snapshot is stale; rebuilding it');
    return null;
  }
  try {
    const { header: whole, coverage, parts } = withFile(file, (bytes) => coverageFromSnapshot(bytes, config));
    // Another process may have replaced the file since its header was read.
    const replaced = staleReason(whole, fingerprint);
    if (replaced) {
      log.info({ file, reason: replaced }, 'index snapshot is stale; rebuilding it');
      return null;
    }
    log.info({ file, articles: coverage.corpus.articles.length, ms: Math.round(performance.now() - started) }, 'coverage loaded from the index snapshot');
    return { coverage, parts };
  } catch (error) {
    log.warn({ file, err: (error as Error).message }, 'index snapshot is corrupt; rebuilding it');
    return null;
  }
}

function staleReason(header: SnapshotHeader, fingerprint: Fingerprint): string | null {
  if (header.fileFormat !== FILE_FORMAT) return `file format ${header.fileFormat}, this code writes ${FILE_FORMAT}`;
  if (header.indexFormat !== INDEX_FORMAT) return `index format ${header.indexFormat}, this code uses ${INDEX_FORMAT}`;
  if (header.byteOrder !== endianness()) return `written on a ${header.byteOrder} machine`;
  if (typeof header.fingerprint !== 'object' || header.fingerprint === null) return 'no fingerprint';
  return fingerprintChanges(header.fingerprint, fingerprint);
}

/** Reads only the header, so a stale snapshot costs a few kilobytes of reading, not the whole file. */
function readHeader(file: string): SnapshotHeader {
  return withFile(file, (bytes) => decodeHeader(bytes).header);
}

/** Largest piece read in one call (readSync reads at most 2 GB at a time). */
const READ_PIECE_BYTES = 1 << 30;

/**
 * Runs `use` over a file's bytes read by position, so a snapshot larger than readFileSync's
 * 2 GB limit is read all the same, section by section.
 */
function withFile<T>(file: string, use: (bytes: SnapshotBytes) => T): T {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    return use({
      size,
      read(position, length) {
        const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - position)));
        let at = 0;
        while (at < buffer.length) {
          const read = readSync(fd, buffer, at, Math.min(buffer.length - at, READ_PIECE_BYTES), position + at);
          if (read === 0) break;
          at += read;
        }
        return buffer.subarray(0, at);
      },
    });
  } finally {
    closeSync(fd);
  }
}

const silentLog: SnapshotLog = { info: () => undefined, warn: () => undefined };
