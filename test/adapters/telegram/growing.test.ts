/**
 * Growing coverage on Telegram, end to end: two bot processes (src/main.ts) share one Redis and one
 * corpus folder, each polling its own fake Bot API. An HTML article dropped into the folder is
 * answered from at once (its headline, which carries markup characters, escaped and linked), its
 * new statement reaches the subscribed chat exactly once across both instances, and once the file
 * is removed it is no longer cited.
 */
import { cpSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { projectRoot } from '../../../src/config/index.js';
import { alice } from '../../support/fake-telegram.js';
import { coverageChanges } from '../../support/bot-process.js';
import { sayTo as say, startTelegramBotProcess, statementPostsTo, stopTelegramBotProcesses, type TelegramBotProcess as BotProcess } from '../../support/telegram-process.js';
import { skipRedisSuites, startRedis, type RedisServer } from '../../support/redis.js';

const ARTICLE = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Baltic Ledger</title>
  <meta property="og:title" content="Lithuania &amp; Poland to open Vilnius&#8211;Gdańsk rail freight link &lt;in 2027&gt;">
  <meta property="og:site_name" content="Baltic Ledger">
  <link rel="canonical" href="https://balticledger.example/rail/vilnius-gdansk-freight?src=rss&amp;id=7">
  <script type="application/ld+json">
  {"@context":"https://schema.org","@type":"NewsArticle","headline":"Lithuania & Poland to open Vilnius–Gdańsk rail freight link <in 2027>","datePublished":"2025-09-03T07:15:00Z","publisher":{"@type":"Organization","name":"Baltic Ledger"}}
  </script>
</head>
<body>
  <nav><a href="/">Home</a> | <a href="/rail">Rail</a></nav>
  <article>
    <h1>Lithuania &amp; Poland to open Vilnius&#8211;Gdańsk rail freight link &lt;in 2027&gt;</h1>
    <p>VILNIUS, Sept 3 - Lithuania and Poland will open a direct rail freight link between Vilnius and the Polish port of Gdańsk in March 2027, the two governments said on Wednesday.</p>
    <p>"Container trains will run between Vilnius and Gdańsk every day from March 2027, and grain will follow by the summer," Lithuanian Transport Minister Rasa Jankauskaite told reporters in Vilnius.</p>
    <p>The link uses a rebuilt stretch of European-gauge track near the border town of Šeštokai, where freight has so far been moved between wagons by hand.</p>
    <p>Rail officials said the route would cut the trip from three days to about eleven hours.</p>
  </article>
  <footer>© Baltic Ledger</footer>
</body>
</html>
`;
/** The headline as it must appear in Telegram HTML: every markup character escaped. */
const HEADLINE_HTML = 'Lithuania &amp; Poland to open Vilnius–Gdańsk rail freight link &lt;in 2027&gt;';
const QUESTION = 'When will container trains run between Vilnius and Gdańsk?';


let redis: RedisServer;
let corpusDir: string;
const bots: BotProcess[] = [];
const dataDirs: string[] = [];

async function startBot(id: number): Promise<BotProcess> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `telegram-growing-data-${id}-`));
  dataDirs.push(dataDir);
  return startTelegramBotProcess(`bot ${id}`, { CORPUS_DIR: corpusDir, DATA_DIR: dataDir, KEYV_URL: redis.url });
}

/** The statement posts to `chatId`, across both fakes. */
const statementPosts = (chatId: number) => statementPostsTo(bots, chatId);


describe.skipIf(skipRedisSuites)('growing coverage on Telegram', () => {
  beforeAll(async () => {
    redis = await startRedis();
    corpusDir = mkdtempSync(path.join(tmpdir(), 'telegram-growing-corpus-'));
    cpSync(path.join(projectRoot, 'seeds'), corpusDir, { recursive: true });
    bots.push(...(await Promise.all([startBot(1), startBot(2)])));
  }, 240_000);

  afterAll(async () => {
    await stopTelegramBotProcesses(bots);
    await redis?.stop();
    for (const dir of [corpusDir, ...dataDirs]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('a new article is answered from and listed at once, and its statement reaches the subscribed chat exactly once', async () => {
    const [first] = bots as [BotProcess, BotProcess];
    const subscriber = alice.id;
    expect(await say(first, '/subscribe Jankauskaite', subscriber)).toContain('now follows “Jankauskaite”');
    // A second chat follows someone the new article does not quote: it must get nothing.
    expect(await say(first, '/subscribe Peskov', 3003)).toContain('now follows “Peskov”');

    expect(await say(first, QUESTION, 3004)).not.toContain(HEADLINE_HTML);

    // As `ingest` does: write beside, then rename into the folder in one step.
    const staging = mkdtempSync(path.join(tmpdir(), 'telegram-growing-staging-'));
    writeFileSync(path.join(staging, 'baltic-rail.html'), ARTICLE);
    renameSync(path.join(staging, 'baltic-rail.html'), path.join(corpusDir, 'baltic-rail.html'));
    rmSync(staging, { recursive: true, force: true });

    await vi.waitFor(() => expect(statementPosts(subscriber)).toHaveLength(1), { timeout: 30_000, interval: 100 });
    // Either instance may have posted it; the one asked below must have picked up the article too.
    await vi.waitFor(() => expect(bots.every((b) => coverageChanges(b) === 1)).toBe(true), { timeout: 30_000, interval: 100 });
    const post = statementPosts(subscriber)[0]!;
    expect(post.error).toBeUndefined();
    expect(post.params.parse_mode).toBe('HTML');
    expect(post.params.text).toContain('“Container trains will run between Vilnius and Gdańsk every day from March 2027');
    expect(post.params.text).toContain('— <b>Rasa Jankauskaite</b>');
    expect(post.params.text).toContain('3 Sep 2025');
    expect(post.params.text).toContain('<a href="https://balticledger.example/rail/vilnius-gdansk-freight?src=rss&amp;id=7">Baltic Ledger</a>');

    const answer = await say(first, QUESTION, 3005);
    expect(answer).toMatch(/March 2027/);
    expect(answer).toContain(`<b>Baltic Ledger</b> — <a href="https://balticledger.example/rail/vilnius-gdansk-freight?src=rss&amp;id=7">${HEADLINE_HTML}</a> (3 Sep 2025)`);
    const sources = await say(first, '/sources', 3006);
    expect(sources).toContain('6 articles in the coverage');
    expect(sources).toContain(HEADLINE_HTML);
    const help = await say(first, '/help', 3009);
    expect(help).toContain('6 news articles');
    expect(help).toContain('Baltic Ledger');
    expect(help).toContain('to 3 Sep 2025');

    // Both instances saw the change; give the slower one time to (not) post again.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(statementPosts(subscriber)).toHaveLength(1);
    expect(statementPosts(3003)).toHaveLength(0);
  }, 120_000);

  test('a removed article is no longer cited', async () => {
    const [first] = bots as [BotProcess, BotProcess];
    expect(coverageChanges(first)).toBe(1);
    rmSync(path.join(corpusDir, 'baltic-rail.html'));
    await vi.waitFor(() => expect(coverageChanges(first)).toBe(2), { timeout: 30_000, interval: 100 });
    const answer = await say(first, QUESTION, 3007);
    expect(answer).not.toContain(HEADLINE_HTML);
    expect(answer).not.toContain('balticledger.example');
    expect(await say(first, '/sources', 3008)).toContain('5 articles in the coverage');
  }, 90_000);
});
