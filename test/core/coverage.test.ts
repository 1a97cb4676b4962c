import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleCoverage, buildCoverage, buildCoverageParts, corpusVersion, type ColdSource } from '../../src/core/coverage.js';
import { readCorpus } from '../../src/core/ingest/index.js';
import { loadCoreConfig } from '../../src/config/index.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();

const seeds = path.resolve(import.meta.dirname, '../../seeds');

describe('corpusVersion', () => {
  it('is the same for the same corpus and changes with any field a citation shows', async () => {
    const corpus = await readCorpus(seeds, { config: coreConfig });
    const version = corpusVersion(corpus);
    expect(corpusVersion(await readCorpus(seeds, { config: coreConfig }))).toBe(version);
    const [first, ...rest] = corpus.articles;
    for (const change of [{ outlet: 'Another Outlet' }, { url: 'https://example.org/a' }, { author: 'A. Writer' }, { title: 'Another headline' }]) {
      expect(corpusVersion({ ...corpus, articles: [{ ...first!, ...change }, ...rest] })).not.toBe(version);
    }
  });
});

describe('a coverage with a second (cold) source that can become unreachable', () => {
  /** The seeds split in two: the first three in memory, the last two behind a cold source that throws while `down`. */
  async function tiered() {
    const corpus = await readCorpus(seeds, { config: coreConfig });
    const hotCorpus = { ...corpus, articles: corpus.articles.slice(0, 3) };
    const coldArticles = corpus.articles.slice(3);
    const whole = buildCoverage(corpus, { config: coreConfig });
    const coldStatements = buildCoverage({ ...corpus, articles: coldArticles }, { config: coreConfig }).statements();
    const state = { down: false };
    const reachable = <T>(value: () => T): T => {
      if (state.down) throw new Error('connection refused');
      return value();
    };
    const cold: ColdSource = {
      articlesFor: () => reachable(() => coldArticles),
      statementsFor: () => reachable(() => [...coldStatements]),
      speakers: () => reachable(() => whole.speakers()),
      summary: () => reachable(() => whole.summary()),
      listArticles: (request) => reachable(() => whole.listArticles(request)),
      articlesById: (ids) => reachable(() => whole.articlesById(ids)),
    };
    const coverage = assembleCoverage(buildCoverageParts(hotCorpus, { config: coreConfig }), cold);
    return { coverage, state, coldIds: new Set(coldArticles.map((a) => a.id)), coldArticles, whole };
  }

  it('answers from both tiers while the cold source is reachable, with no partial mark', async () => {
    const { coverage, coldIds, coldArticles } = await tiered();
    const answer = coverage.ask(coldArticles[1]!.title);
    expect(answer.citations.some((c) => coldIds.has(c.article))).toBe(true);
    expect(answer.partial).toBeUndefined();
  });

  it('answers from the in-memory tier, marked archive-unreachable, while the cold source throws; unmarked once it is back', async () => {
    const { coverage, state, coldIds, coldArticles } = await tiered();
    state.down = true;
    const answer = coverage.ask(coldArticles[1]!.title);
    expect(answer.partial).toBe('archive-unreachable');
    expect(answer.citations.some((c) => coldIds.has(c.article))).toBe(false);
    // A question the in-memory tier answers well is marked too: the older coverage was not searched.
    expect(coverage.ask('Who did Shoygu meet?').partial).toBe('archive-unreachable');
    state.down = false;
    expect(coverage.ask(coldArticles[1]!.title).partial).toBeUndefined();
  });

  it('marks no question that could not be asked at all, and nothing of a coverage without a cold source', async () => {
    const { coverage, state, whole } = await tiered();
    state.down = true;
    const refused = coverage.ask('   ');
    expect(refused.error).toBeDefined();
    expect(refused.partial).toBeUndefined();
    expect(whole.ask('Who did Shoygu meet?').partial).toBeUndefined();
    expect(whole.latest().partial).toBeUndefined();
    expect(whole.listArticles({ limit: 10 }).partial).toBeUndefined();
  });

  it('marks /latest partial while the cold source throws, with the in-memory statements only', async () => {
    const { coverage, state, coldIds } = await tiered();
    const reachable = coverage.latest({ limit: 100 });
    expect(reachable.partial).toBeUndefined();
    expect(reachable.some((s) => s.citations.some((c) => coldIds.has(c.article)))).toBe(true);
    state.down = true;
    for (const latest of [coverage.latest({ limit: 100 }), coverage.latest({ speaker: 'Peskov' }), coverage.latest({ topic: 'Istanbul talks' })]) {
      expect(latest.partial).toBe('archive-unreachable');
      expect(latest.some((s) => s.citations.every((c) => coldIds.has(c.article)))).toBe(false);
    }
  });

  it('marks a listing partial while the cold source throws, listing the in-memory articles', async () => {
    const { coverage, state, coldIds } = await tiered();
    expect(coverage.listArticles({ limit: 10 })).toMatchObject({ next: null });
    expect(coverage.listArticles({ limit: 10 }).articles).toHaveLength(5);
    expect(coverage.listArticles({ limit: 10 }).partial).toBeUndefined();
    state.down = true;
    const page = coverage.listArticles({ limit: 10 });
    expect(page.partial).toBe('archive-unreachable');
    expect(page.articles).toHaveLength(3);
    expect(page.articles.some((a) => coldIds.has(a.id))).toBe(false);
    // Counts fall back to the in-memory tier; they carry no mark of their own.
    expect(coverage.summary().articles).toBe(3);
  });
});
