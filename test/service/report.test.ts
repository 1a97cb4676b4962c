/**
 * The report's numbers against a scripted run of questions and ratings through the service, with
 * exact counts, on the embedded file store (reopened from disk, as the CLI reads it) and on Redis.
 * What each question should come to is asked of the core directly, independently of the report.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig, loadCoreConfig, projectRoot } from '../../src/config/index.js';
import { configured, loadCoverage, type Coverage } from '../../src/core/index.js';
import { buildReport, coverageGaps, createBotService, type BotService, type CoverageReport, type User } from '../../src/service/index.js';
import { createMemoryStore, createStore, STORE_FILE_NAME, type BotStore } from '../../src/store/index.js';
import { skipRedisSuites, startRedis, type RedisServer } from '../support/redis.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();

/** Redis commands may take this long here: on a loaded 2-core machine the 500 ms default can pass, and these tests are not about outages. */
const PATIENT_MS = 5000;

const alice: User = { platform: 'telegram', id: '918273645' };
const bob: User = { platform: 'discord', id: '334455667788990011' };
const terminal: User = { platform: 'cli', id: 'terminal' };

const SHOYGU = 'Who did Shoygu meet?';
const BRAZIL = 'When will Putin visit Brazil?';
const BRAZIL_AGAIN = 'Is Putin going to Brazil?';
const PESKOV = 'What did Peskov say about the talks?';
const DAY_MS = 24 * 60 * 60_000;

let seeds: Coverage;
beforeAll(async () => {
  seeds = await loadCoverage(path.join(projectRoot, 'seeds'), { config: coreConfig });
});

/** The script: who asks what, and on which day (days ago); then who rates which answer how. */
async function scriptedRun(service: BotService): Promise<void> {
  const ids: Record<string, string> = {};
  const ask = async (user: User, question: string, key?: string) => {
    const result = await service.ask({ user, question });
    if (key && result.kind === 'answered') ids[key] = result.answerId;
  };
  vi.useFakeTimers({ toFake: ['Date'] });
  try {
    vi.setSystemTime(Date.now() - 2 * DAY_MS);
    await ask(alice, SHOYGU, 'old-shoygu');
    await ask(bob, BRAZIL);
  } finally {
    vi.useRealTimers();
  }
  await ask(alice, SHOYGU, 'shoygu');
  await ask(bob, SHOYGU);
  await ask(alice, BRAZIL, 'brazil');
  await ask(bob, BRAZIL_AGAIN);
  await ask(terminal, PESKOV, 'peskov');
  await ask(terminal, '🙂🙂');
  await service.vote(alice, { answerId: ids.shoygu!, vote: 'up' });
  await service.vote(bob, { answerId: ids.shoygu!, vote: 'down', reason: 'wrong-answer' });
  await service.vote(bob, { answerId: ids.brazil!, vote: 'up' });
  // Changed: counts once, as the last press.
  await service.vote(bob, { answerId: ids.brazil!, vote: 'down', reason: 'should-have-answered' });
  await service.vote(terminal, { answerId: ids.peskov!, vote: 'down' });
  await service.vote(alice, { answerId: ids['old-shoygu']!, vote: 'up' });
}

function expectScriptedNumbers(report: CoverageReport, coverage: Coverage): void {
  const confident = (q: string) => coverage.ask(q).confident;
  const asked = [SHOYGU, BRAZIL, SHOYGU, SHOYGU, BRAZIL, BRAZIL_AGAIN, PESKOV];
  const answered = asked.filter(confident).length;
  expect(confident(SHOYGU)).toBe(true);
  expect(confident(BRAZIL)).toBe(false);
  expect(confident(BRAZIL_AGAIN)).toBe(false);
  expect(report.totals).toMatchObject({
    questions: 8,
    answered,
    unanswered: 7 - answered,
    invalid: 1,
    shareAnswered: answered / 7,
    ratings: 5,
    helpful: 2,
    notHelpful: 3,
    shareHelpful: 2 / 5,
  });
  expect(report.totals.medianLatencyMs).toEqual(expect.any(Number));
  expect(report.perDay.map((d) => d.questions)).toEqual([2, 6]);
  expect(report.perDay[0]!.day).toBe(new Date(Date.now() - 2 * DAY_MS).toISOString().slice(0, 10));
  expect(report.platforms).toEqual({ telegram: 3, discord: 3, cli: 2 });
  expect(report.reasons).toEqual({ 'wrong-answer': 1, 'wrong-source': 0, 'should-have-answered': 1, 'should-not-have-answered': 0 });
  // The three Brazil questions are one gap, asked three times.
  expect(report.gaps[0]).toMatchObject({ label: 'brazil', questions: 3, examples: [BRAZIL, BRAZIL_AGAIN] });
  // Shoygu's answer: rated down once and up twice (today's answer and the old one are one answer text).
  const shoygu = report.ratedDown.find((a) => a.question === SHOYGU)!;
  expect(shoygu).toMatchObject({ notHelpful: 1, helpful: 2, reasons: { 'wrong-answer': 1 } });
  expect(shoygu.sources.length).toBeGreaterThan(0);
  expect(report.ratedDown[0]!.helpful).toBe(0);
  // Per article: the questions whose answers cite it, and the ratings of those answers.
  const cites = (q: string, article: string) => coverage.ask(q).citations.some((c) => c.article === article);
  const cited = coverage.ask(SHOYGU).citations[0]!.article;
  const downs = [SHOYGU, BRAZIL, PESKOV].filter((q) => cites(q, cited)).length;
  const ups = 2 * Number(cites(SHOYGU, cited));
  expect(report.articles.find((a) => a.article === cited)).toMatchObject({
    citations: asked.filter((q) => cites(q, cited)).length,
    helpful: ups,
    notHelpful: downs,
  });
}

