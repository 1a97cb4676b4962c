/**
 * The bot service once, for every platform: the shared policies (cache, rate limits, question
 * length, follow-ups, "more", subscriptions), ratings and the question log, over the seed
 * coverage and the real core, with a memory store.
 */
import path from 'node:path';
import { pino } from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, loadCoreConfig, projectRoot } from '../../src/config/index.js';
import { assembleCoverage, buildCoverageParts, loadCoverage, type AskOptions, type ColdSource, type Coverage } from '../../src/core/index.js';
import { createBotService, NO_MORE_SOURCES, partialNotice, type Answered, type BotService, type User } from '../../src/service/index.js';
import { createMemoryStore, type StoreOptions } from '../../src/store/index.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();

const SHOYGU = 'Who did Shoygu meet?';
const alice: User = { platform: 'telegram', id: '987654321' };
const bob: User = { platform: 'discord', id: '112233445566778899' };

let seeds: Coverage;
beforeAll(async () => {
  seeds = await loadCoverage(path.join(projectRoot, 'seeds'), { config: coreConfig });
});

/** A service over the seeds (or `coverage`), counting the core's asks. */
function makeService(options: { env?: Record<string, string>; store?: StoreOptions; coverage?: () => Coverage } = {}) {
  const store = createMemoryStore({ rateLimitPerMinute: 1000, ...options.store });
  const asks: Array<{ question: string; options?: AskOptions }> = [];
  const current = () => {
    const coverage = options.coverage?.() ?? seeds;
    return { ...coverage, ask: (question: string, o?: AskOptions) => (asks.push({ question, options: o }), coverage.ask(question, o)) };
  };
  const service = createBotService({ config: loadConfig({ ...options.env }), coverage: { current }, store, logger: pino({ level: 'silent' }) });
  return { service, store, asks };
}

async function answered(service: BotService, user: User, question: string): Promise<Answered> {
  const result = await service.ask({ user, question });
  if (result.kind !== 'answered') throw new Error(`refused: ${result.message}`);
  return result;
}

