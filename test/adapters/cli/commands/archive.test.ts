import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importArticles, openArchiveCoverage, SCHEMA_VERSION } from '../../../../src/archive/index.js';
import { loadCoreConfig } from '../../../../src/config/index.js';
import { readCorpus } from '../../../../src/core/index.js';
import { assertBuilt, runCli, seeds } from '../../../support/cli.js';
import { skipPostgresSuites, startPostgres, type PostgresServer } from '../../../support/postgres.js';

describe.skipIf(skipPostgresSuites)('the command line with ARCHIVE_URL', () => {
  let server: PostgresServer;
  let url: string;
  const emptyCorpus = mkdtempSync(path.join(os.tmpdir(), 'cli-archive-empty-'));
  beforeAll(async () => {
    assertBuilt();
    server = await startPostgres();
    url = await server.createDatabase('cli');
  });
  afterAll(async () => {
    rmSync(emptyCorpus, { recursive: true, force: true });
    await server?.remove();
  });

  it('archive check says when the archive is not migrated yet, and import migrates and stores the folder', async () => {
    const before = await runCli(['archive', 'check', '--url', url]);
    expect(before.code).toBe(2);
    expect(before.stdout).toMatch(/^problem: .*not migrated/);
    const imported = await runCli(['archive', 'import', seeds], { env: { ARCHIVE_URL: url } });
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain(`${readdirSync(seeds).filter((n) => n.endsWith('.txt')).length} added, 0 replaced, 0 unchanged`);
    const after = await runCli(['archive', 'check'], { env: { ARCHIVE_URL: url } });
    expect(after.stdout).toMatch(new RegExp(`^ok: PostgreSQL .* reachable and migrated \\(schema ${SCHEMA_VERSION}; 5 articles`));
  });

  it('answers from the archive with no corpus folder of its own', async () => {
    const run = await runCli(['ask', '--json', 'What did Peskov say about a Putin-Trump call?'], { env: { ARCHIVE_URL: url, CORPUS_DIR: emptyCorpus } });
    expect(run.code, run.stderr).toBe(0);
    const answer = JSON.parse(run.stdout);
    expect(answer.confident).toBe(true);
    expect(answer.citations[0].article).toBe('000_4febd3ada957fb7c');
  });

  it('ingest also stores the new article in the archive, where another instance finds it', async () => {
    const corpus = mkdtempSync(path.join(os.tmpdir(), 'cli-archive-corpus-'));
    const incoming = mkdtempSync(path.join(os.tmpdir(), 'cli-archive-in-'));
    cpSync(seeds, corpus, { recursive: true });
    writeFileSync(
      path.join(incoming, 'balloon.txt'),
      'date 2025-06-05 WORLD\nKremlin comments on the balloon race\n\nKremlin spokesman Dmitry Peskov said on Thursday that the balloon race over the Volga would go ahead in August.\n\nOrganisers said forty crews had entered the balloon race.\n',
    );
    const ingested = await runCli(['ingest', incoming, '--corpus', corpus], { env: { ARCHIVE_URL: url } });
    expect(ingested.code, ingested.stderr).toBe(0);
    expect(ingested.stdout).toMatch(/archive: 1 stored/);
    const run = await runCli(['ask', '--json', 'When will the balloon race over the Volga go ahead?'], { env: { ARCHIVE_URL: url, CORPUS_DIR: emptyCorpus } });
    expect(JSON.parse(run.stdout).citations[0].article).toBe('balloon');
    rmSync(corpus, { recursive: true, force: true });
    rmSync(incoming, { recursive: true, force: true });
  });

  it('archive remove retracts an article: a running instance and a new one stop citing it, and importing it again brings it back', async () => {
    const config = loadCoreConfig();
    const db = await server.createDatabase('cli_remove');
    await importArticles(db, (await readCorpus(seeds, { config })).articles, { config });
    const question = 'What did Peskov say about a Putin-Trump call?';
    const cited = '000_4febd3ada957fb7c';
    const live = await openArchiveCoverage({ config, url: db });
    try {
      expect(live.current().ask(question).citations[0]?.article).toBe(cited);
      const removed = await runCli(['archive', 'remove', cited, '--url', db]);
      expect(removed.code, removed.stderr).toBe(0);
      expect(removed.stdout).toMatch(new RegExp(`^removed ${cited}  \\S`));
      expect(removed.stdout).toContain('1 removed, 0 not found.');
      await expect.poll(() => live.current().summary().articles, { timeout: 10_000 }).toBe(4);
      expect(live.current().ask(question).citations.map((c) => c.article)).not.toContain(cited);
      const asked = await runCli(['ask', '--json', question], { env: { ARCHIVE_URL: db, CORPUS_DIR: emptyCorpus } });
      expect(asked.code, asked.stderr).toBe(0);
      expect(JSON.parse(asked.stdout).citations.map((c: { article: string }) => c.article)).not.toContain(cited);
      const listed = await runCli(['articles'], { env: { ARCHIVE_URL: db, CORPUS_DIR: emptyCorpus } });
      expect(listed.stdout.split('\n').filter(Boolean)).toHaveLength(4);
      expect(listed.stdout).not.toContain(cited);

      const reimported = await runCli(['archive', 'import', seeds, '--url', db]);
      expect(reimported.stdout).toContain('1 added, 0 replaced, 4 unchanged');
      await expect.poll(() => live.current().ask(question).citations[0]?.article, { timeout: 10_000 }).toBe(cited);
    } finally {
      live.close();
    }
  });

  it('archive remove says politely which ids it did not find, and fails only when it found none', async () => {
    const db = await server.createDatabase('cli_remove_unknown');
    const config = loadCoreConfig();
    const [first] = (await readCorpus(seeds, { config })).articles;
    await importArticles(db, [first!], { config });
    const none = await runCli(['archive', 'remove', 'no-such-article', '--url', db]);
    expect(none.code).toBe(1);
    expect(none.stdout).toBe('Not in the archive (never stored, or removed already): "no-such-article".\n0 removed, 1 not found.\n');
    expect(none.stderr).toBe('');
    const some = await runCli(['archive', 'remove', first!.id, 'no-such-article'], { env: { ARCHIVE_URL: db } });
    expect(some.code, some.stderr).toBe(0);
    expect(some.stdout).toContain(`removed ${first!.id}`);
    expect(some.stdout).toContain('1 removed, 1 not found.');
    // Removing it again changes nothing, and says so.
    const again = await runCli(['archive', 'remove', first!.id, '--url', db]);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('0 removed, 1 not found.');
  });

  it('archive remove fails with one line when the archive is unreachable or no id is given', async () => {
    const down = await runCli(['archive', 'remove', 'x', '--url', 'postgres://coverage@127.0.0.1:1/none']);
    expect(down.code).toBe(2);
    expect(down.stderr).toMatch(/^coverage-bot: could not remove from the archive, nothing was removed: .+\n$/);
    const blank = await runCli(['archive', 'remove', ' ', '--url', url]);
    expect(blank.code).toBe(2);
    expect(blank.stderr).toMatch(/^coverage-bot: give the ids of the articles to remove/);
  });
});