function serviceOver(store: BotStore): BotService {
  return createBotService({ config: loadConfig({}), coverage: { current: () => seeds }, store, logger: pino({ level: 'silent' }) });
}

describe('report numbers on the embedded store', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'report-store-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('match the scripted run exactly, read back from disk; --since leaves out the older day', async () => {
    const writer = await createStore({ dataDir, rateLimitPerMinute: 1000 });
    await scriptedRun(serviceOver(writer));
    await writer.close();
    const reader = await createStore({ dataDir });
    const service = serviceOver(reader);
    expectScriptedNumbers(await service.report(), seeds);
    const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
    const recent = await service.report(today);
    expect(recent.totals.questions).toBe(6);
    // Every rating was made today, that of the older answer too: a rating counts when it is made.
    expect(recent.totals.ratings).toBe(5);
    await reader.close();
    // Nothing in the file names a user.
    const file = readFileSync(path.join(dataDir, STORE_FILE_NAME), 'utf8');
    for (const user of [alice, bob]) expect(file).not.toContain(user.id);
  });
});

describe.skipIf(skipRedisSuites)('report numbers on Redis', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis?.stop());

  it('match the scripted run exactly, with the ratings made through another instance', async () => {
    const keyPrefix = `report-${process.pid}`;
    const [one, two] = await Promise.all([0, 1].map(() => createStore({ keyvUrl: redis.url, commandTimeoutMs: PATIENT_MS, keyPrefix, rateLimitPerMinute: 1000 })));
    await scriptedRun(serviceOver(one!));
    expectScriptedNumbers(await serviceOver(two!).report(), seeds);
    await Promise.all([one!.close(), two!.close()]);
  });
});

describe('articles the coverage no longer holds', () => {
  it('are named in the report as the answers cited them (an article retracted since keeps its title and outlet)', async () => {
    let current = seeds;
    const store = createMemoryStore({ rateLimitPerMinute: 1000 });
    const service = createBotService({ config: loadConfig({}), coverage: { current: () => current }, store, logger: pino({ level: 'silent' }) });
    const asked = await service.ask({ user: alice, question: SHOYGU });
    if (asked.kind !== 'answered') throw new Error(`expected an answer, got ${asked.kind}`);
    await service.vote(bob, { answerId: asked.answerId, vote: 'down', reason: 'wrong-source' });
    const cited = asked.answer.citations[0]!;

    // The cited article is retracted: the coverage is the other seeds.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'report-retracted-'));
    try {
      const seedsDir = path.join(projectRoot, 'seeds');
      for (const name of readdirSync(seedsDir)) if (!name.startsWith(cited.article)) copyFileSync(path.join(seedsDir, name), path.join(dir, name));
      current = await loadCoverage(dir, { config: coreConfig });
      expect(current.articlesById([cited.article])).toEqual([]);
      const report = await service.report();
      const rated = report.ratedDown.find((a) => a.question === SHOYGU)!;
      expect(rated.sources.find((s) => s.article === cited.article)?.title).toBe(cited.title);
      expect(report.articles.find((a) => a.article === cited.article)).toMatchObject({ title: cited.title, outlet: cited.outlet, citations: 1, notHelpful: 1 });
      // Records written before labels were kept name such an article by its id alone (title null).
      const unlabelled = buildReport([], [{ ...(await store.feedback.list())[0]!, citedLabels: undefined }], { coverage: current });
      expect(unlabelled.ratedDown[0]!.sources.find((s) => s.article === cited.article)?.title).toBeNull();
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('coverage gaps', () => {
  it('leaves out questions refused while the archive was out of reach: they say nothing of what the coverage lacks', () => {
    const record = (id: string, question: string, partial?: 'archive-unreachable') => ({
      id,
      at: Date.now(),
      platform: 'telegram' as const,
      question,
      outcome: 'unanswered' as const,
      answer: 'The coverage does not say.',
      confident: false,
      coverageVersion: 'v1',
      citedArticles: [],
      latencyMs: 3,
      ...(partial ? { partial } : {}),
    });
    const report = buildReport([record('a', 'When will Putin visit Brazil?'), record('b', 'Who won the Bundesliga?', 'archive-unreachable')], []);
    expect(report.totals.unanswered).toBe(2);
    expect(report.gaps.flatMap((g) => g.examples)).toEqual(['When will Putin visit Brazil?']);
  });

  it('group questions by their key term through the core’s folding and stems, most asked first', () => {
    const gaps = coverageGaps(['Did Erdoğan visit Brazil?', 'What about Erdogan’s speech?', 'Any news from Brazil?', 'Who won the match?'], configured(coreConfig).analyzer);
    expect(gaps[0]).toMatchObject({ questions: 2 });
    expect(gaps.map((g) => g.label)).toContain('erdogan');
    expect(gaps.reduce((n, g) => n + g.questions, 0)).toBe(4);
  });

  it('report an empty period plainly', () => {
    const report = buildReport([], []);
    expect(report.totals).toMatchObject({ questions: 0, shareAnswered: null, shareHelpful: null, medianLatencyMs: null });
    expect(report.gaps).toEqual([]);
  });
});
