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
import { alice, privateChat, startFakeTelegram, type FakeTelegram } from '../../support/fake-telegram.js';
import { coverageChanges, startBotProcess, stopBotProcess, type BotProcess as RunningBot } from '../../support/bot-process.js';
import { skipRedisSuites, startRedis, type RedisServer } from '../../support/redis.js';
import { skipPostgresSuites, startPostgres, type PostgresServer } from '../../support/postgres.js';
import { runCli, seeds } from '../../support/cli.js';

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

interface BotProcess extends RunningBot {
  fake: FakeTelegram;
}

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

async function startBot(id: number): Promise<BotProcess> {
  const fake = await startFakeTelegram();
  const env: NodeJS.ProcessEnv = {
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    CORPUS_DIR: tempDir(`telegram-archive-empty-${id}-`),
    DATA_DIR: tempDir(`telegram-archive-data-${id}-`),
    KEYV_URL: redis.url,
    ARCHIVE_URL: archiveUrl,
    LOG_LEVEL: 'info',
  };
  return { fake, ...(await startBotProcess(`bot ${id}`, env, 'telegram bot running', 100_000)) };
}

function statementPosts(chatId: number) {
  return bots.flatMap((b) => b.fake.calls('sendMessage').filter((c) => String(c.params.chat_id) === String(chatId) && String(c.params.text).startsWith('<b>New statement</b>')));
}

async function say(bot: BotProcess, text: string, chatId = alice.id): Promise<string> {
  const asked = bot.fake.userMessage({ text, chat: privateChat({ ...alice, id: chatId }) }).message;
  await vi.waitFor(() => expect(bot.fake.calls('sendMessage').some((c) => c.params.reply_parameters?.message_id === asked.message_id)).toBe(true), {
    timeout: 30_000,
    interval: 50,
  });
  const reply = bot.fake.calls('sendMessage').find((c) => c.params.reply_parameters?.message_id === asked.message_id)!;
  expect(reply.error).toBeUndefined();
  return String(reply.params.text);
}

describe.skipIf(skipRedisSuites || skipPostgresSuites)('the shared archive on Telegram', () => {
  beforeAll(async () => {
    [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
    archiveUrl = await postgres.createDatabase('telegram');
    const imported = await runCli(['archive', 'import', seeds, '--url', archiveUrl]);
    expect(imported.code, imported.stderr).toBe(0);
    bots.push(...(await Promise.all([startBot(1), startBot(2)])));
  }, 240_000);

  afterAll(async () => {
    for (const bot of bots) {
      await stopBotProcess(bot);
      await bot.fake.close();
    }
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
});