describe('asking', () => {
  it('answers a repeated question from the cache, asking the core once', async () => {
    const { service, asks } = makeService();
    const first = await answered(service, alice, SHOYGU);
    const second = await answered(service, bob, 'who did shoygu meet');
    expect(first.answer.answer).toMatch(/Memis/);
    expect(second.answer.answer).toBe(first.answer.answer);
    expect(asks.filter((a) => a.question === SHOYGU)).toHaveLength(1);
    expect(second.answerId).not.toBe(first.answerId);
  });

  it('passes MAX_QUESTION_LENGTH to the core, so both agree on the limit', async () => {
    const short = makeService({ env: { MAX_QUESTION_LENGTH: '40' } });
    const refusal = await short.service.ask({ user: alice, question: 'Who did Shoygu meet in Pyongyang during the visit?' });
    expect(refusal).toMatchObject({ kind: 'refused', reason: 'too-long' });
    expect(refusal.kind === 'refused' && refusal.message).toMatch(/up to 40/);
    expect(short.asks).toHaveLength(0);

    // Above the core's own default (1,000): the configured limit is the one that counts.
    const long = makeService({ env: { MAX_QUESTION_LENGTH: '2000' } });
    const question = `${'Please, '.repeat(150)}who did Shoygu meet?`;
    expect(question.length).toBeGreaterThan(1000);
    const result = await long.service.ask({ user: alice, question });
    expect(result.kind).toBe('answered');
    expect(long.asks[0]?.options?.maxQuestionLength).toBe(2000);
  });

  it('refuses an empty question without counting it', async () => {
    const { service, asks } = makeService();
    expect(await service.ask({ user: alice, question: '   ' })).toMatchObject({ kind: 'refused', reason: 'empty' });
    expect(asks).toHaveLength(0);
  });

  it('says "slow down" once per wait to a user over the rate limit, and keeps answering others', async () => {
    const { service } = makeService({ store: { rateLimitPerMinute: 2 } });
    await answered(service, alice, SHOYGU);
    await answered(service, alice, SHOYGU);
    const third = await service.ask({ user: alice, question: SHOYGU });
    expect(third).toMatchObject({ kind: 'refused', reason: 'too-fast', notify: true });
    expect(third.kind === 'refused' && third.message).toMatch(/slow down and try again in \d+ seconds?/);
    expect(await service.ask({ user: alice, question: SHOYGU })).toMatchObject({ kind: 'refused', reason: 'too-fast', notify: false });
    // The same id on another platform is another user.
    await answered(service, { platform: 'discord', id: alice.id }, SHOYGU);
  });

  it('asks a follow-up with the conversation so far, and keeps it across a follow-up of a follow-up', async () => {
    const { service, asks } = makeService();
    const conversation = { platform: 'telegram' as const, id: '-100777' };
    const first = await answered(service, alice, SHOYGU);
    await service.remember(conversation, ['11'], alice, first.context);
    const second = await service.ask({ user: alice, question: 'Where did they meet?', followUp: await service.recall(conversation, '11') });
    expect(second.kind === 'answered' && second.context).toMatchObject({ question: 'Where did they meet?', previous: SHOYGU });
    if (second.kind !== 'answered') throw new Error('refused');
    await service.remember(conversation, ['12'], alice, second.context);
    const third = await service.ask({ user: alice, question: 'And what did he say about Istanbul?', followUp: await service.recall(conversation, '12') });
    expect(asks.at(-1)?.options?.previous).toBe(`${SHOYGU}\nWhere did they meet?`);
    expect(third.kind === 'answered' && third.answer.answer).toMatch(/Istanbul platform/);
  });

  it('pages through further sources with "more", and says so plainly when there are none', async () => {
    const { service } = makeService();
    const first = await answered(service, alice, 'What did Peskov say about the talks?');
    const page = await service.more(first.context, first.answer.citations.length);
    expect(page.kind).toBe('more');
    if (page.kind !== 'more') return;
    expect(page.answer.citations[0]?.quote).not.toBe(first.answer.citations[0]?.quote);
    expect(page.nextOffset).toBe(first.answer.citations.length + page.answer.citations.length);
    const end = await service.more(first.context, 10_000);
    expect(end).toEqual({ kind: 'no-more', message: NO_MORE_SOURCES });
    // Not the "the coverage does not say" of an unanswered question: the answer above stands.
    expect(NO_MORE_SOURCES).not.toMatch(/does not say/i);
  });

  it('does not cache an answer given while the archive was unreachable, so it does not outlive the outage', async () => {
    // The seeds in memory over a cold tier (the archive) that holds nothing more and throws while `down`.
    let down = true;
    const reachable = <T>(value: T): T => {
      if (down) throw new Error('connection refused');
      return value;
    };
    const cold: ColdSource = {
      articlesFor: () => reachable([]),
      statementsFor: () => reachable([]),
      speakers: () => reachable(null),
      summary: () => reachable(null),
      listArticles: () => reachable(null),
      articlesById: () => reachable([]),
    };
    const archive = assembleCoverage(buildCoverageParts(seeds.corpus, { config: coreConfig }), cold);
    const { service, asks, store } = makeService({ coverage: () => archive });

    const during = await answered(service, alice, SHOYGU);
    expect(during.answer.partial).toBe('archive-unreachable');
    // Logged as partial, so the report does not take a refusal in an outage for a coverage gap.
    expect((await store.questions.get(during.answerId))?.partial).toBe('archive-unreachable');
    expect(partialNotice(during.answer)).toMatch(/could not be searched/);
    expect((await answered(service, bob, SHOYGU)).answer.partial).toBe('archive-unreachable');
    expect(asks).toHaveLength(2);

    down = false;
    // The same coverage version: a cached partial answer would be served here.
    const after = await answered(service, alice, SHOYGU);
    expect(after.answer.partial).toBeUndefined();
    expect((await store.questions.get(after.answerId))?.partial).toBeUndefined();
    expect(partialNotice(after.answer)).toBeUndefined();
    expect(after.answer.answer).toBe(during.answer.answer);
    expect(asks).toHaveLength(3);
    // A whole answer is cached as before.
    await answered(service, bob, SHOYGU);
    expect(asks).toHaveLength(3);
  });
});

describe('subscriptions', () => {
  it('caps a chat at SUBSCRIPTIONS_PER_CHAT_MAX and refuses duplicates and long queries', async () => {
    const { service } = makeService({ env: { SUBSCRIPTIONS_PER_CHAT_MAX: '2' } });
    const chat = { platform: 'discord' as const, id: '555' };
    expect((await service.subscribe(chat, ' Peskov ')).ok).toBe(true);
    expect(await service.subscribe(chat, 'peskov')).toMatchObject({ ok: false, message: expect.stringMatching(/already follows/) });
    expect((await service.subscribe(chat, 'Shoygu')).ok).toBe(true);
    expect(await service.subscribe(chat, 'Erdogan')).toMatchObject({ ok: false, message: expect.stringMatching(/2 speakers or topics already/) });
    expect((await service.subscribe(chat, 'x'.repeat(101))).message).toMatch(/under 100 characters/);
    expect((await service.subscriptions(chat)).map((s) => s.query)).toEqual(['Peskov', 'Shoygu']);
    expect((await service.unsubscribe(chat, 'PESKOV')).ok).toBe(true);
    expect((await service.unsubscribe(chat)).message).toMatch(/no longer follows anything \(1 removed\)/);
  });
});

