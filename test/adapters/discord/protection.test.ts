/**
 * The Discord bot under pressure: rate limits, Discord errors (429, 50013, 10062), permission
 * checks, /forget, pushing statements, unexpected errors and a dropped gateway connection
 * survived, stopping, and a token that never reaches the logs.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { startDiscordBot, type DiscordBot } from '../../../src/adapters/discord/index.js';
import { loadConfig, loadCoreConfig, projectRoot } from '../../../src/config/index.js';
import { loadCoverage, type Coverage, type Statement } from '../../../src/core/index.js';
import { createLogger } from '../../../src/log/index.js';
import { createMemoryStore, type BotStore } from '../../../src/store/index.js';
import { fakeUser, MEMBER_PERMISSIONS, startFakeDiscord, type FakeDiscord, type RecordedRequest } from '../../support/fake-discord.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();

const EPHEMERAL = 64;
const SHOYGU = 'Who did Shoygu meet?';

let fake: FakeDiscord;
let bot: DiscordBot;
let store: BotStore;
let coverage: Coverage;
/** Everything the process wrote to stderr (where the logger writes) while the bot ran. */
let logged = '';

beforeAll(async () => {
  const write = process.stderr.write.bind(process.stderr);
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: any, ...rest: any[]) => {
    logged += String(chunk);
    return process.env.TEST_LOG_LEVEL ? write(chunk, ...rest) : true;
  });
  fake = await startFakeDiscord();
  coverage = await loadCoverage(path.join(projectRoot, 'seeds'), { config: coreConfig });
  store = createMemoryStore({ rateLimitPerMinute: 2 });
  const config = loadConfig({ DISCORD_TOKEN: fake.token, DISCORD_APP_ID: fake.appId, DISCORD_API_URL: fake.apiUrl });
  bot = await startDiscordBot({ config, coverage: { current: () => coverage }, store, logger: createLogger('trace') });
});

afterAll(async () => {
  await bot?.stop();
  await store?.close();
  await fake?.close();
  vi.restoreAllMocks();
});

function replyTo(message: { id: string; channel_id: string }): Promise<RecordedRequest> {
  return fake.waitForRequest(
    (r) => r.status === 200 && r.path === `/channels/${message.channel_id}/messages` && r.body?.message_reference?.message_id === message.id,
  );
}

