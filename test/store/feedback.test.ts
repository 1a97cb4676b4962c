/**
 * The question log and ratings, on every backend: one rating per user and answer (replaced, not
 * added), listing by period, retention, /forget, persistence across a reopen.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { newAnswerId, type BotStore, type FeedbackRecord, type QuestionRecord } from '../../src/store/index.js';
import { fileHarness, memoryHarness, newScope, redisHarness, type BackendHarness } from './harness.js';

const DAY_MS = 24 * 60 * 60_000;

function question(id: string, at: number): QuestionRecord {
  return { id, at, platform: 'telegram', question: 'Who is Peskov?', outcome: 'answered', answer: 'The Kremlin spokesman.', confident: true, coverageVersion: 'v1', citedArticles: ['a1'], latencyMs: 3 };
}

function rating(answerId: string, userId: string, vote: 'up' | 'down', at = Date.now()): FeedbackRecord {
  return { answerId, userId, platform: 'telegram', vote, at, question: 'Who is Peskov?', coverageVersion: 'v1', answer: 'The Kremlin spokesman.', confident: true, citedArticles: ['a1'] };
}

for (const harness of [memoryHarness(), fileHarness(), redisHarness()] as BackendHarness[]) {
  describe.skipIf(harness.skip)(`question log and ratings on the ${harness.name} store`, () => {
    const opened: BotStore[] = [];
    const open = async (scope: string, retentionDays = 90) => {
      const store = await harness.open(scope, { feedbackRetentionMs: retentionDays * DAY_MS });
      opened.push(store);
      return store;
    };
    beforeAll(() => harness.setup());
    afterEach(async () => {
      vi.useRealTimers();
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });
    afterAll(() => harness.teardown());

    it('keeps one rating per user and answer: a second one replaces the first', async () => {
      const store = await open(newScope());
      const id = newAnswerId();
      await store.questions.log(question(id, Date.now()));
      await store.feedback.set(rating(id, '918273645', 'up'));
      await store.feedback.set(rating(id, '918273645', 'down'));
      await store.feedback.set(rating(id, '5550001', 'up'));
      const all = await store.feedback.list();
      expect(all.map((r) => r.vote).sort()).toEqual(['down', 'up']);
      expect((await store.feedback.get('telegram', '918273645', id))?.vote).toBe('down');
      expect(all.every((r) => /^u[0-9a-f]{32}$/.test(r.userId))).toBe(true);
      expect((await store.questions.get(id))?.question).toBe('Who is Peskov?');
    });

    it('lists by period and forgets what is older than the retention', async () => {
      const scope = newScope();
      const store = await open(scope, 3);
      const now = Date.now();
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(now - 5 * DAY_MS);
      const old = newAnswerId();
      await store.questions.log(question(old, Date.now()));
      vi.setSystemTime(now - DAY_MS);
      const recent = newAnswerId();
      await store.questions.log(question(recent, Date.now()));
      vi.useRealTimers();
      const current = newAnswerId();
      await store.questions.log(question(current, Date.now()));
      expect((await store.questions.list()).map((q) => q.id)).toEqual([recent, current]);
      expect((await store.questions.list(now - 1000)).map((q) => q.id)).toEqual([current]);
      expect(await store.questions.get(old)).toBeUndefined();
    });

    it('/forget deletes one user’s ratings only', async () => {
      const store = await open(newScope());
      const id = newAnswerId();
      await store.feedback.set(rating(id, '918273645', 'up'));
      await store.feedback.set(rating(id, '5550001', 'down'));
      expect(await store.feedback.forget('telegram', '918273645')).toBe(1);
      expect(await store.feedback.forget('telegram', '918273645')).toBe(0);
      expect((await store.feedback.list()).map((r) => r.vote)).toEqual(['down']);
    });

    // A memory store has nothing to reopen.
    if (harness.name !== 'memory') it('keeps them across a reopen', async () => {
      const scope = newScope();
      const id = newAnswerId();
      const first = await open(scope);
      await first.questions.log(question(id, Date.now()));
      await first.feedback.set(rating(id, '918273645', 'up'));
      await first.close();
      const again = await open(scope);
      expect((await again.questions.list()).map((q) => q.id)).toEqual([id]);
      expect((await again.feedback.list()).map((r) => r.vote)).toEqual(['up']);
    });

    it('refuses a rating whose answer id it did not make', async () => {
      const store = await open(newScope());
      await store.feedback.set(rating('../../etc', '918273645', 'up'));
      expect(await store.feedback.list()).toEqual([]);
      expect(store.status().reachable).toBe(true);
      expect(await store.questions.get('not-an-id')).toBeUndefined();
    });
  });
}
