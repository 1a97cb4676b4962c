/**
 * The shared archive on Telegram, end to end: two bot processes (src/main.ts) with ARCHIVE_URL and
 * no corpus folder of their own share one PostgreSQL and one Redis. An article imported into the
 * archive (`coverage-bot archive import`) is heard by both through LISTEN/NOTIFY and answered from
 * at once, and its statement reaches the subscribed chat exactly once across both instances.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { alice } from '../../support/fake-telegram.js';
import { coverageChanges } from '../../support/bot-process.js';
import { sayTo as say, startTelegramBotProcess, statementPostsTo, stopTelegramBotProcesses, type TelegramBotProcess as BotProcess } from '../../support/telegram-process.js';
import { skipRedisSuites, startRedis, type RedisServer } from '../../support/redis.js';
import { skipPostgresSuites, startPostgres, type PostgresServer } from '../../support/postgres.js';
import { runCli, seeds } from '../../support/cli.js';
import { PARTIAL_NOTICES } from '../../../src/service/index.js';
import { escapeHtml } from '../../../src/adapters/telegram/html.js';

const ARTICLE = [
  'date 2025-09-03 WORLD',
  'Lithuania and Poland to open Vilnius-Gdansk rail freight link',
  '',
  'VILNIUS, Sept 3 - Lithuania and Poland will open a direct rail freight link between Vilnius and the Polish port of Gdansk in March 2027, the two governments said on Wednesday.',
  '',
  '"Container trains will run between Vilnius and Gdansk every day from March 2027, and grain will follow by the summer," Lithuanian Transport Minister Rasa Jankauskaite told reporters in Vilnius.',
  '',
  'Rail officials said the route would cut the trip from three days to about eleven hours.',
].join('\n');
const QUESTION = 'When will container trains run between Vilnius and Gdansk?';
/** The line under an answer for which part of the archive could not be searched. */
const ARCHIVE_UNREACHABLE_LINE = `<i>${escapeHtml(PARTIAL_NOTICES['archive-unreachable'])}</i>`;


let redis: RedisServer;
let postgres: PostgresServer;
let archiveUrl: string;
const bots: BotProcess[] = [];
const dirs: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};

/** Each bot's own corpus folder (CORPUS_DIR), which it follows into the archive. */
const corpusDirs: string[] = [];

async function startBot(id: number, extra: NodeJS.ProcessEnv = {}): Promise<BotProcess> {
  corpusDirs[id] = tempDir(`telegram-archive-corpus-${id}-`);
  return startTelegramBotProcess(`bot ${id}`, {
    CORPUS_DIR: corpusDirs[id],
    DATA_DIR: tempDir(`telegram-archive-data-${id}-`),
    KEYV_URL: redis.url,
    ARCHIVE_URL: archiveUrl,
    ...extra,
  });
}

const statementPosts = (chatId: number, quoting = '') => statementPostsTo(bots, chatId, quoting);

/** A wire story quoting `speaker` on `topic`. */
function story(date: string, topic: string, speaker: string, quote: string): string {
  return [`date ${date} WORLD`, `Officials comment on the ${topic}`, '', `Officials said on Thursday that the ${topic} would be reviewed next month.`, '', `"${quote}," ${speaker} told reporters.`].join('\n');
}


