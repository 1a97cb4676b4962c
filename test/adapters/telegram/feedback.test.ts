/**
 * Ratings and /report on Telegram, end to end: two bot instances (each on its own fake Bot API)
 * sharing one real Redis, as when a webhook sits behind a load balancer. A press may reach
 * either instance; the store keeps one rating per user and answer.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Message, User } from 'telegraf/types';
import type { Coverage } from '../../../src/core/index.js';
import { createStore, type BotStore } from '../../../src/store/index.js';
import { privateChat } from '../../support/fake-telegram.js';
import { skipRedisSuites, startRedis, type RedisServer } from '../../support/redis.js';
import { seedCoverage, startHarness, type Harness } from './harness.js';

/** Redis commands may take this long here: on a loaded 2-core machine the 500 ms default can pass, and these tests are not about outages. */
const PATIENT_MS = 5000;

/** Distinctive ids, so that a scan of the store and the logs cannot meet them by chance. */
const reader: User = { id: 918273645, is_bot: false, first_name: 'Reader' };
const editor: User = { id: 564738291, is_bot: false, first_name: 'Editor' };

describe.skipIf(skipRedisSuites)('Telegram ratings across two instances sharing Redis', () => {
  let redis: RedisServer;
  let a: Harness;
  let b: Harness;
  let stores: BotStore[];
  let coverage: Coverage;
  const keyPrefix = `tg-feedback-${process.pid}`;

  beforeAll(async () => {
    redis = await startRedis();
    const seeds = await seedCoverage();
    coverage = seeds;
    stores = await Promise.all([0, 1].map(() => createStore({ keyvUrl: redis.url, commandTimeoutMs: PATIENT_MS, keyPrefix, rateLimitPerMinute: 1000 })));
    const env = { ADMIN_USER_IDS: String(editor.id) };
    a = await startHarness({ store: stores[0], source: { current: () => coverage }, env });
    b = await startHarness({ store: stores[1], source: { current: () => coverage }, env });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await redis?.stop();
  });

  /** Asks on instance `h` and returns the answer message (with its keyboard). */
  async function ask(h: Harness, text: string, from: User = reader): Promise<Message.TextMessage> {
    h.fake.userMessage({ text, chat: privateChat(from), from });
    return (await h.fake.nextCall('sendMessage')).result as Message.TextMessage;
  }

  function buttons(message: Message.TextMessage): Array<{ text: string; callback_data: string }> {
    return ((message as any).reply_markup?.inline_keyboard ?? []).flat();
  }

  async function press(h: Harness, data: unknown, message: Message.TextMessage, from: User = reader) {
    const update = h.fake.pressButton({ data, message, from });
    const call = await h.fake.nextCall('answerCallbackQuery');
    await h.fake.handled(update.update_id);
    return String(call.params.text ?? '');
  }

  it('puts 👍 and 👎 under an answer', async () => {
    const answer = await ask(a, 'Who did Shoygu meet?');
    expect(buttons(answer).map((x) => x.text)).toEqual(['👍 Helpful', '👎 Not helpful']);
    expect(buttons(answer).every((x) => Buffer.byteLength(x.callback_data) <= 64)).toBe(true);
  });

  it('stores one rating per user and answer, whichever instance gets the press; a new press changes it', async () => {
    const answer = await ask(a, 'What did Peskov say about the talks?');
    const [up, down] = buttons(answer);
    expect(await press(b, up!.callback_data, answer)).toMatch(/noted as “helpful”/);
    expect(await press(a, up!.callback_data, answer)).toMatch(/noted as “helpful”/);
    let ratings = (await stores[0]!.feedback.list()).filter((r) => r.question === 'What did Peskov say about the talks?');
    expect(ratings).toHaveLength(1);
    expect(ratings[0]).toMatchObject({ vote: 'up', platform: 'telegram', coverageVersion: coverage.version });

    // 👎 on the other instance: changed, and no reasons offered for a change of mind.
    expect(await press(b, down!.callback_data, answer)).toMatch(/Changed: your rating is now “not helpful”/);
    ratings = (await stores[1]!.feedback.list()).filter((r) => r.question === 'What did Peskov say about the talks?');
    expect(ratings).toHaveLength(1);
    expect(ratings[0]!.vote).toBe('down');
  });

  it('offers the reasons after a 👎 and records the one pressed', async () => {
    const answer = await ask(b, 'When will Putin visit Brazil?');
    const down = buttons(answer)[1]!;
    await press(b, down.callback_data, answer);
    const prompt = (await b.fake.nextCall('sendMessage')).result as Message.TextMessage;
    expect(prompt.text).toMatch(/What was wrong/);
    const reasons = buttons(prompt);
    expect(reasons.map((r) => r.text)).toEqual(['Wrong answer', 'Wrong source', 'Should have answered', 'Should not have answered']);
    expect(await press(a, reasons[2]!.callback_data, prompt)).toMatch(/should have answered/);
    const edited = await a.fake.nextCall('editMessageText');
    expect(edited.params.text).toMatch(/Thank you/);
    const rating = (await stores[0]!.feedback.list()).find((r) => r.question === 'When will Putin visit Brazil?');
    expect(rating).toMatchObject({ vote: 'down', reason: 'should-have-answered', confident: false });
  });

  it('records a rating of an answer given on an older coverage against that version', async () => {
    const answer = await ask(a, 'Who is Peskov?');
    const older = coverage.version;
    coverage = { ...coverage, version: 'a-newer-coverage' };
    try {
      await press(b, buttons(answer)[0]!.callback_data, answer);
      const rating = (await stores[1]!.feedback.list()).find((r) => r.question === 'Who is Peskov?');
      expect(rating?.coverageVersion).toBe(older);
    } finally {
      coverage = await seedCoverage();
    }
  });

  it('refuses hostile button payloads without a crash, and keeps answering', async () => {
    const answer = await ask(a, 'Who did Shoygu meet?');
    const hostile: unknown[] = ['', 'fb1:', 'fb1:20260101zzzzzzzzzz:u', `fb1:${'9'.repeat(60)}:u`, 'fb1:20260101abcdefabcd:d:xx', '<b>hi</b>', 'cb1:more:1:', { nested: true }, 12345];
    for (const data of hostile) expect(await press(a, data, answer)).toMatch(/not one of mine/);
    // A well-formed id of an answer nobody gave: politely unknown.
    expect(await press(a, 'fb1:20260101abcdefabcd:u', answer)).toMatch(/no longer have that answer/);
    const stillThere = await ask(a, 'Who did Shoygu meet?');
    expect(stillThere.text).toMatch(/Memis/);
    expect(a.logs.filter((l) => (l.level as number) >= 50)).toEqual([]);
  });

  it('/report: refused to others; for an admin, the summary and the HTML page as a document', async () => {
    a.fake.userMessage({ text: '/report', chat: privateChat(reader), from: reader });
    expect(String((await a.fake.nextCall('sendMessage')).params.text)).toMatch(/Only the bot’s admins/);

    a.fake.userMessage({ text: '/report', chat: privateChat(editor), from: editor });
    const summary = String((await a.fake.nextCall('sendMessage')).params.text);
    expect(summary).toMatch(/^<pre>Coverage report/);
    expect(summary).toMatch(/Questions: \d+/);
    const upload = await a.fake.nextCall('sendDocument');
    expect(upload.error).toBeUndefined();
    const file = upload.files?.find((f) => f.name === 'document');
    expect(file?.filename).toBe('coverage-report.html');
    const html = file!.data.toString('utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<svg');
    expect(html).toContain('When will Putin visit Brazil?');
  });

  it('/forget deletes the user’s ratings on every instance', async () => {
    b.fake.userMessage({ text: '/forget', chat: privateChat(reader), from: reader });
    expect(String((await b.fake.nextCall('sendMessage')).params.text)).toMatch(/rating/);
    await vi.waitFor(async () => expect((await stores[0]!.feedback.list()).filter((r) => r.platform === 'telegram')).toEqual([]));
  });
});
