/**
 * The Discord bot end to end: the real bot (discord.js) against the fake Discord on 127.0.0.1,
 * answering from the seed coverage with the real core and an in-memory store.
 */
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { DiscordBot } from '../../../src/adapters/discord/index.js';
import { coverageFooter } from '../../../src/adapters/discord/format.js';
import { parseButtonId } from '../../../src/adapters/discord/buttons.js';
import { INTERACTION_ACK_WINDOW_MS } from '../../../src/adapters/discord/limits.js';
import type { Coverage } from '../../../src/core/index.js';
import type { BotStore } from '../../../src/store/index.js';
import { fakeUser, type FakeDiscord, type RecordedRequest } from '../../support/fake-discord.js';
import { startSeedsDiscordBot, type SeedsDiscordBot } from '../../support/discord-bot.js';

const EPHEMERAL = 64;
const SHOYGU = 'Who did Shoygu meet?';
const TRT_HEADLINE = 'Kremlin says no plans yet for Putin-Trump call';

let fake: FakeDiscord;
let bot: DiscordBot;
let store: BotStore;
let coverage: Coverage;

let running: SeedsDiscordBot | undefined;
beforeAll(async () => {
  running = await startSeedsDiscordBot();
  ({ fake, bot, store, coverage } = running);
});
afterAll(() => running?.stop());

/** What a request posts as a message: the callback's data, or the body itself. */
function messageBody(r: RecordedRequest): any {
  return r.path.endsWith('/callback') ? r.body?.data : r.body;
}

/** The message the fake stored for a PATCH of @original or a channel POST (to reply to or press buttons on). */
function storedMessage(embedDescriptionPart: string): any {
  return [...fake.messages.values()].reverse().find((m) => m.embeds?.[0]?.description?.includes(embedDescriptionPart));
}

describe('connecting', () => {
  test('speaks plain JSON to the gateway, without zlib compression', () => {
    expect(fake.gatewayQueries[0]?.get('encoding')).toBe('json');
    expect(fake.gatewayQueries[0]?.has('compress')).toBe(false);
    expect(fake.identifies[0]?.compress).toBe(false);
  });

  test('asks for Guilds, GuildMessages and DirectMessages only, not the privileged MessageContent', () => {
    const intents = BigInt(fake.identifies[0]!.intents);
    expect(intents).toBe((1n << 0n) | (1n << 9n) | (1n << 12n));
  });

  test('does not register slash commands on start', () => {
    expect(fake.requests.some((r) => r.path.includes('/commands'))).toBe(false);
  });
});

