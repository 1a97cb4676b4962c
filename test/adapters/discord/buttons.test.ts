import { ButtonStyle, ComponentType } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { answerButtons, encodeButtonId, parseButtonId } from '../../../src/adapters/discord/buttons.js';
import * as limits from '../../../src/adapters/discord/limits.js';
import { parseVote } from '../../../src/service/index.js';

describe('buttons', () => {
  test('custom ids round-trip and stay within 100 characters with the longest snowflake', () => {
    const press = { action: 'more' as const, offset: 999_999, messageId: '9'.repeat(20) };
    const id = encodeButtonId(press);
    expect(id.length).toBeLessThanOrEqual(limits.CUSTOM_ID_MAX_LENGTH);
    expect(parseButtonId(id)).toEqual(press);
  });

  test('ids the bot did not make are rejected', () => {
    expect(parseButtonId('something-else')).toBeNull();
    expect(parseButtonId('cb1:delete:0:')).toBeNull();
  });

  test('an answer gets Sources and More like this, the latter starting after the shown passages', () => {
    const [row] = answerButtons({ more: 3 });
    const ids = row!.components.map((b) => ('custom_id' in b ? b.custom_id : ''));
    expect(row!.components.map((b) => ('label' in b ? b.label : ''))).toEqual(['Sources', 'More like this']);
    expect(ids.map(parseButtonId)).toEqual([{ action: 'sources', offset: 0 }, { action: 'more', offset: 3 }]);
  });
});

describe('buttons, more', () => {
  test('an answer with an id gets 👍 and 👎 carrying the service’s vote payload, after Sources and More like this', () => {
    const [row] = answerButtons({ more: 2, answerId: '20250601abcdef0123' });
    expect(row!.type).toBe(ComponentType.ActionRow);
    const buttons = row!.components.map((b) => ('custom_id' in b ? { label: b.label, id: b.custom_id, style: b.style } : null));
    expect(buttons.map((b) => b!.label)).toEqual(['Sources', 'More like this', '👍', '👎']);
    expect(buttons.map((b) => b!.style)).toEqual([ButtonStyle.Secondary, ButtonStyle.Primary, ButtonStyle.Secondary, ButtonStyle.Secondary]);
    expect(parseVote(buttons[2]!.id)).toMatchObject({ answerId: '20250601abcdef0123', vote: 'up' });
    expect(parseVote(buttons[3]!.id)).toMatchObject({ answerId: '20250601abcdef0123', vote: 'down' });
  });

  test('buttons on a "more" reply name the original answer message and the offset its Sources show', () => {
    const [row] = answerButtons({ more: 6, sourcesOffset: 3, messageId: '123456789012345678' });
    const ids = row!.components.map((b) => ('custom_id' in b ? parseButtonId(b.custom_id) : null));
    expect(ids).toEqual([
      { action: 'sources', offset: 3, messageId: '123456789012345678' },
      { action: 'more', offset: 6, messageId: '123456789012345678' },
    ]);
  });

  test('an answer that cites nothing gets only the rating buttons, and no row at all without an answer id', () => {
    const [row] = answerButtons({ more: 0, sources: false, answerId: '20250601abcdef0123' });
    expect(row!.components.map((b) => ('label' in b ? b.label : ''))).toEqual(['👍', '👎']);
    expect(answerButtons({ more: 0, sources: false })).toEqual([]);
  });

  test('an id over Discord’s 100 characters is refused when made, not sent', () => {
    expect(() => encodeButtonId({ action: 'more', offset: 1, messageId: '9'.repeat(limits.CUSTOM_ID_MAX_LENGTH) })).toThrow(/custom_id over 100 characters/);
  });

  test('parses only ids of its own shape: offsets of up to 6 digits, snowflakes of up to 25', () => {
    expect(parseButtonId('cb1:sources:0:')).toEqual({ action: 'sources', offset: 0 });
    for (const id of ['cb1:more:1234567:', 'cb1:more:-1:', 'cb1:more:1:12a', `cb1:more:1:${'1'.repeat(26)}`, ' cb1:more:1:', 'cb1:more:１:', '']) {
      expect(parseButtonId(id)).toBeNull();
    }
  });
});
