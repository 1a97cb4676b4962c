import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runArchiveAsk, runArchiveImport, syntheticArticle } from '../../bench/archive.js';
import { REUTERS_FILE, reutersRecords, type ReutersRecord } from '../../bench/corpus.js';
import { skipPostgresSuites, startPostgres, type PostgresServer } from '../support/postgres.js';

// Smoke test of `npm run bench -- --archive`: its sections on a few hundred passages. Timings are
// not asserted (speed is the bench's business); what it measures must make sense.
const hasReuters = existsSync(REUTERS_FILE);
if (!hasReuters) console.warn(`skipping the archive bench smoke test: ${REUTERS_FILE} is absent`);

describe.skipIf(skipPostgresSuites || !hasReuters)('the archive bench', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(() => server?.remove());

  it('perturbs each copy of an article differently and rebuilds the same article from its number', async () => {
    const records: ReutersRecord[] = [];
    for await (const r of reutersRecords()) {
      if (r.paragraphs.length > 0) records.push(r);
      if (records.length === 50) break;
    }
    const original = syntheticArticle(records, 3);
    const copy = syntheticArticle(records, 53);
    const again = syntheticArticle(records, 53);
    expect(copy.id).toBe(`${original.id}~1`);
    expect(copy.body).not.toBe(original.body);
    expect(again).toEqual(copy);
    expect(copy.passages.map((p) => p.articleId)).toEqual(copy.passages.map(() => copy.id));
  });

  it('imports a small synthetic archive and measures an instance with a tiny hot tier over it', async () => {
    const url = await server.createDatabase('bench');
    const imported = await runArchiveImport({ url, from: 0, passages: 400 });
    expect(imported.passages).toBeGreaterThanOrEqual(400);
    expect(imported.import_passages_per_s).toBeGreaterThan(0);
    const asked = await runArchiveAsk({ url, articles: imported.next_article, hotPassages: 100, queries: 20 });
    expect(asked.archive_passages).toBe(imported.passages);
    expect(asked.hot_passages).toBeLessThanOrEqual(100);
    expect(asked.ask_samples).toBeGreaterThan(20);
    expect(asked.recall_at_5).toBeGreaterThan(0.5);
  }, 120_000);
});
