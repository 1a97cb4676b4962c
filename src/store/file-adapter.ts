import { EventEmitter } from 'node:events';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { mkdir, open, rename } from 'node:fs/promises';
import path from 'node:path';
import type { KeyvStoreAdapter, StoredData } from 'keyv';
import type { Logger } from '../log/index.js';

/** What one entry looks like on disk: keyv's serialized value and its absolute expiry. */
interface FileEntry {
  value: unknown;
  expires?: number;
}

interface FileContents {
  format: 'coverage-bot-store';
  version: 1;
  entries: Array<[string, FileEntry]>;
}

export interface FileKeyvAdapterOptions {
  /** The store file; its folder is created on first use. */
  file: string;
  logger: Logger;
  /** Writes are batched: the file is rewritten at most once per this many ms (default 1000). */
  flushDelayMs?: number;
}

/**
 * A keyv storage adapter that keeps every entry in memory and persists them to one JSON file.
 *
 * Why not keyv-file: it rewrites its file in place (a crash mid-write leaves a truncated file) and,
 * on a file it cannot parse, starts empty and overwrites it at the next write, silently losing it.
 * Here a flush writes a temporary file, syncs it and renames it over the old one (atomic on
 * POSIX), and an unreadable file is moved aside as `<file>.corrupt-<timestamp>` before a fresh
 * store starts. Pure JS, no native build. One process per file: several processes must share a
 * Redis instead (KEYV_URL).
 */
export class FileKeyvAdapter extends EventEmitter implements KeyvStoreAdapter {
  readonly opts: { file: string; dialect: 'file' };
  namespace?: string;
  private readonly entries = new Map<string, FileEntry>();
  private readonly logger: Logger;
  private readonly flushDelayMs: number;
  private flushTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private dirty = false;
  /** False when the old file could not be moved aside: writing would destroy it. */
  private persistent = true;
  private warnedWriteFailure = false;
  private readonly flushOnExit = () => this.flushSync();

  constructor(options: FileKeyvAdapterOptions) {
    super();
    this.opts = { file: path.resolve(options.file), dialect: 'file' };
    this.logger = options.logger;
    this.flushDelayMs = options.flushDelayMs ?? 1000;
    this.load();
    this.markInUse();
    process.on('exit', this.flushOnExit);
  }

  private get lockFile(): string {
    return `${this.file}.pid`;
  }

