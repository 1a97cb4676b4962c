import { beforeAll, describe, expect, it } from 'vitest';
import { buildIndex, tieredIndex, type PassageIndex } from '../../../src/core/index/index.js';
import { readCorpus, type Article } from '../../../src/core/index.js';
import { seeds } from '../../support/cli.js';
import { loadCoreConfig } from '../../../src/config/index.js';
import { configured } from '../../../src/core/config.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();
const coreAnalyzer = configured(coreConfig).analyzer;

describe('tieredIndex: a hot index and per-question cold articles read as one index', () => {
  let articles: Article[];
  let whole: PassageIndex;
  let hot: PassageIndex;
  let tiered: PassageIndex;
  beforeAll(async () => {
    articles = (await readCorpus(seeds, { config: coreConfig })).articles;
    whole = buildIndex(articles, { analyzer: coreAnalyzer });
    hot = buildIndex(articles.slice(0, 3), { analyzer: coreAnalyzer });
    tiered = tieredIndex(hot, articles.slice(3));
  });

  it('is the hot index itself when there is nothing cold, or only articles the hot tier holds', () => {
    expect(tieredIndex(hot, [])).toBe(hot);
    expect(tieredIndex(hot, articles.slice(0, 2))).toBe(hot);
  });

  it('lists the hot passages first, then the cold ones, and knows every article', () => {
    expect(tiered.passages.length).toBe(whole.passages.length);
    expect(tiered.passages[0]).toBe(hot.passages[0]);
    expect(tiered.passages[hot.passages.length]!.articleId).toBe(articles[3]!.id);
    expect([...tiered.articles.keys()]).toEqual(articles.map((a) => a.id));
    expect(tiered.articles.size).toBe(articles.length);
  });

  it('finds cold passages with ordinals after the hot ones, whose terms use the same ids as the query', () => {
    const coldText = articles[4]!.passages[2]!.text;
    const hits = tiered.search(coldText, { limit: 5 });
    const top = hits[0]!;
    expect(top.passage.id).toBe(articles[4]!.passages[2]!.id);
    expect(top.ordinal).toBeGreaterThanOrEqual(hot.passages.length);
    expect(tiered.passages[top.ordinal]).toBe(top.passage);
    const query = tiered.analyze(coldText);
    const ids = new Set(tiered.passageTerms(top.ordinal));
    for (const term of query.terms.filter((t) => !t.synonymOf)) expect(ids.has(term.id)).toBe(true);
    expect(tiered.headlineTerms(articles[4]!.id).length).toBeGreaterThan(0);
  });

  it('confines a search to the articles asked for, in either tier', () => {
    const only = new Set([articles[0]!.id, articles[4]!.id]);
    const hits = tiered.search('Russia Ukraine talks', { limit: 50, articleIds: only });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => only.has(h.article.id))).toBe(true);
    expect(new Set(hits.map((h) => h.article.id))).toEqual(only);
  });
});
