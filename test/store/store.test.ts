import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/core/index.js';
import { hashUserId, type BotStore, type Conversation, type StoreOptions } from '../../src/store/index.js';
import { fileHarness, memoryHarness, newScope, redisHarness, sleep, type BackendHarness } from './harness.js';

const chat: Conversation = { platform: 'telegram', id: '-1001234567' };
const otherChat: Conversation = { platform: 'telegram', id: '-1007654321' };
const channel: Conversation = { platform: 'discord', id: '112233445566778899' };

function answerTo(question: string, text: string): Answer {
  return {
    question,
    answer: text,
    confident: true,
    type: 'who',
    citations: [
      {
        article: 'moscow-times',
        outlet: 'The Moscow Times',
        title: 'Kremlin says',
        published: '2025-02-18',
        url: 'https://example.org/a',
        quote: 'Peskov said…',
        passageId: 'moscow-times#3',
      },
    ],
  };
}

const harnesses: BackendHarness[] = [memoryHarness(), fileHarness(), redisHarness()];

for (const harness of harnesses) {
  describe.skipIf(harness.skip)(`${harness.name} store`, () => {
    const opened: BotStore[] = [];
    const open = async (options?: StoreOptions) => {
      const store = await harness.open(newScope(), options);
      opened.push(store);
      return store;
    };

    beforeAll(() => harness.setup());
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });
    afterAll(() => harness.teardown());

    describe('follow-up context', () => {
      it('returns the context stored for the bot message replied to', async () => {
        const store = await open();
        await store.context.set(chat, '501', { question: 'Who is Peskov?', userId: '42', at: 1000 });
        const context = await store.context.get(chat, '501');
        expect(context?.question).toBe('Who is Peskov?');
        expect(context?.at).toBe(1000);
      });

      it('keeps contexts of different messages and conversations apart', async () => {
        const store = await open();
        await store.context.set(chat, '501', { question: 'first', userId: '42', at: 1 });
        await store.context.set(otherChat, '501', { question: 'other chat', userId: '42', at: 2 });
        await store.context.set(chat, '502', { question: 'second', userId: '42', at: 3 });
        expect((await store.context.get(chat, '501'))?.question).toBe('first');
        expect((await store.context.get(otherChat, '501'))?.question).toBe('other chat');
        expect((await store.context.get(chat, '502'))?.question).toBe('second');
        expect(await store.context.get(channel, '501')).toBeUndefined();
      });

      it('stores the asking user only as a hash of their id', async () => {
        const store = await open();
        await store.context.set(chat, '501', { question: 'q', userId: '424242', at: 1 });
        const context = await store.context.get(chat, '501');
        expect(context?.userId).toBe(hashUserId('telegram', '424242'));
        expect(context?.userId).not.toContain('424242');
      });

      it('forgets a context once its time to live has passed', async () => {
        const store = await open({ contextTtlMs: 150 });
        await store.context.set(chat, '501', { question: 'q', userId: '42', at: 1 });
        expect(await store.context.get(chat, '501')).toBeDefined();
        await sleep(300);
        expect(await store.context.get(chat, '501')).toBeUndefined();
      });

      it('deletes every context of the user who asks to be forgotten, and only theirs', async () => {
        const store = await open();
        await store.context.set(chat, '501', { question: 'mine 1', userId: '42', at: 1 });
        await store.context.set(otherChat, '777', { question: 'mine 2', userId: '42', at: 2 });
        await store.context.set(chat, '502', { question: 'someone else', userId: '43', at: 3 });
        expect(await store.context.forget('telegram', '42')).toBe(2);
        expect(await store.context.get(chat, '501')).toBeUndefined();
        expect(await store.context.get(otherChat, '777')).toBeUndefined();
        expect((await store.context.get(chat, '502'))?.question).toBe('someone else');
      });

      it('treats the same user id on another platform as another user when forgetting', async () => {
        const store = await open();
        await store.context.set(channel, '9001', { question: 'discord one', userId: '42', at: 1 });
        expect(await store.context.forget('telegram', '42')).toBe(0);
        expect((await store.context.get(channel, '9001'))?.question).toBe('discord one');
      });

      it('reports nothing forgotten for a user with no stored context', async () => {
        const store = await open();
        expect(await store.context.forget('discord', 'nobody')).toBe(0);
      });
    });

    describe('rate limit', () => {
      it('allows the configured number of requests, then refuses with a wait time', async () => {
        const store = await open({ rateLimitPerMinute: 3 });
        const decisions = [];
        for (let i = 0; i < 4; i++) decisions.push(await store.rateLimit.hit('telegram', '42'));
        expect(decisions.slice(0, 3).every((d) => d.allowed)).toBe(true);
        expect(decisions[3]?.allowed).toBe(false);
        // One token comes back every 20 s at 3 per minute.
        expect(decisions[3]?.retryAfterMs).toBeGreaterThan(0);
        expect(decisions[3]?.retryAfterMs).toBeLessThanOrEqual(20_000);
      });

      it('allows requests again once the window has refilled', async () => {
        const store = await open({ rateLimitPerMinute: 2, rateLimitWindowMs: 400 });
        await store.rateLimit.hit('telegram', '42');
        await store.rateLimit.hit('telegram', '42');
        const refused = await store.rateLimit.hit('telegram', '42');
        expect(refused.allowed).toBe(false);
        await sleep(refused.retryAfterMs + 50);
        expect((await store.rateLimit.hit('telegram', '42')).allowed).toBe(true);
      });

      it('counts each user, and each platform, separately', async () => {
        const store = await open({ rateLimitPerMinute: 1 });
        expect((await store.rateLimit.hit('telegram', '42')).allowed).toBe(true);
        expect((await store.rateLimit.hit('telegram', '42')).allowed).toBe(false);
        expect((await store.rateLimit.hit('telegram', '43')).allowed).toBe(true);
        expect((await store.rateLimit.hit('discord', '42')).allowed).toBe(true);
      });
    });

    describe('answer cache', () => {
      it('serves a cached answer for the same question under the same coverage version', async () => {
        const store = await open();
        await store.answers.set('v1', 'Who is Peskov?', answerTo('Who is Peskov?', 'The Kremlin spokesman.'));
        const cached = await store.answers.get('v1', '  who is   PESKOV ');
        expect(cached?.answer).toBe('The Kremlin spokesman.');
        expect(cached?.citations[0]?.article).toBe('moscow-times');
      });

      it("echoes the asker's own wording in a cached answer", async () => {
        const store = await open();
        await store.answers.set('v1', 'Who is Peskov?', answerTo('Who is Peskov?', 'The Kremlin spokesman.'));
        expect((await store.answers.get('v1', 'who is peskov'))?.question).toBe('who is peskov');
      });

      it('never serves an answer cached under another coverage version', async () => {
        const store = await open();
        await store.answers.set('v1', 'Who is Peskov?', answerTo('Who is Peskov?', 'old'));
        expect(await store.answers.get('v2', 'Who is Peskov?')).toBeUndefined();
      });

      it('does not cache a refusal of the question itself', async () => {
        const store = await open();
        await store.answers.set('v1', '', { ...answerTo('', ''), error: 'Please ask a question.' });
        expect(await store.answers.get('v1', '')).toBeUndefined();
      });

      it('drops a cached answer after its time to live', async () => {
        const store = await open({ answerTtlMs: 150 });
        await store.answers.set('v1', 'Who?', answerTo('Who?', 'x'));
        await sleep(300);
        expect(await store.answers.get('v1', 'Who?')).toBeUndefined();
      });
    });

    describe('subscriptions', () => {
      it('lists a conversation’s subscriptions in the order they were made, as typed', async () => {
        const store = await open();
        await store.subscriptions.add(chat, 'Peskov');
        await sleep(5);
        await store.subscriptions.add(chat, '  Istanbul   talks ');
        const list = await store.subscriptions.list(chat);
        expect(list.map((s) => s.query)).toEqual(['Peskov', 'Istanbul talks']);
        expect(list[0]?.conversation).toEqual(chat);
      });

      it('does not add the same query twice, whatever its case', async () => {
        const store = await open();
        await store.subscriptions.add(chat, 'Peskov');
        await store.subscriptions.add(chat, 'peskov ');
        expect(await store.subscriptions.list(chat)).toHaveLength(1);
      });

      it('removes one query, or all of a conversation’s, and says how many', async () => {
        const store = await open();
        await store.subscriptions.add(chat, 'Peskov');
        await store.subscriptions.add(chat, 'Zelensky');
        await store.subscriptions.add(chat, 'Trump');
        expect(await store.subscriptions.remove(chat, 'PESKOV')).toBe(1);
        expect(await store.subscriptions.remove(chat, 'Lavrov')).toBe(0);
        expect((await store.subscriptions.list(chat)).map((s) => s.query)).toEqual(['Zelensky', 'Trump']);
        expect(await store.subscriptions.remove(chat)).toBe(2);
        expect(await store.subscriptions.list(chat)).toEqual([]);
      });

      it('lists subscriptions in the order they were made, even when made in the same millisecond', async () => {
        const store = await open();
        const queries = Array.from({ length: 12 }, (_, i) => `Speaker ${String.fromCharCode(90 - i)}`);
        for (const query of queries) await store.subscriptions.add(chat, query);
        expect((await store.subscriptions.list(chat)).map((s) => s.query)).toEqual(queries);
      });

      it('lists every conversation’s subscriptions, without conversations that unsubscribed', async () => {
        const store = await open();
        await store.subscriptions.add(chat, 'Peskov');
        await store.subscriptions.add(channel, 'Peskov');
        await store.subscriptions.add(otherChat, 'Trump');
        await store.subscriptions.remove(otherChat, 'Trump');
        const all = await store.subscriptions.all();
        expect(all.map((s) => `${s.conversation.platform}:${s.conversation.id}:${s.query}`).sort()).toEqual([
          `discord:${channel.id}:Peskov`,
          `telegram:${chat.id}:Peskov`,
        ]);
      });

      it('ignores an empty query', async () => {
        const store = await open();
        await store.subscriptions.add(chat, '   ');
        expect(await store.subscriptions.list(chat)).toEqual([]);
      });
    });

    describe('claim', () => {
      it('lets exactly one of many simultaneous callers win', async () => {
        const store = await open();
        const results = await Promise.all(Array.from({ length: 10 }, () => store.claim('statement-17:telegram:-100', 60_000)));
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it('keeps different keys independent', async () => {
        const store = await open();
        expect(await store.claim('a', 60_000)).toBe(true);
        expect(await store.claim('b', 60_000)).toBe(true);
        expect(await store.claim('a', 60_000)).toBe(false);
      });

      it('can be won again once the claim has expired', async () => {
        const store = await open();
        expect(await store.claim('k', 100)).toBe(true);
        await sleep(250);
        expect(await store.claim('k', 100)).toBe(true);
      });
    });

    // Only the backends that persist have a restart to survive.
    if (harness.name !== 'memory') it('keeps follow-up context, subscriptions and rate limits when the bot restarts', async () => {
      const scope = newScope();
      const before = await harness.open(scope, { rateLimitPerMinute: 2 });
      opened.push(before);
      await before.context.set(chat, '501', { question: 'What did Peskov say?', userId: '42', at: 1 });
      await before.subscriptions.add(chat, 'Peskov');
      await before.rateLimit.hit('telegram', '42');
      await before.rateLimit.hit('telegram', '42');
      await before.close();

      const after = await harness.open(scope, { rateLimitPerMinute: 2 });
      opened.push(after);
      expect((await after.context.get(chat, '501'))?.question).toBe('What did Peskov say?');
      expect((await after.subscriptions.list(chat)).map((s) => s.query)).toEqual(['Peskov']);
      expect((await after.rateLimit.hit('telegram', '42')).allowed).toBe(false);
      // /forget after the restart still finds what was stored before it.
      expect(await after.context.forget('telegram', '42')).toBe(1);
      expect(await after.context.get(chat, '501')).toBeUndefined();
    });

    it('reports its backend as reachable', async () => {
      const store = await open();
      expect(store.status()).toMatchObject({ backend: harness.name, reachable: true });
    });
  });
}
