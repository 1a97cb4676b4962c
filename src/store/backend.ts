import type { Keyv } from 'keyv';

/** A token bucket: `capacity` requests at once, refilled at one token every `refillMs`. */
export interface BucketSpec {
  capacity: number;
  refillMs: number;
}

export interface BucketDecision {
  allowed: boolean;
  retryAfterMs: number;
}

/**
 * What the namespaces need from a backend. Plain values (context, answers) go through keyv; the
 * few operations that must be atomic across processes (token bucket, first-caller-wins, small
 * hashes for indexes) are primitives each backend implements natively: Lua / SET NX / HSET on
 * Redis, a serialized in-process queue on the embedded and memory stores (one process only).
 *
 * Every method may throw when the backend is unreachable; the store turns that into degraded
 * behaviour. Keys are relative; the backend adds its prefix.
 */
export interface StoreBackend {
  readonly kind: 'file' | 'redis' | 'memory';
  readonly values: Keyv;
  /** Where cached answers go: `values` on Redis (shared by every instance), a bounded in-memory map locally. */
  readonly answerCache: Keyv;
  /** An operation not finished within this many ms counts as failed (a stalled server); none for local backends. */
  readonly operationTimeoutMs?: number;
  /** Set when the backend could not be reached while opening (the store starts degraded). */
  readonly startupError?: Error;
  takeToken(key: string, bucket: BucketSpec): Promise<BucketDecision>;
  /** Sets `key` only if it does not exist; true when this call set it. */
  setIfAbsent(key: string, ttlMs: number): Promise<boolean>;
  /** Sets one field of a hash; with `ttlMs`, (re)sets the whole hash's expiry. */
  hashSet(key: string, field: string, value: string, ttlMs?: number): Promise<void>;
  hashGetAll(key: string): Promise<Record<string, string>>;
  /** One field of a hash, or undefined. */
  hashGet(key: string, field: string): Promise<string | undefined>;
  /** Deletes the given fields, or the whole hash when `fields` is omitted. Returns how many fields went. */
  hashDelete(key: string, fields?: string[]): Promise<number>;
  close(): Promise<void>;
}

/** The token-bucket arithmetic shared by the in-process backends (Redis runs the same in Lua). */
export function refillBucket(
  state: { tokens: number; at: number } | undefined,
  bucket: BucketSpec,
  now: number,
): { state: { tokens: number; at: number }; decision: BucketDecision } {
  const elapsed = state ? Math.max(0, now - state.at) : 0;
  let tokens = state ? Math.min(bucket.capacity, state.tokens + elapsed / bucket.refillMs) : bucket.capacity;
  if (tokens >= 1) {
    tokens -= 1;
    return { state: { tokens, at: now }, decision: { allowed: true, retryAfterMs: 0 } };
  }
  return {
    state: { tokens, at: now },
    decision: { allowed: false, retryAfterMs: Math.ceil((1 - tokens) * bucket.refillMs) },
  };
}

/** How long an idle bucket must be kept: the time it takes to refill completely. */
export function bucketTtlMs(bucket: BucketSpec): number {
  return Math.ceil(bucket.capacity * bucket.refillMs);
}
