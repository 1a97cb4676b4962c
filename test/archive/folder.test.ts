import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followCorpusFolder, importArticles, openArchiveCoverage, removeArticles, type ArchiveLog, type FolderFollower } from '../../src/archive/index.js';
import { readCorpus, type LiveCoverage } from '../../src/core/index.js';
import { loadCoreConfig } from '../../src/config/index.js';
import { seeds } from '../support/cli.js';
import { skipPostgresSuites, startPostgres, type PostgresServer } from '../support/postgres.js';

/** The project's configuration (config/), as the bot reads it. */
const config = loadCoreConfig();

function articleText(topic: string, detail: string): string {
  return [
    'date 2025-06-06 WORLD',
    `Kremlin comments on the ${topic}`,
    '',
    `Kremlin spokesman Dmitry Peskov said on Friday that the ${topic} would ${detail}.`,
    '',
    `"The ${topic} is a matter for the experts, and they will decide calmly," Peskov told reporters.`,
  ].join('\n');
}

function recordingLog(): ArchiveLog & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (d, m) => lines.push(`info ${m} ${JSON.stringify(d)}`), warn: (d, m) => lines.push(`warn ${m} ${JSON.stringify(d)}`) };
}

describe.skipIf(skipPostgresSuites)('an instance that follows a corpus folder into the archive', () => {
  let server: PostgresServer;
  const closing: { close(): void }[] = [];
  const dirs: string[] = [];
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    for (const c of closing) c.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    await server?.remove();
  });

  it('stores the folder at the start, then each new or changed file only, and every instance hears it', async () => {
    const url = await server.createDatabase('folder_1');
    await importArticles(url, (await readCorpus(seeds, { config })).articles, { config });
    const instances: LiveCoverage[] = [await openArchiveCoverage({ url, config }), await openArchiveCoverage({ url, config })];
    closing.push(...instances);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'archive-folder-'));
    dirs.push(dir);
    writeFileSync(path.join(dir, 'gondola.txt'), articleText('gondola line', 'open in the spring'));

    const log = recordingLog();
    const follower: FolderFollower = await followCorpusFolder({ url, dir, config, debounceMs: 50, log });
    closing.push(follower);
    for (const live of instances) {
      await expect.poll(() => live.current().ask('When will the gondola line open?').citations[0]?.article, { timeout: 10_000 }).toBe('gondola');
    }

    // A new file and an edited one: only they are stored (the gondola article is not sent again).
    writeFileSync(path.join(dir, 'funicular.txt'), articleText('funicular railway', 'be rebuilt by 2027'));
    writeFileSync(path.join(dir, 'gondola.txt'), articleText('gondola line', 'open in the autumn after a delay'));
    const stored = () =>
      log.lines
        .filter((l) => l.startsWith('info stored new coverage'))
        .map((l) => JSON.parse(l.slice(l.indexOf('{'))) as { added: number; replaced: number })
        .reduce((sum, r) => ({ added: sum.added + r.added, replaced: sum.replaced + r.replaced }), { added: 0, replaced: 0 });
    expect(stored()).toEqual({ added: 1, replaced: 0 });
    await expect.poll(stored, { timeout: 10_000 }).toEqual({ added: 2, replaced: 1 });
    for (const live of instances) {
      await expect.poll(() => live.current().ask('When will the funicular railway be rebuilt?').citations[0]?.article, { timeout: 10_000 }).toBe('funicular');
      await expect.poll(() => live.current().ask('When will the gondola line open?').answer, { timeout: 10_000 }).toMatch(/autumn/);
    }
    // Nothing changed: nothing is stored.
    const report = await follower.sync();
    expect(report).toEqual({ added: [], replaced: [], unchanged: [], retracted: [] });
  }, 60_000);

  it('does not bring back a retracted article whose file is still in the folder when it starts again, but stores an edited file', async () => {
    const url = await server.createDatabase('folder_3');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'archive-folder-'));
    dirs.push(dir);
    writeFileSync(path.join(dir, 'monorail.txt'), articleText('monorail', 'run by the summer'));
    writeFileSync(path.join(dir, 'tramway.txt'), articleText('tramway', 'close for repairs'));
    const first = await followCorpusFolder({ url, dir, config, debounceMs: 50 });
    first.close();
    expect((await removeArticles(url, ['monorail'])).removed.map((r) => r.id)).toEqual(['monorail']);

    // A restart (a new follower, nothing cached): the retracted article stays out, and the log says why.
    const log = recordingLog();
    const again = await followCorpusFolder({ url, dir, config, debounceMs: 50, log });
    closing.push(again);
    const live = await openArchiveCoverage({ url, config, listen: false });
    closing.push(live);
    expect(live.current().corpus.articles.map((a) => a.id)).toEqual(['tramway']);
    expect(log.lines.filter((l) => l.includes('left out retracted articles'))).toEqual([expect.stringContaining('"articles":["monorail"]')]);

    // The file corrected: a new version, stored.
    writeFileSync(path.join(dir, 'monorail.txt'), articleText('monorail', 'run from the autumn, after a correction'));
    await expect.poll(async () => (await live.reload()).corpus.articles.map((a) => a.id).sort(), { timeout: 10_000 }).toEqual(['monorail', 'tramway']);
  }, 60_000);

  it('keeps what it could not store while PostgreSQL is down and stores it once it is back', async () => {
    const url = await server.createDatabase('folder_2');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'archive-folder-'));
    dirs.push(dir);
    const log = recordingLog();
    const follower = await followCorpusFolder({ url, dir, config, debounceMs: 50, retryMs: 200, log });
    closing.push(follower);
    await server.stop();
    try {
      writeFileSync(path.join(dir, 'cablecar.txt'), articleText('cable car', 'carry skiers from December'));
      await expect.poll(() => log.lines.some((l) => l.startsWith('warn could not store the corpus folder')), { timeout: 10_000 }).toBe(true);
    } finally {
      await server.start();
    }
    const live = await openArchiveCoverage({ url, config });
    closing.push(live);
    await expect.poll(() => live.current().ask('When will the cable car carry skiers?').citations[0]?.article, { timeout: 15_000 }).toBe('cablecar');
  }, 60_000);
});
