import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importArticles, openArchiveCoverage } from '../../src/archive/index.js';
import { loadCoverage, readCorpus, type Answer, type Coverage, type LiveCoverage } from '../../src/core/index.js';
import { judge, readEvalItems, summarizeOutcomes, type EvalItem } from '../../eval/judge.js';
import { root, seeds } from '../support/cli.js';
import { skipPostgresSuites, startPostgres, type PostgresServer } from '../support/postgres.js';
import { loadCoreConfig } from '../../src/config/index.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();

const shared = path.resolve(root, '..', 'shared', 'eval');
const hasShared = existsSync(shared);
if (!hasShared) console.warn(`skipping the shared eval sets: ${shared} is absent`);

/** The eval sets: a corpus folder and its questions. */
const sets: { name: string; corpus: string; questions: string }[] = [
  { name: 'seeds (dev-qa)', corpus: seeds, questions: path.join(shared, 'dev-qa.jsonl') },
  { name: 'squad2-dev', corpus: path.join(shared, 'squad2-dev', 'corpus'), questions: path.join(shared, 'squad2-dev', 'qa.jsonl') },
];

/** What a user sees of an answer: its text, whether it is confident, and its citations. */
const seen = (a: Answer) => ({ answer: a.answer, confident: a.confident, citations: a.citations.map((c) => `${c.article} ${c.passageId} ${c.quote}`) });
const askItem = (coverage: Coverage, item: EvalItem) => coverage.ask(item.q, item.previous ? { previous: item.previous } : {});

let databases = 0;

describe.skipIf(skipPostgresSuites || !hasShared)('the archive answers as the in-memory coverage does', () => {
  let server: PostgresServer;
  const opened: LiveCoverage[] = [];
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    for (const live of opened) live.close();
    await server?.remove();
  });

  async function archiveOf(corpusDir: string, hotPassages?: number): Promise<Coverage> {
    const url = await server.createDatabase(`coverage_${++databases}`);
    await importArticles(url, (await readCorpus(corpusDir, { config: coreConfig })).articles, { config: coreConfig });
    const live = await openArchiveCoverage({ config: coreConfig, url, hotPassages, listen: false });
    opened.push(live);
    return live.current();
  }

  for (const set of sets) {
    it(`gives the same answers and citations, question by question, on ${set.name}`, async () => {
      const items = readEvalItems(set.questions);
      const memory = await loadCoverage(set.corpus, { config: coreConfig });
      const archive = await archiveOf(set.corpus);
      const differences = items.filter((item) => JSON.stringify(seen(askItem(memory, item))) !== JSON.stringify(seen(askItem(archive, item))));
      expect(differences.map((d) => d.id)).toEqual([]);
      expect(archive.summary()).toEqual(memory.summary());
      expect(archive.speakers()).toEqual(memory.speakers());
      expect(archive.latest({ limit: 20 })).toEqual(memory.latest({ limit: 20 }));
    }, 300_000);
  }

  for (const set of sets) {
    it(`answers from older coverage searched in PostgreSQL when none of it is in memory (cold tier), on ${set.name}`, async () => {
      // Every question is a round trip to PostgreSQL here: a fixed sample of a large set keeps the
      // suite within CI's time (every 8th question of squad2-dev is 354, both kinds well mixed).
      const all = readEvalItems(set.questions);
      const items = all.length > 400 ? all.filter((_, i) => i % 8 === 0) : all;
      const memory = await loadCoverage(set.corpus, { config: coreConfig });
      // A budget of one passage: no article fits, everything is searched in PostgreSQL per question.
      const archive = await archiveOf(set.corpus, 1);
      expect(archive.corpus.articles).toEqual([]);
      const inMemory = summarizeOutcomes(items.map((item) => judge(item, askItem(memory, item))));
      const tiered = summarizeOutcomes(items.map((item) => judge(item, askItem(archive, item))));
      console.info(
        `cold tier on ${set.name}: citation@1 ${tiered.citation_at_1} (in memory ${inMemory.citation_at_1}), answer accuracy ${tiered.answer_accuracy} (${inMemory.answer_accuracy}), abstention accuracy ${tiered.abstention_accuracy} (${inMemory.abstention_accuracy})`,
      );
      // 5%, or one question on a small set (the cold tier's per-question index changes IDFs a little,
      // and the learned scorer weighs them; dev-qa has 15 answerable questions).
      const tolerance = Math.max(0.05, 1 / Math.max(1, inMemory.answerable)) + 0.001; // figures are rounded to 3 places
      expect(tiered.citation_at_1).toBeGreaterThanOrEqual(inMemory.citation_at_1 - tolerance);
      expect(tiered.answer_accuracy).toBeGreaterThanOrEqual(inMemory.answer_accuracy - tolerance);
      expect(archive.summary().articles).toBe(memory.summary().articles);
    }, 300_000);
  }

  it('reads older statements from the statements table, by speaker (any spelling the trigram index finds)', async () => {
    const memory = await loadCoverage(seeds, { config: coreConfig });
    const archive = await archiveOf(seeds, 1);
    const peskov = archive.latest({ speaker: 'Peskov' });
    expect(peskov.length).toBeGreaterThan(0);
    expect(peskov.every((s) => /peskov/i.test(`${s.speaker} ${s.role}`))).toBe(true);
    expect(new Set(peskov.map((s) => s.quote))).toEqual(new Set(memory.latest({ speaker: 'Peskov' }).map((s) => s.quote)));
    expect(archive.speakers().map((s) => s.speaker)).toEqual(expect.arrayContaining(memory.speakers().slice(0, 3).map((s) => s.speaker)));
  }, 60_000);
});