  /**
   * Two processes on one store file would each overwrite the other's state at every write. That is
   * easy to do by accident (a Telegram and a Discord process started with the defaults), so say so.
   */
  private markInUse(): void {
    try {
      const other = Number(readFileSync(this.lockFile, 'utf8').trim());
      if (Number.isInteger(other) && other > 0 && other !== process.pid && isAlive(other)) {
        this.logger.warn(
          { file: this.file, otherPid: other },
          'another running process uses this store file; both will overwrite each other\'s state. Give each its own DATA_DIR, or set KEYV_URL to a Redis to share state',
        );
      }
    } catch {
      // No marker, or an unreadable one: nothing to report.
    }
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      writeFileSync(this.lockFile, String(process.pid));
    } catch {
      // Only a warning aid; the store works without it.
    }
  }

  get file(): string {
    return this.opts.file;
  }

  private load(): void {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      this.moveAside(`cannot be read (${(error as Error).message})`);
      return;
    }
    const entries = parseContents(text);
    if (!entries) {
      this.moveAside('is not a valid store file');
      return;
    }
    const now = Date.now();
    for (const [key, entry] of entries) {
      if (entry.expires === undefined || entry.expires > now) this.entries.set(key, entry);
    }
  }

  private moveAside(reason: string): void {
    const aside = `${this.file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    try {
      renameSync(this.file, aside);
      this.logger.warn({ file: this.file, movedTo: aside }, `store file ${reason}; moved it aside and started a fresh store`);
    } catch (error) {
      this.persistent = false;
      this.logger.warn(
        { file: this.file, error: (error as Error).message },
        `store file ${reason} and could not be moved aside; running without persistence so it is not overwritten`,
      );
    }
  }

  async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires !== undefined && entry.expires <= Date.now()) {
      this.entries.delete(key);
      this.scheduleFlush();
      return undefined;
    }
    return entry.value as StoredData<Value>;
  }

  async set(key: string, value: unknown, ttl?: number): Promise<boolean> {
    this.entries.set(key, ttl ? { value, expires: Date.now() + ttl } : { value });
    this.scheduleFlush();
    return true;
  }

  async delete(key: string): Promise<boolean> {
    const existed = this.entries.delete(key);
    if (existed) this.scheduleFlush();
    return existed;
  }

  async clear(): Promise<void> {
    const prefix = this.namespace ? `${this.namespace}:` : '';
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) this.entries.delete(key);
    this.scheduleFlush();
  }

  async has(key: string): Promise<boolean> {
    return (await this.get(key)) !== undefined;
  }

  /** Writes pending changes now and stops batching; the adapter must not be used afterwards. */
  async disconnect(): Promise<void> {
    process.off('exit', this.flushOnExit);
    try {
      if (readFileSync(this.lockFile, 'utf8').trim() === String(process.pid)) rmSync(this.lockFile);
    } catch {
      // already gone
    }
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    await this.flushing;
    if (this.dirty) await this.flush();
  }

  private scheduleFlush(): void {
    this.dirty = true;
    if (this.flushTimer || !this.persistent) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      void this.flush();
    }, this.flushDelayMs);
  }

  private async flush(): Promise<void> {
    if (!this.persistent) return;
    while (this.flushing) await this.flushing;
    if (!this.dirty) return;
    this.dirty = false;
    const data = this.serialize();
    this.flushing = this.writeAtomically(data)
      .then(() => {
        if (this.warnedWriteFailure) this.logger.info({ file: this.file }, 'store file written again');
        this.warnedWriteFailure = false;
      })
      .catch((error: Error) => {
        // Keep the changes in memory and try again with the next change.
        this.dirty = true;
        if (!this.warnedWriteFailure) {
          this.warnedWriteFailure = true;
          this.logger.warn({ file: this.file, error: error.message }, 'could not write the store file; state is kept in memory until a write succeeds');
        }
      })
      .finally(() => {
        this.flushing = undefined;
      });
    await this.flushing;
  }

  private serialize(): string {
    const now = Date.now();
    const entries: Array<[string, FileEntry]> = [];
    for (const [key, entry] of this.entries) {
      if (entry.expires === undefined || entry.expires > now) entries.push([key, entry]);
      else this.entries.delete(key);
    }
    const contents: FileContents = { format: 'coverage-bot-store', version: 1, entries };
    return JSON.stringify(contents);
  }

  private async writeAtomically(data: string): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    const handle = await open(temporary, 'w', 0o600);
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, this.file);
  }

  /** Last-chance write when the process exits with changes not yet flushed. */
  private flushSync(): void {
    if (!this.dirty || !this.persistent) return;
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      const temporary = `${this.file}.${process.pid}.exit.tmp`;
      const fd = openSync(temporary, 'w', 0o600);
      try {
        writeSync(fd, this.serialize());
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temporary, this.file);
      this.dirty = false;
    } catch {
      // The process is exiting; there is nobody left to tell.
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseContents(text: string): Array<[string, FileEntry]> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const contents = parsed as Partial<FileContents>;
  if (contents.format !== 'coverage-bot-store' || contents.version !== 1 || !Array.isArray(contents.entries)) return undefined;
  const valid = contents.entries.every(
    (item) =>
      Array.isArray(item) &&
      typeof item[0] === 'string' &&
      typeof item[1] === 'object' &&
      item[1] !== null &&
      (item[1].expires === undefined || typeof item[1].expires === 'number'),
  );
  return valid ? contents.entries : undefined;
}
