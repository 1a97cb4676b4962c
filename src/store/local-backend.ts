import path from 'node:path';
import { Keyv, type KeyvStoreAdapter } from 'keyv';
import type { Logger } from '../log/index.js';
import { bucketTtlMs, refillBucket, type BucketDecision, type BucketSpec, type StoreBackend } from './backend.js';
import { FileKeyvAdapter } from './file-adapter.js';

/** Name of the embedded store's file inside the data directory. */
export const STORE_FILE_NAME = 'store.json';

/** How many answers the in-process answer cache keeps before dropping the oldest. */
export const LOCAL_ANSWER_CACHE_ENTRIES = 2000;

/**
 * A Map that forgets its oldest entries beyond `limit`. Keyv accepts any Map as a store; this one
 * bounds the memory an answer cache takes, whatever the traffic.
 */
class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly limit: number) {
    super();
  }

  override set(key: K, value: V): this {
    this.delete(key);
    super.set(key, value);
    while (this.size > this.limit) {
      const oldest = this.keys().next();
      if (oldest.done) break;
      this.delete(oldest.value);
    }
    return this;
  }
}

/**
 * The backend of a single process: the embedded file store, or memory in unit tests. The atomic
 * primitives are read-modify-write sequences made atomic by running them one at a time in this
 * process, which is exactly as far as this backend's state is shared.
 */
function createLocalBackend(kind: 'file' | 'memory', values: Keyv, answerCacheEntries: number): StoreBackend {
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(operation: () => Promise<T>): Promise<T> => {
    const result = queue.then(operation);
    queue = result.catch(() => undefined);
    return result;
  };

  const readHash = async (key: string) => ((await values.get(key)) as Record<string, string> | undefined) ?? {};

  return {
    kind,
    values,
    // Answers are not written to the store file: recomputing one after a restart is cheap, while
    // persisting them would rewrite megabytes of citations on every change.
    answerCache: new Keyv({ store: new BoundedMap(answerCacheEntries), throwOnErrors: true }),
    takeToken: (key: string, bucket: BucketSpec): Promise<BucketDecision> =>
      serially(async () => {
        const state = (await values.get(key)) as { tokens: number; at: number } | undefined;
        const next = refillBucket(state, bucket, Date.now());
        await values.set(key, next.state, bucketTtlMs(bucket));
        return next.decision;
      }),
    setIfAbsent: (key, ttlMs) =>
      serially(async () => {
        if ((await values.get(key)) !== undefined) return false;
        await values.set(key, 1, ttlMs);
        return true;
      }),
    hashSet: (key, field, value, ttlMs) =>
      serially(async () => {
        const hash = await readHash(key);
        hash[field] = value;
        await values.set(key, hash, ttlMs);
      }),
    hashGetAll: (key) => serially(() => readHash(key)),
    hashGet: (key, field) => serially(async () => (await readHash(key))[field]),
    hashDelete: (key, fields) =>
      serially(async () => {
        const hash = await readHash(key);
        const present = Object.keys(hash);
        if (!fields) {
          await values.delete(key);
          return present.length;
        }
        let removed = 0;
        for (const field of fields) {
          if (field in hash) {
            delete hash[field];
            removed += 1;
          }
        }
        if (Object.keys(hash).length === 0) await values.delete(key);
        // Rewriting without a ttl would drop the expiry; keep the remaining fields for as long as
        // the hash had (indexes of expiring keys), using the raw entry's expiry when there is one.
        else if (removed > 0) {
          const raw = (await values.get(key, { raw: true })) as { expires?: number } | undefined;
          const ttl = raw?.expires ? Math.max(1, raw.expires - Date.now()) : undefined;
          await values.set(key, hash, ttl);
        }
        return removed;
      }),
    close: async () => {
      await queue;
      await values.disconnect();
    },
  };
}

/** An in-memory backend for unit tests: nothing is written anywhere. */
export function createMemoryBackend(prefix: string, answerCacheEntries = LOCAL_ANSWER_CACHE_ENTRIES): StoreBackend {
  return createLocalBackend('memory', new Keyv({ store: new Map(), namespace: prefix, throwOnErrors: true }), answerCacheEntries);
}

/** The embedded default: one JSON file under `dataDir`, created on first write. */
export function createFileBackend(options: {
  dataDir: string;
  prefix: string;
  logger: Logger;
  flushDelayMs?: number;
  answerCacheEntries?: number;
}): StoreBackend {
  const adapter = new FileKeyvAdapter({
    file: path.join(options.dataDir, STORE_FILE_NAME),
    logger: options.logger,
    flushDelayMs: options.flushDelayMs,
  });
  const values = new Keyv({ store: adapter as KeyvStoreAdapter, namespace: options.prefix, throwOnErrors: true });
  return createLocalBackend('file', values, options.answerCacheEntries ?? LOCAL_ANSWER_CACHE_ENTRIES);
}
