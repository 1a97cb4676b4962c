/**
 * Answers over Discord's embed limits, end to end: a hand-made coverage with huge headlines,
 * long URLs and very long passages, asked through the real bot against the fake Discord.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { pino } from 'pino';
import type { APIEmbed } from 'discord.js';
import { startDiscordBot, type DiscordBot } from '../../../src/adapters/discord/index.js';
import { embedLength } from '../../../src/adapters/discord/format.js';
import * as limits from '../../../src/adapters/discord/limits.js';
import { loadConfig, loadCoreConfig } from '../../../src/config/index.js';
import { buildCoverage, type Article, type Coverage } from '../../../src/core/index.js';
import { createMemoryStore, type BotStore } from '../../../src/store/index.js';
import { startFakeDiscord, type FakeDiscord, type RecordedRequest } from '../../support/fake-discord.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();

/** An article whose every part is far longer than any Discord limit allows for one citation. */
function hugeArticle(n: number): Article {
  const text = `Officials in district ${n} said the zebra crossings near the school would be repainted in June. ` +
    `The council debated the zebra crossing budget for district ${n} at great length, line by line. `.repeat(40);
  return {
    id: `huge-${n}`,
    outlet: `The Very Long Outlet Name Gazette ${n}`,
    title: `Zebra crossings repainted in district ${n} ${'after an extraordinarily long debate '.repeat(40)}`,
    subtitle: null,
    author: null,
    published: `2025-06-0${(n % 9) + 1}`,
    url: `https://news.example/${n}/${'segment/'.repeat(50)}`,
    file: `/corpus/huge-${n}.txt`,
    body: text,
    passages: [{ id: `huge-${n}#0`, articleId: `huge-${n}`, index: 0, paragraph: 0, text, start: 0, end: text.length }],
  };
}

const QUESTION = `What did officials say about the zebra crossings ${'and the zebra crossing budget debate '.repeat(9)}?`;

let fake: FakeDiscord;
let bot: DiscordBot;
let store: BotStore;
let coverage: Coverage;

beforeAll(async () => {
  fake = await startFakeDiscord();
  coverage = buildCoverage({ dir: '/corpus', articles: Array.from({ length: 12 }, (_, n) => hugeArticle(n)), skipped: [] }, { config: coreConfig });
  store = createMemoryStore({ rateLimitPerMinute: 1000 });
  const config = loadConfig({ DISCORD_TOKEN: fake.token, DISCORD_APP_ID: fake.appId, DISCORD_API_URL: fake.apiUrl });
  bot = await startDiscordBot({ config, coverage: { current: () => coverage }, store, logger: pino({ level: 'silent' }) });
});

afterAll(async () => {
  await bot?.stop();
  await store?.close();
  await fake?.close();
});

function expectWithinLimits(embeds: APIEmbed[], content?: string): void {
  expect(embeds.length).toBeLessThanOrEqual(limits.EMBEDS_PER_MESSAGE_MAX);
  expect((content ?? '').length).toBeLessThanOrEqual(limits.CONTENT_MAX_LENGTH);
  for (const e of embeds) {
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(limits.EMBED_TITLE_MAX_LENGTH);
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(limits.EMBED_DESCRIPTION_MAX_LENGTH);
    expect(e.fields?.length ?? 0).toBeLessThanOrEqual(limits.EMBED_FIELDS_MAX);
    expect(e.author?.name.length ?? 0).toBeLessThanOrEqual(limits.EMBED_AUTHOR_NAME_MAX_LENGTH);
  }
  expect(embeds.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(limits.EMBEDS_TOTAL_MAX_LENGTH);
}

test('the coverage really is over the limits: its passages alone exceed one message', () => {
  const answer = coverage.ask(QUESTION);
  expect(answer.citations.length).toBeGreaterThan(1);
  expect(answer.citations.reduce((n, c) => n + c.quote.length + c.title.length, 0)).toBeGreaterThan(limits.EMBEDS_TOTAL_MAX_LENGTH);
});

test('an answer over the limits is sent as one embed within every limit, the question title shortened', async () => {
  const i = fake.command('ask', { question: QUESTION });
  const body = (await fake.editOf(i)).body;
  expectWithinLimits(body.embeds, body.content);
  expect(body.embeds[0].title.endsWith('…')).toBe(true);
  expect(body.embeds[0].description).toMatch(/^1\. The Very Long Outlet Name Gazette/m);
});

test('Sources over the limits are split into several private messages, each within every limit', async () => {
  const i = fake.command('ask', { question: QUESTION });
  await fake.editOf(i);
  const answer = [...fake.messages.values()].reverse().find((m) => m.embeds?.[0]?.description?.includes('Gazette'))!;
  const press = fake.pressButton(answer.components[0].components[0].custom_id, answer);
  const first = (await fake.editOf(press)).body;
  const cited = coverage.ask(QUESTION).citations.length;
  const followUps: RecordedRequest[] = [];
  while (first.embeds.length + followUps.reduce((n, r) => n + r.body.embeds.length, 0) < cited) {
    followUps.push(
      await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/webhooks/${fake.appId}/${press.token}` && !followUps.includes(r)),
    );
  }
  expect(followUps.length).toBeGreaterThan(0);
  expectWithinLimits(first.embeds, first.content);
  for (const r of followUps) {
    expect(r.body.flags).toBe(64);
    expectWithinLimits(r.body.embeds, r.body.content);
  }
});
