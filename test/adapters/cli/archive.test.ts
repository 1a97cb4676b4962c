import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli, seeds } from '../../support/cli.js';
import { skipPostgresSuites, startPostgres, type PostgresServer } from '../../support/postgres.js';

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
    expect(after.stdout).toMatch(/^ok: PostgreSQL .* reachable and migrated \(schema 1; 5 articles/);
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
});