describe('/ask', () => {
  test('defers publicly, then answers with an embed that names the person and cites the article', async () => {
    const i = fake.command('ask', { question: SHOYGU });
    const deferred = await fake.callbackOf(i);
    expect(deferred.body).toEqual({ type: 5, data: { flags: 0 } });
    const embed = (await fake.editOf(i)).body.embeds[0];
    expect(embed.title).toBe(SHOYGU);
    expect(embed.description).toContain('Memis');
    expect(embed.description).toContain(`TRT World — ${TRT_HEADLINE}`);
    expect(embed.footer.text).toBe(coverageFooter(coverage.summary()));
  });

  test('puts Sources and More like this buttons under the answer', async () => {
    const i = fake.command('ask', { question: SHOYGU });
    const body = (await fake.editOf(i)).body;
    const buttons = body.components[0].components;
    expect(buttons.map((b: any) => b.label)).toEqual(['Sources', 'More like this', '👍', '👎']);
    expect(buttons.every((b: any) => b.custom_id.length <= 100)).toBe(true);
  });

  test('works in a DM with the bot as in a server channel', async () => {
    const i = fake.command('ask', { question: SHOYGU }, { dm: true, user: fakeUser('dm-asker') });
    expect((await fake.callbackOf(i)).body).toEqual({ type: 5, data: { flags: 0 } });
    expect((await fake.editOf(i)).body.embeds[0].description).toContain('Memis');
  });

  test('refuses an over-long question privately, without deferring', async () => {
    const i = fake.command('ask', { question: 'why '.repeat(200) });
    const body = (await fake.callbackOf(i)).body;
    expect(body.type).toBe(4);
    expect(body.data.flags).toBe(EPHEMERAL);
    expect(body.data.content).toMatch(/up to 500/);
  });

  test('says plainly when the coverage does not answer, with only the rating buttons when nothing is cited', async () => {
    const question = 'When will Putin visit Brazil?';
    const expected = coverage.ask(question);
    expect(expected.confident).toBe(false);
    expect(expected.citations).toEqual([]);
    const body = (await fake.editOf(fake.command('ask', { question }))).body;
    expect(body.embeds[0].description).toBe(expected.answer);
    expect(body.embeds[0].description).toMatch(/^The coverage does not say/);
    expect(body.components[0].components.map((b: any) => b.label)).toEqual(['👍', '👎']);
  });

  test('marks an answer that is only the closest passages as not confident', async () => {
    const question = 'What did Peskov say about football?';
    const expected = coverage.ask(question);
    expect(expected.confident).toBe(false);
    expect(expected.citations.length).toBeGreaterThan(0);
    const embed = (await fake.editOf(fake.command('ask', { question }))).body.embeds[0];
    expect(embed.description).toContain('Not a confident answer');
    expect(embed.description).toMatch(/^1\. /m);
  });

  test('acknowledges in time by deferring when the answer takes longer than the window', async () => {
    const window = fake.ackWindowMs;
    fake.ackWindowMs = 300;
    const slow = vi.spyOn(store.answers, 'get').mockImplementationOnce(async () => {
      await new Promise((resolve) => setTimeout(resolve, 800));
      return undefined;
    });
    try {
      const i = fake.command('ask', { question: SHOYGU });
      const ack = await fake.callbackOf(i);
      expect(ack.status).toBe(204);
      expect(ack.ackMs).toBeLessThan(300);
      expect((await fake.editOf(i)).body.embeds[0].description).toContain('Memis');
      expect(slow).toHaveBeenCalled();
    } finally {
      fake.ackWindowMs = window;
      slow.mockRestore();
    }
  });

  test('refuses an empty question privately', async () => {
    const body = (await fake.callbackOf(fake.command('ask', { question: '   ' }))).body;
    expect(body.data).toMatchObject({ flags: EPHEMERAL, content: expect.stringMatching(/include a question/) });
  });

  test('shows a question the core cannot ask as a private error, removing the public placeholder', async () => {
    const i = fake.command('ask', { question: '???' });
    await fake.callbackOf(i);
    const followUp = await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/webhooks/${fake.appId}/${i.token}`);
    expect(followUp.body.flags).toBe(EPHEMERAL);
    expect(followUp.body.content).toMatch(/question/i);
    expect(fake.requestsFor(i.token).some((r) => r.method === 'DELETE' && r.path.endsWith('/messages/@original'))).toBe(true);
  });
});

describe('buttons', () => {
  test('Sources shows the cited passages privately', async () => {
    const i = fake.command('ask', { question: SHOYGU });
    await fake.editOf(i);
    const answer = storedMessage('Memis')!;
    const press = fake.pressButton(answer.components[0].components[0].custom_id, answer);
    expect((await fake.callbackOf(press)).body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const embeds = (await fake.editOf(press)).body.embeds;
    expect(embeds[0].description).toContain('Memis');
    expect(embeds[0].title).toContain(TRT_HEADLINE);
  });

  test('More like this shows the next best passages privately, with a button for the page after', async () => {
    const i = fake.command('ask', { question: SHOYGU });
    await fake.editOf(i);
    const answer = storedMessage('Memis')!;
    const moreId = answer.components[0].components[1].custom_id;
    const press = fake.pressButton(moreId, answer);
    expect((await fake.callbackOf(press)).body.data.flags).toBe(EPHEMERAL);
    const body = (await fake.editOf(press)).body;
    const expected = coverage.ask(SHOYGU, { offset: parseButtonId(moreId)!.offset });
    if (expected.citations.length === 0) {
      expect(body.content).toMatch(/No other sources/);
      return;
    }
    expect(body.embeds[0].title).toBe(`More on: ${SHOYGU}`);
    const next = parseButtonId(body.components[0].components[1].custom_id)!;
    expect(next).toEqual({ action: 'more', offset: parseButtonId(moreId)!.offset + expected.citations.length, messageId: answer.id });
  });
});

describe('bad input', () => {
  test('a button the bot did not make (or an older version made) gets a private notice', async () => {
    const i = fake.command('ask', { question: SHOYGU });
    await fake.editOf(i);
    const press = fake.pressButton('cb0:whatever:1', storedMessage('Memis')!);
    expect((await fake.callbackOf(press)).body.data).toMatchObject({ flags: EPHEMERAL, content: expect.stringMatching(/older version/) });
  });

  test('an unknown command gets a private notice pointing to /help', async () => {
    expect((await fake.callbackOf(fake.command('frobnicate'))).body.data).toMatchObject({ flags: EPHEMERAL, content: expect.stringMatching(/\/help/) });
  });
});

describe('/latest and autocomplete', () => {
  test('/latest without a speaker lists the newest statements, attributed and cited', async () => {
    const i = fake.command('latest', {});
    const body = (await fake.callbackOf(i)).body;
    expect(body.type).toBe(4);
    expect(body.data.embeds[0].title).toBe('Latest statements');
    expect(body.data.embeds[0].description).toMatch(/^\*\*1\. /);
  });

  test('/latest with a speaker lists only what that speaker said', async () => {
    const i = fake.command('latest', { speaker: 'Peskov', limit: 3 });
    const embed = (await fake.callbackOf(i)).body.data.embeds[0];
    expect(embed.title).toBe('Latest statements by Peskov');
    const speakers = [...embed.description.matchAll(/^\*\*\d+\. ([^*]+)\*\*/gm)].map((m) => m[1]);
    expect(speakers.length).toBeGreaterThan(0);
    expect(speakers.length).toBeLessThanOrEqual(3);
    for (const s of speakers) expect(s).toMatch(/Peskov/);
  });

  test('/latest for a speaker the coverage never quotes says so privately', async () => {
    const i = fake.command('latest', { speaker: 'Nobody Atall' });
    const body = (await fake.callbackOf(i)).body;
    expect(body.data.flags).toBe(EPHEMERAL);
    expect(body.data.content).toMatch(/quotes no statements by “Nobody Atall”/);
  });

  test('/latest with a topic lists the statements the core finds on it, at most `limit`', async () => {
    const expected = coverage.latest({ topic: 'ceasefire', limit: 2 });
    expect(expected.length).toBeGreaterThan(0);
    const embed = (await fake.callbackOf(fake.command('latest', { topic: 'ceasefire', limit: 2 }))).body.data.embeds[0];
    expect(embed.title).toBe('Latest statements on ceasefire');
    expect(embed.description.match(/^\*\*\d+\. /gm)).toHaveLength(expected.length);
  });

  test('/latest keeps a limit Discord should have refused within 1 to 10', async () => {
    expect(coverage.statements().length).toBeGreaterThan(10);
    const count = async (limit: number) => (await fake.callbackOf(fake.command('latest', { limit }))).body.data.embeds[0].description.match(/^\*\*\d+\. /gm).length;
    expect(await count(50)).toBe(10);
    expect(await count(0)).toBe(1);
  });

  test('speaker autocomplete offers matching speakers from the coverage', async () => {
    const i = fake.autocomplete('latest', [{ name: 'speaker', type: 3, value: 'pesk', focused: true }]);
    const body = (await fake.callbackOf(i)).body;
    expect(body.type).toBe(8);
    expect(body.data.choices.some((c: any) => /Peskov/.test(c.value))).toBe(true);
    expect(body.data.choices.length).toBeLessThanOrEqual(25);
  });

  test('/subscribe autocomplete offers speakers by name or role, each choice within 100 characters', async () => {
    const i = fake.autocomplete('subscribe', [{ name: 'to', type: 3, value: 'kremlin spokes', focused: true }]);
    const choices = (await fake.callbackOf(i)).body.data.choices;
    expect(choices.map((c: any) => c.value)).toContain('Dmitry Peskov');
    for (const c of choices) expect(c.name.length).toBeLessThanOrEqual(100);
  });

  test('an empty speaker prefix offers at most 25 speakers, the most quoted first', async () => {
    const choices = (await fake.callbackOf(fake.autocomplete('latest', [{ name: 'speaker', type: 3, value: '', focused: true }]))).body.data.choices;
    expect(choices.length).toBe(Math.min(25, coverage.speakers().length));
    expect(choices[0].value).toBe(coverage.speakers()[0]!.speaker);
  });
});

describe('/sources, /help', () => {
  test('/sources lists the articles of the coverage privately', async () => {
    const i = fake.command('sources');
    const data = (await fake.callbackOf(i)).body.data;
    expect(data.flags).toBe(EPHEMERAL);
    expect(data.embeds[0].description).toMatch(/^5 articles/);
    expect(data.embeds[0].description).toContain(TRT_HEADLINE);
  });

  test('/help explains the commands privately', async () => {
    const data = (await fake.callbackOf(fake.command('help'))).body.data;
    expect(data.flags).toBe(EPHEMERAL);
    expect(data.embeds[0].title).toBe('Ask the coverage');
    expect(data.embeds[0].description).toContain('/ask');
  });
});

describe('never pinging', () => {
  test('text with @everyone, <@123> and <@&456> is escaped and sent with no mentions allowed', async () => {
    const message = fake.message(`<@${fake.bot.id}> @everyone <@123> <@&456> ${SHOYGU}`, { mentionBot: true });
    const reply = await fake.replyOf(message);
    expect(reply.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(reply.body.embeds[0].title).not.toMatch(/@everyone|(?<!\\)<@/);
  });

  test('markup in a question cannot format, link or ping: it is shown as typed', async () => {
    const question = '# Who did **Shoygu** meet? [click](https://evil.example) <@&456> @here';
    const body = (await fake.editOf(fake.command('ask', { question }))).body;
    const title = body.embeds[0].title;
    expect(title).toBe('\\# Who did \\*\\*Shoygu\\*\\* meet? \\[click\\](https://evil.example) \\<@&456\\> @\u200bhere');
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  test('a subscription named with markup and mentions is confirmed escaped, pinging nobody', async () => {
    const body = (await fake.callbackOf(fake.command('subscribe', { to: '@everyone **Peskov** <@123>' }))).body;
    expect(body.data.content).toContain('“@\u200beveryone \\*\\*Peskov\\*\\* \\<@123\\>”');
    expect(body.data.allowed_mentions).toEqual({ parse: [], replied_user: false });
    await store.subscriptions.remove({ platform: 'discord', id: fake.channelId });
  });

  test('every interaction in this file was acknowledged within Discord’s 3-second window, once', () => {
    const acks = fake.requests.filter((r) => r.path.endsWith('/callback'));
    expect(acks.length).toBeGreaterThan(20);
    for (const r of acks) expect({ path: r.path, status: r.status, late: r.ackMs! > INTERACTION_ACK_WINDOW_MS }).toEqual({ path: r.path, status: 204, late: false });
  });

  test('every message the bot sent allowed no mentions at all', () => {
    const sent = fake.requests.filter((r) => {
      const body = messageBody(r);
      return body && (body.content !== undefined || body.embeds !== undefined);
    });
    expect(sent.length).toBeGreaterThan(10);
    for (const r of sent) expect({ path: r.path, parse: messageBody(r).allowed_mentions?.parse }).toEqual({ path: r.path, parse: [] });
  });
});
