import { describe, expect, it } from 'vitest';
import { bucketTtlMs, refillBucket } from '../../src/store/backend.js';

const bucket = { capacity: 3, refillMs: 1000 };

describe('refillBucket', () => {
  it('starts full and spends one token per request', () => {
    const first = refillBucket(undefined, bucket, 10_000);
    expect(first).toEqual({ state: { tokens: 2, at: 10_000 }, decision: { allowed: true, retryAfterMs: 0 } });
  });

  it('refuses once empty, saying how long until the next token', () => {
    const empty = { tokens: 0.25, at: 10_000 };
    expect(refillBucket(empty, bucket, 10_000).decision).toEqual({ allowed: false, retryAfterMs: 750 });
    expect(refillBucket(empty, bucket, 10_500).decision).toEqual({ allowed: false, retryAfterMs: 250 });
    expect(refillBucket(empty, bucket, 10_750).decision).toEqual({ allowed: true, retryAfterMs: 0 });
  });

  it('refills at one token per refillMs, never above capacity', () => {
    expect(refillBucket({ tokens: 0, at: 0 }, bucket, 2000).state.tokens).toBe(1);
    expect(refillBucket({ tokens: 1, at: 0 }, bucket, 1_000_000).state.tokens).toBe(2);
  });

  it('does not refill backwards when the clock goes back', () => {
    expect(refillBucket({ tokens: 0.5, at: 5000 }, bucket, 1000)).toEqual({ state: { tokens: 0.5, at: 1000 }, decision: { allowed: false, retryAfterMs: 500 } });
  });

  it('lets exactly `capacity` requests through at once', () => {
    let state: { tokens: number; at: number } | undefined;
    const allowed: boolean[] = [];
    for (let i = 0; i < 5; i++) {
      const next = refillBucket(state, bucket, 0);
      state = next.state;
      allowed.push(next.decision.allowed);
    }
    expect(allowed).toEqual([true, true, true, false, false]);
  });
});

describe('bucketTtlMs', () => {
  it('is the time a bucket takes to refill completely, rounded up', () => {
    expect(bucketTtlMs(bucket)).toBe(3000);
    expect(bucketTtlMs({ capacity: 3, refillMs: 333.4 })).toBe(1001);
  });
});
