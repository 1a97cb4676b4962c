import pg from 'pg';
import { createReadCache, onFolderChange, readCorpus, type Article, type CoreConfig } from '../core/index.js';
import type { ArchiveLog } from './coverage.js';
import { migrate } from './migrations.js';
import { storeArticles, type StoreReport } from './store.js';

export interface FolderFollowerOptions {
  /** The primary (ARCHIVE_URL), which writes are made to and which notifies every instance. */
  url: string;
  /** The corpus folder to follow. */
  dir: string;
  /** The configuration articles are read and their statements extracted with. */
  config: CoreConfig;
  maxFileBytes?: number;
  /** Quiet time after the last file event before storing (default 250 ms, as the embedded mode's reload). */
  debounceMs?: number;
  /** Pause before trying again when the archive could not be written (default 5,000 ms). */
  retryMs?: number;
  log?: ArchiveLog;
}

/** A corpus folder followed into the archive. */
export interface FolderFollower {
  /** Stores what changed since the last time (waits for a pass under way first); what the file events call. */
  sync(): Promise<StoreReport>;
  close(): void;
}

const silentLog: ArchiveLog = { info: () => undefined, warn: () => undefined };

/**
 * Keeps the archive up to date with a corpus folder, for an instance with ARCHIVE_URL that is
 * also given a folder: at the start every article of the folder is stored (those already in the
 * archive with the same content are skipped), and afterwards each new or changed file, once the
 * folder settles. Only files that changed are read again, and only their articles are sent. The
 * archive then notifies every instance (this one too), which applies them as any other new
 * coverage. A file removed from the folder stays in the archive: the archive is the shared record,
 * which other folders and imports write to as well. An article retracted from the archive
 * (`archive remove`) whose file is still in the folder is not stored again unless the file changes,
 * so a restart does not undo a retraction. When the archive cannot be written, the
 * articles are kept and tried again after `retryMs`.
 */
export async function followCorpusFolder(options: FolderFollowerOptions): Promise<FolderFollower> {
  const log = options.log ?? silentLog;
  const cache = createReadCache();
  // Articles stored (or found already stored): the very objects the read cache hands back while their files do not change.
  const stored = new WeakSet<Article>();
  let running: Promise<StoreReport> | undefined;
  let again = false;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const pass = async (): Promise<StoreReport> => {
    const corpus = await readCorpus(options.dir, { config: options.config, maxFileBytes: options.maxFileBytes, cache });
    const fresh = corpus.articles.filter((a) => !stored.has(a));
    const report: StoreReport = { added: [], replaced: [], unchanged: [], retracted: [] };
    if (fresh.length === 0 || closed) return report;
    const client = new pg.Client({ connectionString: options.url, application_name: 'coverage-bot folder' });
    client.on('error', () => undefined);
    await client.connect();
    try {
      await migrate(client);
      Object.assign(report, await storeArticles(client, fresh, { config: options.config, skipRetracted: true }));
    } finally {
      await client.end().catch(() => undefined);
    }
    for (const article of fresh) stored.add(article);
    if (report.added.length + report.replaced.length > 0) {
      log.info({ dir: options.dir, added: report.added.length, replaced: report.replaced.length }, 'stored new coverage of the corpus folder in the archive');
    }
    if (report.retracted.length > 0) {
      log.info({ dir: options.dir, articles: report.retracted }, 'left out retracted articles whose files are still in the corpus folder (delete the files, or import them to bring them back)');
    }
    return report;
  };

  const sync = (): Promise<StoreReport> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let last: StoreReport = { added: [], replaced: [], unchanged: [], retracted: [] };
      try {
        do {
          again = false;
          last = await pass();
        } while (again && !closed);
      } catch (error) {
        log.warn({ dir: options.dir, err: (error as Error).message }, 'could not store the corpus folder in the archive; trying again shortly');
        clearTimeout(retry);
        retry = setTimeout(() => void sync(), options.retryMs ?? 5000);
        retry.unref();
      } finally {
        running = undefined;
      }
      return last;
    })();
    return running;
  };

  const stop = onFolderChange(options.dir, () => void sync(), {
    debounceMs: options.debounceMs,
    onError: (error) => log.warn({ dir: options.dir, err: error.message }, 'cannot watch the corpus folder'),
  });
  await sync();
  return {
    sync,
    close() {
      closed = true;
      clearTimeout(retry);
      stop();
    },
  };
}
