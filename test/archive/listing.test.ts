import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importArticles, openArchiveCoverage } from '../../src/archive/index.js';
import { readCorpus, type Article, type ArticlePage, type Coverage, type LiveCoverage } from '../../src/core/index.js';
import { loadCoreConfig } from '../../src/config/index.js';
import { seeds } from '../support/cli.js';
import { skipPostgresSuites, startPostgres, type PostgresServer } from '../support/postgres.js';

/** The project's configuration (config/), as the bot reads it. */
const config = loadCoreConfig();

/** A copy of a seed under another id and date (null: undated). */
function copyOf(article: Article, id: string, published: string | null): Article {
  return { ...article, id, published, file: `${id}.txt`, passages: article.passages.map((p) => ({ ...p, id: `${id}#${p.index}`, articleId: id })) };
}

function everyPage(coverage: Coverage, limit: number): { pages: ArticlePage[]; ids: string[] } {
  const pages: ArticlePage[] = [];
  let after: string | null = null;
  do {
    const page = coverage.listArticles({ limit, after });
    pages.push(page);
    after = page.next;
  } while (after !== null && pages.length < 1000);
  return { pages, ids: pages.flatMap((p) => p.articles.map((a) => a.id)) };
}

describe.skipIf(skipPostgresSuites)('listing the archive’s articles', () => {
  let server: PostgresServer;
  let url: string;
  let articles: Article[];
  const opened: LiveCoverage[] = [];
  beforeAll(async () => {
    server = await startPostgres();
    url = await server.createDatabase('listing');
    const seedArticles = (await readCorpus(seeds, { config })).articles;
    // 60 articles: several on one day, some undated, in no order of arrival.
    articles = Array.from({ length: 60 }, (_, i) => {
      const day = (i * 7) % 23;
      const published = i % 9 === 4 ? null : `2024-${String(1 + (day % 12)).padStart(2, '0')}-${String(1 + (day % 5)).padStart(2, '0')}`;
      return copyOf(seedArticles[i % seedArticles.length]!, `listed-${String(i).padStart(2, '0')}`, published);
    });
    await importArticles(url, articles, { config, batchSize: 7 });
  });
  afterAll(async () => {
    for (const live of opened) live.close();
    await server?.remove();
  });

  it('pages through the whole archive, newest first and undated last, though memory holds a few articles', async () => {
    const live = await openArchiveCoverage({ url, config, hotPassages: 40, listen: false });
    opened.push(live);
    const coverage = live.current();
    expect(coverage.corpus.articles.length).toBeLessThan(10);
    expect(coverage.summary().articles).toBe(60);

    const { pages, ids } = everyPage(coverage, 7);
    expect(pages.map((p) => p.articles.length)).toEqual([7, 7, 7, 7, 7, 7, 7, 7, 4]);
    expect(ids).toHaveLength(60);
    expect(new Set(ids)).toEqual(new Set(articles.map((a) => a.id)));
    const dates = pages.flatMap((p) => p.articles.map((a) => a.published));
    const dated = dates.filter((d): d is string => d !== null);
    expect(dated).toEqual([...dated].sort().reverse());
    expect(dates.slice(dated.length).every((d) => d === null)).toBe(true);
    expect(pages.flatMap((p) => p.articles).every((a) => a.passages > 0 && a.title.length > 0)).toBe(true);
    // A listing is metadata: no article text travels.
    expect(Object.keys(pages[0]!.articles[0]!).sort()).toEqual(['author', 'id', 'outlet', 'passages', 'published', 'subtitle', 'title', 'url']);
  });

  it('names an article only the archive holds (the report’s titles), and lists from memory when all of it is there', async () => {
    const cold = await openArchiveCoverage({ url, config, hotPassages: 40, listen: false });
    opened.push(cold);
    const inMemory = new Set(cold.current().corpus.articles.map((a) => a.id));
    const older = articles.find((a) => !inMemory.has(a.id))!;
    expect(cold.current().articlesById([older.id, 'no-such-article'])).toEqual([expect.objectContaining({ id: older.id, title: older.title })]);

    const whole = await openArchiveCoverage({ url, config, listen: false });
    opened.push(whole);
    expect(whole.current().corpus.articles).toHaveLength(60);
    const fromMemory = everyPage(whole.current(), 25);
    expect(new Set(fromMemory.ids)).toEqual(new Set(articles.map((a) => a.id)));
  });

  it('lists what memory holds, with a warning, while PostgreSQL is down', async () => {
    const warnings: string[] = [];
    const live = await openArchiveCoverage({ url, config, hotPassages: 40, listen: false, log: { info: () => undefined, warn: (_d, m) => warnings.push(m) } });
    opened.push(live);
    await server.stop();
    try {
      const page = live.current().listArticles({ limit: 100 });
      expect(page.articles.map((a) => a.id).sort()).toEqual(live.current().corpus.articles.map((a) => a.id).sort());
      expect(page.partial).toBe('archive-unreachable');
      expect(warnings).toEqual([expect.stringContaining('archive unreachable (listing)')]);
    } finally {
      await server.start();
    }
  }, 60_000);
});
