/**
 * Growing coverage on Discord, end to end: two bot processes (src/main.ts) share one Redis and one
 * corpus folder, each against its own fake Discord. An HTML article dropped into the folder is
 * answered from at once, its new statement reaches the subscribed channel exactly once, and once
 * the file is removed it is no longer cited. /sources and /help show the change at once; the
 * instances stop gracefully on SIGINT and SIGTERM.
 */
import { cpSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { projectRoot } from '../../../src/config/index.js';
import { startFakeDiscord, type FakeDiscord } from '../../support/fake-discord.js';
import { coverageChanges, startBotProcess, stopBotProcess, type BotProcess as RunningBot } from '../../support/bot-process.js';
import { skipRedisSuites, startRedis, type RedisServer } from '../../support/redis.js';

const ARTICLE = `<!DOCTYPE html>
<html>
<head>
  <meta charset="utf-8">
  <title>Nordic Wire</title>
  <meta property="og:title" content="Finland to reopen Baltic ferry route to Tallinn in autumn">
  <meta property="og:site_name" content="Nordic Wire">
  <meta property="article:published_time" content="2025-08-14T09:30:00Z">
  <link rel="canonical" href="https://nordicwire.example/finland-baltic-ferry-route-2025-08-14">
</head>
<body>
  <article>
    <h1>Finland to reopen Baltic ferry route to Tallinn in autumn</h1>
    <p>HELSINKI, Aug 14 - Finland will reopen the night ferry route between Helsinki and Tallinn in October after a two-year pause, the government said on Thursday.</p>
    <p>"The ferry will carry passengers and freight again from the first week of October," Finnish Foreign Minister Elina Valtonen told reporters in Helsinki.</p>
    <p>The route was suspended in 2023 after the operator's only vessel needed repairs, and a replacement ship has been chartered for three years.</p>
    <p>Port officials said about 900 passengers a night are expected during the winter season.</p>
  </article>
</body>
</html>
`;
const HEADLINE = 'Finland to reopen Baltic ferry route to Tallinn in autumn';
const QUESTION = 'When will the Helsinki to Tallinn night ferry reopen?';

interface BotProcess extends RunningBot {
  fake: FakeDiscord;
}

let redis: RedisServer;
let corpusDir: string;
const bots: BotProcess[] = [];

async function startBot(id: number): Promise<BotProcess> {
  const fake = await startFakeDiscord();
  const dataDir = mkdtempSync(path.join(tmpdir(), `discord-growing-data-${id}-`));
  const env: NodeJS.ProcessEnv = {
    DISCORD_TOKEN: fake.token,
    DISCORD_APP_ID: fake.appId,
    DISCORD_API_URL: fake.apiUrl,
    CORPUS_DIR: corpusDir,
    DATA_DIR: dataDir,
    KEYV_URL: redis.url,
    LOG_LEVEL: 'info',
  };
  return { fake, ...(await startBotProcess(`bot ${id}`, env, 'discord bot ready', 110_000)) };
}

/** The channel messages that announce a statement, across both fakes, to `channelId`. */
function statementPosts(channelId: string) {
  return bots.flatMap((b) => b.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages` && /^New statement by/.test(r.body?.embeds?.[0]?.title ?? '')));
}

async function ask(bot: BotProcess, question: string) {
  const i = bot.fake.command('ask', { question });
  const edit = await bot.fake.waitForRequest((r) => r.method === 'PATCH' && r.path.endsWith(`/${i.token}/messages/@original`), { timeoutMs: 20_000 });
  return edit.body.embeds[0];
}

describe.skipIf(skipRedisSuites)('growing coverage on Discord', () => {
  beforeAll(async () => {
    redis = await startRedis();
    corpusDir = mkdtempSync(path.join(tmpdir(), 'discord-growing-corpus-'));
    cpSync(path.join(projectRoot, 'seeds'), corpusDir, { recursive: true });
    bots.push(...(await Promise.all([startBot(1), startBot(2)])));
  }, 120_000);

  afterAll(async () => {
    for (const bot of bots) {
      await stopBotProcess(bot);
      await bot.fake.close();
    }
    await redis?.stop();
    if (corpusDir) rmSync(corpusDir, { recursive: true, force: true });
  });

  test('a new article is answered from and listed at once, and its statement reaches the subscribed channel exactly once', async () => {
    const [first] = bots as [BotProcess, BotProcess];
    const subscribe = first.fake.command('subscribe', { to: 'Valtonen' });
    const confirmation = await first.fake.waitForRequest((r) => r.path.includes(subscribe.token));
    expect(confirmation.body.data.content).toMatch(/now follows “Valtonen”/);

    const before = await ask(first, QUESTION);
    expect(before.description).not.toContain(HEADLINE);

    // As `ingest` does: write beside, then rename into the folder in one step.
    const staging = mkdtempSync(path.join(tmpdir(), 'discord-growing-staging-'));
    writeFileSync(path.join(staging, 'nordic-ferry.html'), ARTICLE);
    renameSync(path.join(staging, 'nordic-ferry.html'), path.join(corpusDir, 'nordic-ferry.html'));
    rmSync(staging, { recursive: true, force: true });

    // Either instance may post first; each answers from the new coverage once it has swapped it in.
    await vi.waitFor(() => expect(statementPosts(first.fake.channelId)).toHaveLength(1), { timeout: 15_000, interval: 100 });
    await vi.waitFor(() => expect(bots.every((b) => coverageChanges(b) >= 1)).toBe(true), { timeout: 15_000, interval: 100 });
    const post = statementPosts(first.fake.channelId)[0]!;
    expect(post.body.embeds[0].title).toBe('New statement by Elina Valtonen');
    expect(post.body.embeds[0].description).toContain('The ferry will carry passengers and freight again');
    expect(post.body.embeds[0].description).toContain(`Nordic Wire — [${HEADLINE}]`);
    expect(post.body.allowed_mentions).toEqual({ parse: [] });

    const after = await ask(first, QUESTION);
    expect(after.description).toContain(HEADLINE);
    const sources = first.fake.command('sources');
    const listed = await first.fake.waitForRequest((r) => r.path.includes(sources.token));
    expect(listed.body.data.embeds[0].description).toMatch(/^6 articles/);
    expect(listed.body.data.embeds[0].description).toContain(HEADLINE);
    const help = first.fake.command('help');
    const helped = await first.fake.waitForRequest((r) => r.path.includes(help.token));
    expect(helped.body.data.embeds[0].footer.text).toMatch(/^Coverage: 6 articles from .*Nordic Wire/);

    // Both instances saw the change; give the slower one's notification time to (not) post again.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(statementPosts(first.fake.channelId)).toHaveLength(1);
  });

  test('a removed article is no longer cited', async () => {
    const [first] = bots as [BotProcess, BotProcess];
    const seen = coverageChanges(first);
    rmSync(path.join(corpusDir, 'nordic-ferry.html'));
    await vi.waitFor(() => expect(coverageChanges(first)).toBeGreaterThan(seen), { timeout: 15_000, interval: 100 });
    const embed = await ask(first, QUESTION);
    expect(embed.description).not.toContain(HEADLINE);
  });

  test('each instance stops gracefully on SIGINT or SIGTERM: exit 0, gateway closed', async () => {
    const signals = ['SIGINT', 'SIGTERM'] as const;
    const codes = await Promise.all(
      bots.map((bot, n) => {
        const exited = new Promise<number | null>((resolve) => bot.child.once('exit', (code) => resolve(code)));
        bot.child.kill(signals[n]);
        return exited;
      }),
    );
    expect(codes).toEqual([0, 0]);
    for (const bot of bots) {
      expect(bot.fake.openConnections()).toBe(0);
      expect(bot.log()).toContain('discord bot stopped');
    }
  });
});
