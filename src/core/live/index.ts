import { watch, type FSWatcher } from 'node:fs';
import type { Coverage, CoverageSource } from '../coverage.js';

/** A coverage that follows its folder: new, changed and removed files lead to a new version. */
export interface LiveCoverage extends CoverageSource {
  /** Called after each successful swap, with the new and the replaced version. */
  onChange(listener: (next: Coverage, previous: Coverage) => void): () => void;
  /** Rebuilds now (waits for a rebuild already under way first). */
  reload(): Promise<Coverage>;
  close(): void;
}

export interface LiveCoverageOptions<Folders extends string | readonly string[] = string | readonly string[]> {
  /** Quiet time after the last file event before rebuilding (default 250 ms): an editor or `ingest` writes several files at once. */
  debounceMs?: number;
  /**
   * Builds a coverage from the folders: a snapshot loader (createCoverageLoader), or
   * `(dirs) => loadCoverage(dirs, { config })`; tests count or slow builds through it.
   */
  load: (dirs: Folders) => Promise<Coverage>;
  /** Told when a rebuild fails; the previous version keeps being served. */
  onError?: (error: Error) => void;
  /** Watch the folder (default true); false gives a coverage that changes only on reload(). */
  watch?: boolean;
}

/**
 * Loads the coverage folder (or folders, served together) and keeps it current. A rebuild
 * happens off to the side and the new version replaces the old in one assignment, so a question
 * asked during a rebuild is answered from the old version, never from a half-built one; a
 * rebuild that fails (onError) leaves the old version served.
 */
export async function watchCoverage<Folders extends string | readonly string[]>(
  dir: Folders,
  options: LiveCoverageOptions<Folders>,
): Promise<LiveCoverage> {
  const load = options.load;
  const debounceMs = options.debounceMs ?? 250;
  let current = await load(dir);
  const listeners = new Set<(next: Coverage, previous: Coverage) => void>();
  let building: Promise<Coverage> | undefined;
  let dirty = false;
  let closed = false;

  const rebuild = async (): Promise<Coverage> => {
    if (building) {
      dirty = true;
      return building;
    }
    building = (async () => {
      try {
        do {
          dirty = false;
          const next = await load(dir);
          if (closed) return current;
          if (next.version !== current.version) {
            const previous = current;
            current = next;
            for (const listener of listeners) listener(next, previous);
          }
        } while (dirty && !closed);
      } catch (error) {
        options.onError?.(error as Error);
      } finally {
        building = undefined;
      }
      return current;
    })();
    return building;
  };

  const stopWatching = options.watch === false ? () => undefined : onFolderChange(dir, () => void rebuild(), { debounceMs, onError: options.onError });

  return {
    current: () => current,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reload: rebuild,
    close() {
      closed = true;
      stopWatching();
    },
  };
}

/**
 * Calls `listener` once files of the folders stop changing for `debounceMs` (an editor or `ingest`
 * writes several files at once): the one way the bot follows a corpus folder, whether it rebuilds
 * its coverage or stores the new articles in the archive. Returns the function that stops it.
 */
export function onFolderChange(
  folders: string | readonly string[],
  listener: () => void,
  options: { debounceMs?: number; onError?: (error: Error) => void } = {},
): () => void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const watchers: FSWatcher[] = [];
  for (const folder of typeof folders === 'string' ? [folders] : folders) {
    const watcher = watch(folder, { persistent: false }, () => {
      if (stopped) return;
      clearTimeout(timer);
      timer = setTimeout(listener, options.debounceMs ?? 250);
    });
    watcher.on('error', (error) => options.onError?.(error));
    watchers.push(watcher);
  }
  return () => {
    stopped = true;
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  };
}
