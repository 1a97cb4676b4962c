/**
 * Inline mode (inline.ts): `@BotName question` in any chat, answered with one result the user can
 * send. The real bot against the fake Bot API on 127.0.0.1, over the seed coverage. Hostile
 * article text in a result is in input.test.ts, the rate limit in protection.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INLINE_CACHE_SECONDS } from '../../../src/adapters/telegram/inline.js';
import { INLINE_RESULT_ID_MAX_BYTES } from '../../../src/adapters/telegram/limits.js';
import { bob } from '../../support/fake-telegram.js';
import { seedCoverage, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

interface Result {
  id: string;
  type: string;
  title: string;
  description: string;
  input_message_content: { message_text: string; parse_mode: string; link_preview_options: { is_disabled: boolean } };
}

/** Asks an inline query and returns the bot's answerInlineQuery call. */
async function inline(query: string, from = bob) {
  h.fake.inlineQuery({ query, from });
  return (await h.fake.nextCall('answerInlineQuery')).params as { results: Result[]; cache_time: number; is_personal?: boolean; button?: { text: string } };
}

describe('inline mode', () => {
  it('offers the answer as an inline result', async () => {
    const query = h.fake.inlineQuery({ query: 'Who did Shoygu meet?' });
    const call = await h.fake.nextCall('answerInlineQuery');
    expect(call.params.inline_query_id).toBe(query.id);
    const [result] = call.params.results as Array<{ type: string; title: string; input_message_content: { message_text: string; parse_mode: string } }>;
    expect(result?.type).toBe('article');
    expect(result?.input_message_content.parse_mode).toBe('HTML');
    expect(result?.input_message_content.message_text).toMatch(/Memis/);
  });

  it('answers an empty inline query with a hint and no results', async () => {
    h.fake.inlineQuery({ query: '   ' });
    const call = await h.fake.nextCall('answerInlineQuery');
    expect(call.params.results).toEqual([]);
    expect(call.params.button?.text).toMatch(/question/i);
  });

  it('gives the same question the same result id, within Telegram’s 64 bytes, and lets Telegram cache it', async () => {
    const first = await inline('Who did Shoygu meet?');
    const again = await inline('Who did Shoygu meet?');
    const other = await inline('What did Peskov say about the talks?');
    const id = first.results[0]!.id;
    expect(Buffer.byteLength(id)).toBeLessThanOrEqual(INLINE_RESULT_ID_MAX_BYTES);
    expect(again.results[0]!.id).toBe(id);
    expect(other.results[0]!.id).not.toBe(id);
    expect(first.cache_time).toBe(INLINE_CACHE_SECONDS);
    expect(first.results[0]!.input_message_content.link_preview_options).toEqual({ is_disabled: true });
  });

  it('titles the result with the answer, shortened to 100 characters, and describes it by its sources', async () => {
    const [result] = (await inline('Who did Shoygu meet?')).results;
    const answer = (await seedCoverage()).ask('Who did Shoygu meet?').answer;
    expect(answer.length).toBeGreaterThan(100);
    expect(result!.title.length).toBeLessThanOrEqual(100);
    expect(result!.title.endsWith('…')).toBe(true);
    expect(answer.startsWith(result!.title.slice(0, -1))).toBe(true);
    expect(result!.description).toMatch(/^Sources: .*TRT World/);
  });

  it('marks an answer it is not sure of, and describes a result with no sources by its question', async () => {
    const [result] = (await inline('When will Putin visit Brazil?')).results;
    expect(result!.title).toMatch(/^Not sure: The coverage does not say/);
    expect(result!.description).toBe('Q: When will Putin visit Brazil?');
  });

  it('offers a question that cannot be asked as a result saying why, not as silence', async () => {
    const [result] = (await inline('🙂🙂')).results;
    expect(result!.title).toMatch(/words/i);
    expect(result!.input_message_content.message_text).toMatch(/words/i);
  });
});
