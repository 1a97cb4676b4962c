import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importArticles, openArchiveCoverage, type ArchiveCoverage } from '../../src/archive/index.js';
import type { Article } from '../../src/core/index.js';
import { buildIndex } from '../../src/core/index/index.js';
import { passagesFromParagraphs } from '../../eval/distractors.js';
import { loadCoreConfig } from '../../src/config/index.js';
import { configured } from '../../src/core/config.js';
import { skipPostgresSuites, startPostgres, type PostgresServer } from '../support/postgres.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();

function article(id: string, published: string, text: string): Article {
  const { body, passages } = passagesFromParagraphs(id, [text]);
  return { id, outlet: 'Test Wire', title: `Report ${id}`, subtitle: null, author: null, published, url: null, file: `${id}.txt`, body, passages };
}

const CITIES = ['Lusaka', 'Ndola', 'Kitwe', 'Kabwe', 'Chingola', 'Mufulira'];

// The newest coverage (the hot tier): "ended" and "Tuesday" are in half of it, common words.
const recent = Array.from({ length: 60 }, (_, i) =>
  article(`recent-${i}`, '2026-03-01', i % 2 === 0 ? `Talks in ${CITIES[i % 6]} ended on Tuesday, round ${i}.` : `Markets in ${CITIES[i % 6]} were quiet, round ${i}.`),
);
// Older coverage: many passages holding the question's three rarest words, none of its common ones...
const siblings = Array.from({ length: 60 }, (_, i) => article(`sibling-${i}`, '2020-05-01', `Copper smelter strike talks resumed at site ${i} in ${CITIES[i % 6]}.`));
// ...and the one asked about: all its words but one of the rare ones.
const target = article('target', '2020-05-02', 'The smelter strike ended on Tuesday after a week, the union said.');
const question = 'copper smelter strike ended tuesday';

describe.skipIf(skipPostgresSuites)('the cold tier search', () => {
  let server: PostgresServer;
  let live: ArchiveCoverage;
  beforeAll(async () => {
    server = await startPostgres();
    const url = await server.createDatabase('cold_search');
    await importArticles(url, [...recent, ...siblings, target], { config: coreConfig });
    live = await openArchiveCoverage({ config: coreConfig, url, hotPassages: 60, listen: false });
  }, 60_000);
  afterAll(async () => {
    live?.close();
    await server?.remove();
  });

  it('holds the newest coverage in memory and leaves the older in PostgreSQL', () => {
    expect(live.current().corpus.articles.map((a) => a.id).sort()).toEqual(recent.map((a) => a.id).sort());
  });

  it('finds an older passage that lacks one of the question\'s rare words, ranked first as in memory, past many passages holding all of them', () => {
    const inMemory = buildIndex([...recent, ...siblings, target], { analyzer: configured(coreConfig).analyzer }).search(question, { limit: 1 });
    expect(inMemory[0]?.passage.articleId).toBe('target');
    const tiered = live.indexFor(question);
    expect(tiered.articles.has('target')).toBe(true);
    expect(tiered.search(question, { limit: 1 })[0]?.passage.articleId).toBe('target');
  });

  it('finds an older passage by one rare word when no two of the question\'s words meet', () => {
    const tiered = live.indexFor('copper zinc refinery');
    const cold = [...tiered.articles.keys()].filter((id) => !id.startsWith('recent-'));
    expect(cold.length).toBeGreaterThan(0);
    expect(cold.every((id) => /copper/i.test(tiered.articles.get(id)!.body))).toBe(true);
  });
});