describe('ratings', () => {
  it('keeps one rating per user and answer; pressing again changes it', async () => {
    const { service, store } = makeService();
    const { answerId } = await answered(service, alice, SHOYGU);
    const first = await service.vote(alice, { answerId, vote: 'up' });
    expect(first).toMatchObject({ kind: 'recorded', changed: false });
    expect(await service.vote(alice, { answerId, vote: 'up' })).toMatchObject({ kind: 'recorded', changed: false });
    const changed = await service.vote(alice, { answerId, vote: 'down', reason: 'wrong-source' });
    expect(changed).toMatchObject({ kind: 'recorded', changed: true });
    await service.vote(bob, { answerId, vote: 'up' });
    const ratings = await store.feedback.list();
    expect(ratings).toHaveLength(2);
    expect(ratings.find((r) => r.platform === 'telegram')).toMatchObject({
      vote: 'down',
      reason: 'wrong-source',
      question: SHOYGU,
      confident: true,
      citedArticles: expect.arrayContaining([expect.any(String)]),
      coverageVersion: seeds.version,
    });
    expect(JSON.stringify(ratings)).not.toContain(alice.id);
  });

  it('records a rating of an answer from an older coverage against that version', async () => {
    let now = seeds;
    const newer = { ...seeds, version: 'newer-version-1' };
    const { service, store } = makeService({ coverage: () => now });
    const { answerId } = await answered(service, alice, SHOYGU);
    now = newer;
    await service.vote(alice, { answerId, vote: 'down', reason: 'wrong-answer' });
    expect((await store.feedback.list())[0]?.coverageVersion).toBe(seeds.version);
  });

  it('refuses a rating of an answer it does not have', async () => {
    const { service, store } = makeService();
    expect(await service.vote(alice, { answerId: '20250101abcdefabcd', vote: 'up' })).toMatchObject({ kind: 'unknown' });
    expect(await store.feedback.list()).toEqual([]);
  });

  it('/forget deletes the user’s ratings and follow-up contexts, and nobody else’s', async () => {
    const { service, store } = makeService();
    const { answerId, context } = await answered(service, alice, SHOYGU);
    await service.remember({ platform: 'telegram', id: '1' }, ['7'], alice, context);
    await service.vote(alice, { answerId, vote: 'up' });
    await service.vote(bob, { answerId, vote: 'down' });
    const forgotten = await service.forget(alice);
    expect(forgotten).toMatchObject({ contexts: 1, ratings: 1 });
    expect(forgotten.message).toMatch(/1 stored question .* and 1 rating of yours/);
    expect((await store.feedback.list()).map((r) => r.platform)).toEqual(['discord']);
  });
});

describe('question log', () => {
  it('logs every question with its outcome, cited articles and latency, and no user id', async () => {
    const { service, store } = makeService();
    await answered(service, alice, SHOYGU);
    await answered(service, bob, 'When will Putin visit Brazil?');
    await service.ask({ user: alice, question: '🙂🙂' });
    await service.ask({ user: alice, question: 'Peskov?', unlogged: true });
    const log = await store.questions.list();
    expect(log.map((q) => [q.platform, q.outcome])).toEqual([
      ['telegram', 'answered'],
      ['discord', 'unanswered'],
      ['telegram', 'invalid'],
    ]);
    expect(log[0]!.citedArticles.length).toBeGreaterThan(0);
    expect(log.every((q) => q.latencyMs >= 0 && q.coverageVersion === seeds.version)).toBe(true);
    expect(JSON.stringify(log)).not.toMatch(new RegExp(`${alice.id}|${bob.id}|userId`));
  });
});

describe('who may see the report', () => {
  it('lets Telegram ids in ADMIN_USER_IDS and Discord members the platform calls admins', () => {
    const { service } = makeService({ env: { ADMIN_USER_IDS: '987654321, 42' } });
    expect(service.mayReport(alice)).toBe(true);
    expect(service.mayReport({ platform: 'telegram', id: '43' })).toBe(false);
    expect(service.mayReport(bob)).toBe(false);
    expect(service.mayReport(bob, true)).toBe(true);
  });
});