describe('rate limiting', () => {
  test('a user over the limit gets a polite private reply, and other users are unaffected', async () => {
    const fast = fakeUser('fast');
    await fake.callbackOf(fake.command('ask', { question: SHOYGU }, { user: fast }));
    await fake.callbackOf(fake.command('ask', { question: SHOYGU }, { user: fast }));
    const third = (await fake.callbackOf(fake.command('ask', { question: SHOYGU }, { user: fast }))).body;
    expect(third.type).toBe(4);
    expect(third.data.flags).toBe(EPHEMERAL);
    expect(third.data.content).toMatch(/faster than I can keep up with\. Please slow down and try again in \d+ seconds?\./);
    const other = (await fake.callbackOf(fake.command('ask', { question: SHOYGU }, { user: fakeUser('calm') }))).body;
    expect(other).toEqual({ type: 5, data: { flags: 0 } });
  });

  test('mentions count against the same limit and are answered politely in a reply', async () => {
    const fast = fakeUser('mentioner');
    for (let n = 0; n < 2; n += 1) await replyTo(fake.message(`<@${fake.bot.id}> ${SHOYGU}`, { mentionBot: true, author: fast }));
    const reply = await replyTo(fake.message(`<@${fake.bot.id}> ${SHOYGU}`, { mentionBot: true, author: fast }));
    expect(reply.body.content).toMatch(/slow down and try again in/);
  });

  test('a flood of mentions gets one "slow down" reply per wait, not one per message', async () => {
    const flooder = fakeUser('flooder');
    for (let n = 0; n < 2; n += 1) await replyTo(fake.message(`<@${fake.bot.id}> ${SHOYGU}`, { mentionBot: true, author: flooder }));
    const flood = Array.from({ length: 4 }, () => fake.message(`<@${fake.bot.id}> ${SHOYGU}`, { mentionBot: true, author: flooder }));
    const floodIds = new Set(flood.map((m) => m.id));
    await fake.waitForRequest((r) => r.status === 200 && floodIds.has(r.body?.message_reference?.message_id));
    // A later mention by someone else is answered; by then the flood has been handled.
    await replyTo(fake.message(`<@${fake.bot.id}> ${SHOYGU}`, { mentionBot: true, author: fakeUser('patient') }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const answered = new Set(fake.requests.map((r) => r.body?.message_reference?.message_id));
    expect(flood.filter((m) => answered.has(m.id))).toHaveLength(1);
  });
});

describe('Discord errors are logged and survived', () => {
  test('a reply refused for missing permissions (50013) is logged, and the bot keeps answering', async () => {
    fake.failNext({ method: 'POST', path: /^\/channels\/\d+\/messages$/, status: 403, body: { message: 'Missing Permissions', code: 50013 } });
    fake.message(`<@${fake.bot.id}> ${SHOYGU}`, { mentionBot: true, author: fakeUser('p1') });
    await vi.waitFor(() => expect(logged).toMatch(/"code":50013.*could not answer a message/));
    const next = await replyTo(fake.message(`<@${fake.bot.id}> ${SHOYGU}`, { mentionBot: true, author: fakeUser('p2') }));
    expect(next.body.embeds[0].description).toContain('Memis');
  });

  test('an unknown interaction (10062, the 3-second window passed) is logged and not answered again', async () => {
    fake.failNext({ method: 'POST', path: /^\/interactions\/\d+\/[^/]+\/callback$/, status: 404, body: { message: 'Unknown interaction', code: 10062 } });
    const i = fake.command('help');
    await vi.waitFor(() => expect(logged).toMatch(/"code":10062/));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fake.requestsFor(i.token)).toHaveLength(1);
    expect((await fake.callbackOf(fake.command('help'))).body.data.embeds[0].title).toBe('Ask the coverage');
  });

  test('an answer Discord rejects after deferring is logged, the public placeholder removed and an apology sent privately', async () => {
    fake.failNext({ method: 'PATCH', path: /\/messages\/@original$/, status: 400, body: { message: 'Invalid Form Body', code: 50035 } });
    const i = fake.command('ask', { question: SHOYGU }, { user: fakeUser('unlucky') });
    const apology = await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/webhooks/${fake.appId}/${i.token}`);
    expect(apology.body).toMatchObject({ flags: EPHEMERAL, content: expect.stringMatching(/^Sorry, something went wrong/) });
    expect(fake.requestsFor(i.token).map((r) => `${r.method} ${r.status}`)).toEqual(['POST 204', 'PATCH 400', 'DELETE 204', 'POST 200']);
    expect(logged).toMatch(/"code":50035.*could not answer an interaction/);
  });

  test('a 429 rate limit is waited out and the message is sent after retry_after', async () => {
    fake.failNext({
      method: 'POST',
      path: /^\/channels\/\d+\/messages$/,
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: 0.2, global: false },
      headers: { 'retry-after': '0.2' },
    });
    const message = fake.message(`<@${fake.bot.id}> ${SHOYGU}`, { mentionBot: true, author: fakeUser('r1') });
    const reply = await replyTo(message);
    const attempts = fake.requests.filter((r) => r.body?.message_reference?.message_id === message.id).map((r) => r.status);
    expect(attempts).toEqual([429, 200]);
    expect(reply.body.embeds[0].description).toContain('Memis');
    expect(logged).toMatch(/rate limited by Discord/);
  });
});

describe('subscriptions', () => {
  test('/subscribe is refused to a member without Manage Channels, and nothing is stored', async () => {
    const body = (await fake.callbackOf(fake.command('subscribe', { to: 'Peskov' }, { permissions: MEMBER_PERMISSIONS }))).body;
    expect(body.data.flags).toBe(EPHEMERAL);
    expect(body.data.content).toMatch(/Manage Channels/);
    expect(await store.subscriptions.list({ platform: 'discord', id: fake.channelId })).toEqual([]);
  });

  test('/unsubscribe is refused to a member without Manage Channels, and the subscription stays', async () => {
    const conversation = { platform: 'discord' as const, id: fake.channelId };
    await store.subscriptions.add(conversation, 'Shoygu');
    const body = (await fake.callbackOf(fake.command('unsubscribe', { from: 'Shoygu' }, { permissions: MEMBER_PERMISSIONS }))).body;
    expect(body.data).toMatchObject({ flags: EPHEMERAL, content: expect.stringMatching(/Manage Channels/) });
    expect((await store.subscriptions.list(conversation)).map((s) => s.query)).toEqual(['Shoygu']);
    await store.subscriptions.remove(conversation);
  });

  test('in a DM with the bot anyone may subscribe (the DM is their own channel)', async () => {
    const reader = fakeUser('dm-subscriber');
    const i = fake.command('subscribe', { to: 'Trump' }, { user: reader, dm: true });
    const body = (await fake.callbackOf(i)).body;
    expect(body.data.content).toMatch(/now follows “Trump”/);
    // The confirmation was posted in the DM channel, which is what now follows.
    const subscribed = [...fake.messages.values()].find((m) => m.content?.includes('now follows “Trump”'))!;
    expect((await store.subscriptions.list({ platform: 'discord', id: subscribed.channel_id })).map((s) => s.query)).toEqual(['Trump']);
    expect(subscribed.channel_id).not.toBe(fake.channelId);
  });

  test('/subscribe by a member with Manage Channels makes the channel follow, /subscriptions lists it, /unsubscribe stops it', async () => {
    const conversation = { platform: 'discord' as const, id: fake.channelId };
    const subscribed = (await fake.callbackOf(fake.command('subscribe', { to: 'Peskov' }))).body;
    expect(subscribed.data.content).toMatch(/now follows “Peskov”/);
    expect(subscribed.data.flags ?? 0).toBe(0);
    expect((await store.subscriptions.list(conversation)).map((s) => s.query)).toEqual(['Peskov']);
    expect((await fake.callbackOf(fake.command('subscriptions'))).body.data.content).toContain('• Peskov');
    const offered = (await fake.callbackOf(fake.autocomplete('unsubscribe', [{ name: 'from', type: 3, value: 'pes', focused: true }]))).body;
    expect(offered.data.choices).toEqual([{ name: 'Peskov', value: 'Peskov' }]);
    expect((await fake.callbackOf(fake.command('unsubscribe', { from: 'Peskov' }))).body.data.content).toMatch(/no longer follows “Peskov”/);
    expect(await store.subscriptions.list(conversation)).toEqual([]);
  });

  test('sendStatement posts a quoted, attributed, cited statement that pings nobody', async () => {
    const statement: Statement = {
      id: 'test-statement',
      speaker: 'Dmitry Peskov',
      role: 'Kremlin spokesman',
      quote: '@everyone <@123> we need to wait for a response',
      kind: 'direct',
      said_on: '2025-05-29',
      published: '2025-05-29',
      citations: [{ article: 'a', outlet: 'TRT World', title: 'Kremlin says no plans yet', published: '2025-05-29', url: null }],
    };
    await bot.sendStatement(fake.channelId, statement);
    const sent = await fake.waitForRequest((r) => r.path === `/channels/${fake.channelId}/messages` && r.body?.embeds?.[0]?.title === 'New statement by Dmitry Peskov');
    expect(sent.body.allowed_mentions).toEqual({ parse: [] });
    expect(sent.body.embeds[0].description).toContain('Kremlin spokesman');
    expect(sent.body.embeds[0].description).toContain('TRT World — Kremlin says no plans yet · 2025-05-29');
    expect(sent.body.embeds[0].description).not.toMatch(/@everyone|(?<!\\)<@123/);
  });

  test('sendStatement rejects when Discord refuses, so the caller can log it', async () => {
    fake.failNext({ method: 'POST', path: /^\/channels\/\d+\/messages$/, status: 404, body: { message: 'Unknown Channel', code: 10003 } });
    await expect(bot.sendStatement('1234', { ...coverage.statements()[0]!, id: 'x' } as Statement)).rejects.toThrow(/Unknown Channel/);
  });
});

describe('/forget', () => {
  test('deletes the caller’s stored context, so buttons under their answer no longer know the question', async () => {
    const asker = fakeUser('forgetful');
    const ask = fake.command('ask', { question: SHOYGU }, { user: asker });
    await fake.editOf(ask);
    const answer = [...fake.messages.values()].reverse().find((m) => m.embeds?.[0]?.title === SHOYGU)!;
    await vi.waitFor(async () => expect(await store.context.get({ platform: 'discord', id: fake.channelId }, answer.id)).toBeDefined());
    const forgot = (await fake.callbackOf(fake.command('forget', {}, { user: asker }))).body.data;
    expect(forgot.flags).toBe(EPHEMERAL);
    expect(forgot.content).toMatch(/deleted 1 stored question/);
    const press = fake.pressButton(answer.components[0].components[0].custom_id, answer);
    expect((await fake.callbackOf(press)).body.data.content).toMatch(/no longer remember that question/);
  });
});

describe('the bot keeps running', () => {
  test('an unexpected error while answering a mention gets an apology, and the next mention is answered', async () => {
    const broken = vi.spyOn(store.answers, 'get').mockRejectedValueOnce(new Error('disk on fire'));
    try {
      const apology = await replyTo(fake.message(`<@${fake.bot.id}> ${SHOYGU}`, { mentionBot: true, author: fakeUser('e1') }));
      expect(apology.body.content).toMatch(/^Sorry, something went wrong/);
      expect(apology.body.content).not.toMatch(/disk on fire|at .*\.ts/);
      expect(logged).toMatch(/disk on fire.*could not answer a message/);
    } finally {
      broken.mockRestore();
    }
    const next = await replyTo(fake.message(`<@${fake.bot.id}> ${SHOYGU}`, { mentionBot: true, author: fakeUser('e2') }));
    expect(next.body.embeds[0].description).toContain('Memis');
  });

  test('an unexpected error while answering /ask gets a private apology and no stack trace', async () => {
    const broken = vi.spyOn(store.answers, 'get').mockRejectedValueOnce(new Error('disk on fire'));
    try {
      const i = fake.command('ask', { question: SHOYGU }, { user: fakeUser('e3') });
      const apology = await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/webhooks/${fake.appId}/${i.token}`);
      expect(apology.body).toMatchObject({ flags: EPHEMERAL, content: expect.stringMatching(/^Sorry, something went wrong/) });
      expect(apology.body.content).not.toMatch(/disk on fire/);
    } finally {
      broken.mockRestore();
    }
  });

  test('a dropped gateway connection is resumed, and events after it are answered', async () => {
    const resumes = fake.resumes;
    fake.dropConnections(4000);
    await vi.waitFor(() => expect(fake.resumes).toBe(resumes + 1), { timeout: 10_000, interval: 50 });
    expect(fake.openConnections()).toBe(1);
    const reply = await replyTo(fake.message(`<@${fake.bot.id}> ${SHOYGU}`, { mentionBot: true, author: fakeUser('after-drop') }));
    expect(reply.body.embeds[0].description).toContain('Memis');
  });
});

describe('logs and shutdown', () => {
  test('the token never appears in the logs, even when Discord echoes it in an error', async () => {
    fake.failNext({ method: 'POST', path: /^\/channels\/\d+\/messages$/, status: 403, body: { message: `Missing Permissions for Bot ${fake.token}`, code: 50013 } });
    fake.message(`<@${fake.bot.id}> ${SHOYGU}`, { mentionBot: true, author: fakeUser('t1') });
    await vi.waitFor(() => expect(logged).toContain('Missing Permissions for Bot [redacted]'));
    expect(logged).toMatch(/discord debug/);
    expect(logged).not.toContain(fake.token);
  });

  test('stop() lets the bot disconnect from the gateway', async () => {
    expect(fake.openConnections()).toBe(1);
    await bot.stop();
    await vi.waitFor(() => expect(fake.openConnections()).toBe(0));
    await bot.stop();
  });
});