describe.skipIf(skipRedisSuites || skipPostgresSuites)('the shared archive on Telegram', () => {
  beforeAll(async () => {
    [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
    archiveUrl = await postgres.createDatabase('telegram');
    const imported = await runCli(['archive', 'import', seeds, '--url', archiveUrl]);
    expect(imported.code, imported.stderr).toBe(0);
    // The second instance holds only a few of the newest passages in memory: the rest it reads from PostgreSQL.
    bots.push(...(await Promise.all([startBot(1), startBot(2, { HOT_PASSAGES: '30' })])));
  }, 240_000);

  afterAll(async () => {
    await stopTelegramBotProcesses(bots);
    await redis?.stop();
    await postgres?.remove();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  test('answers from the archive, hears a new article on both instances, and posts its statement to the subscriber once', async () => {
    const [first, second] = bots as [BotProcess, BotProcess];
    expect(await say(first, 'What did Peskov say about a Putin-Trump call?', 4001)).toMatch(/Peskov|Putin/);
    expect(await say(first, '/subscribe Jankauskaite', alice.id)).toContain('now follows “Jankauskaite”');
    expect(await say(first, QUESTION, 4002)).not.toMatch(/March 2027/);

    const incoming = tempDir('telegram-archive-in-');
    writeFileSync(path.join(incoming, 'baltic-rail.txt'), ARTICLE);
    const imported = await runCli(['archive', 'import', incoming, '--url', archiveUrl]);
    expect(imported.code, imported.stderr).toBe(0);

    await vi.waitFor(() => expect(bots.every((b) => coverageChanges(b) === 1)).toBe(true), { timeout: 30_000, interval: 100 });
    await vi.waitFor(() => expect(statementPosts(alice.id)).toHaveLength(1), { timeout: 30_000, interval: 100 });
    expect(statementPosts(alice.id)[0]!.params.text).toContain('Container trains will run between Vilnius and Gdansk');
    expect(await say(second, QUESTION, 4003)).toMatch(/March 2027/);
    expect(await say(first, QUESTION, 4004)).toMatch(/March 2027/);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(statementPosts(alice.id)).toHaveLength(1);
  }, 120_000);

  test('an article added to one instance’s corpus folder (by ingest, or dropped in) is stored in the archive, heard by both, posted once', async () => {
    const [first, second] = bots as [BotProcess, BotProcess];
    const changesBefore = bots.map(coverageChanges);
    expect(await say(second, '/subscribe Virtanen', 4010)).toContain('now follows “Virtanen”');
    const incoming = tempDir('telegram-archive-ingest-');
    writeFileSync(
      path.join(incoming, 'lapland-rail.txt'),
      story('2025-09-04', 'Lapland rail extension', 'Finnish Transport Minister Aino Virtanen', 'Trains will reach Kolari from Rovaniemi in under three hours by 2028'),
    );
    // `ingest` writes into the first instance's folder and stores the article in the archive; that
    // instance's follower sees the same file and finds it already stored: one notification.
    const ingested = await runCli(['ingest', incoming], { env: { ARCHIVE_URL: archiveUrl, CORPUS_DIR: corpusDirs[1] } });
    expect(ingested.code, ingested.stderr).toBe(0);
    await vi.waitFor(() => expect(bots.map(coverageChanges)).toEqual(changesBefore.map((n) => n + 1)), { timeout: 30_000, interval: 100 });
    await vi.waitFor(() => expect(statementPosts(4010, 'Kolari')).toHaveLength(1), { timeout: 30_000, interval: 100 });
    expect(await say(second, 'How long will trains take from Rovaniemi to Kolari?', 4011)).toMatch(/three hours/);

    // A file dropped into the folder with no command: the instance following it stores it.
    writeFileSync(
      path.join(corpusDirs[1]!, 'arctic-port.txt'),
      story('2025-09-05', 'Arctic port dredging', 'Port director Aino Virtanen', 'Dredging at the Kemi deep-water port will finish before the ice season'),
    );
    await vi.waitFor(() => expect(bots.map(coverageChanges)).toEqual(changesBefore.map((n) => n + 2)), { timeout: 30_000, interval: 100 });
    await vi.waitFor(() => expect(statementPosts(4010, 'Kemi')).toHaveLength(1), { timeout: 30_000, interval: 100 });
    expect(first.log()).toContain('stored new coverage of the corpus folder in the archive');
    expect(await say(second, 'When will dredging at the Kemi port finish?', 4012)).toMatch(/ice season/);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(statementPosts(4010, 'Kolari')).toHaveLength(1);
    expect(statementPosts(4010, 'Kemi')).toHaveLength(1);
  }, 120_000);

  test('/sources counts and lists the whole archive, not only what an instance holds in memory', async () => {
    const [, second] = bots as [BotProcess, BotProcess];
    const sources = await say(second, '/sources', 4020);
    // The seeds, the Baltic rail story and the two Finnish ones: more than the second instance's 30 passages hold.
    expect(sources).toContain('<b>8 articles in the coverage</b>');
    expect(sources.match(/^\d+\. /gm)).toHaveLength(8);
    expect(sources.indexOf('Arctic port dredging')).toBeLessThan(sources.indexOf('Lapland rail extension'));
  }, 60_000);

  test('PostgreSQL stopped mid-conversation: both instances keep answering from memory with a warning in the log, and tell the user when the older coverage was out of reach; once it is back they catch up on what was stored meanwhile', async () => {
    const [first, second] = bots as [BotProcess, BotProcess];
    const changesBefore = bots.map(coverageChanges);
    expect(await say(second, '/subscribe Lindqvist', 4030)).toContain('now follows “Lindqvist”');
    expect(await say(second, 'When will dredging at the Kemi port finish?', 4031)).toMatch(/ice season/);
    await postgres.stop();
    try {
      // The same conversation goes on: the newest coverage is in memory; the older is out of reach.
      expect(await say(second, 'When will dredging at the Kemi port finish?', 4031)).toMatch(/ice season/);
      // The first instance holds the whole archive in memory: nothing was out of reach, nothing to say.
      const whole = await say(first, QUESTION, 4032);
      expect(whole).toMatch(/March 2027/);
      expect(whole).not.toContain(ARCHIVE_UNREACHABLE_LINE);
      // The second holds the newest passages only: the older coverage could not be searched, and the user hears so.
      const older = await say(second, 'What did Peskov say about a Putin-Trump call?', 4033);
      expect(older).toContain(ARCHIVE_UNREACHABLE_LINE);
      expect(await say(second, '/latest Peskov', 4033)).toContain(ARCHIVE_UNREACHABLE_LINE);
      expect(await say(second, '/sources', 4033)).toContain(ARCHIVE_UNREACHABLE_LINE);
      for (const bot of bots) {
        expect(bot.child.exitCode).toBeNull();
        await vi.waitFor(() => expect(bot.log()).toContain('archive unreachable'), { timeout: 15_000, interval: 100 });
      }
    } finally {
      await postgres.start();
    }
    // Stored at once, while the instances' listeners are still reconnecting: caught up, not missed.
    const incoming = tempDir('telegram-archive-missed-');
    writeFileSync(
      path.join(incoming, 'ferry.txt'),
      story('2025-09-06', 'Aland ferry timetable', 'Port director Erik Lindqvist', 'The night ferry to Mariehamn will run twice a week from October'),
    );
    const imported = await runCli(['archive', 'import', incoming, '--url', archiveUrl]);
    expect(imported.code, imported.stderr).toBe(0);
    await vi.waitFor(() => expect(bots.map(coverageChanges)).toEqual(changesBefore.map((n) => n + 1)), { timeout: 30_000, interval: 100 });
    await vi.waitFor(() => expect(statementPosts(4030, 'Mariehamn')).toHaveLength(1), { timeout: 30_000, interval: 100 });
    expect(await say(first, 'How often will the night ferry to Mariehamn run?', 4034)).toMatch(/twice a week/);
    const back = await say(second, 'What did Peskov say about a Putin-Trump call?', 4035);
    expect(back).toMatch(/Peskov|Putin/);
    expect(back).not.toContain(ARCHIVE_UNREACHABLE_LINE);
    expect(await say(second, '/sources', 4035)).not.toContain(ARCHIVE_UNREACHABLE_LINE);
    for (const bot of bots) expect(bot.log()).toContain('archive reachable again');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(statementPosts(4030, 'Mariehamn')).toHaveLength(1);
  }, 180_000);
});
