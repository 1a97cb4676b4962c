import { describe, expect, it } from 'vitest';
import type { Message } from 'telegraf/types';
import { questionFor } from '../../../src/adapters/telegram/addressing.js';

const bot = { id: 777, username: 'CoverageBot' };
const user = { id: 1, is_bot: false, first_name: 'A' };

function message(text: string, fields: Partial<Message.TextMessage> = {}): Message.TextMessage {
  return { message_id: 10, date: 0, chat: { id: -5, type: 'supergroup', title: 'G' }, from: user, text, ...fields } as Message.TextMessage;
}
const mention = (offset: number, length: number) => ({ type: 'mention' as const, offset, length });

describe('questionFor', () => {
  it('takes any text in a private chat as a question', () => {
    expect(questionFor(message(' Who is Peskov? ', { chat: { id: 1, type: 'private', first_name: 'A' } }), bot)).toBe('Who is Peskov?');
  });

  it('ignores a group message that neither mentions nor replies to the bot', () => {
    expect(questionFor(message('Who is Peskov?'), bot)).toBeUndefined();
  });

  it('cuts the bot’s mention, wherever it is, out of a group question', () => {
    expect(questionFor(message('@CoverageBot, who is Peskov?', { entities: [mention(0, 12)] }), bot)).toBe('who is Peskov?');
    expect(questionFor(message('who is Peskov @coveragebot', { entities: [mention(14, 12)] }), bot)).toBe('who is Peskov');
  });

  it('does not answer a mention of another user', () => {
    expect(questionFor(message('@SomeoneElse who is Peskov?', { entities: [mention(0, 12)] }), bot)).toBeUndefined();
  });

  it('measures mention offsets in UTF-16 units, as Telegram does', () => {
    expect(questionFor(message('😀 @CoverageBot who?', { entities: [mention(3, 12)] }), bot)).toBe('😀 who?');
  });

  it('takes a reply to the bot as a question without a mention', () => {
    const replyTo = message('answer', { from: { id: 777, is_bot: true, first_name: 'Bot' } });
    expect(questionFor(message('and Istanbul?', { reply_to_message: replyTo } as Partial<Message.TextMessage>), bot)).toBe('and Istanbul?');
  });

  it('does not take a message in a forum topic the bot created as a reply to the bot', () => {
    const created = message('', { from: { id: 777, is_bot: true, first_name: 'Bot' }, forum_topic_created: { name: 'T', icon_color: 1 } } as Partial<Message.TextMessage>);
    expect(questionFor(message('chatting', { reply_to_message: created } as Partial<Message.TextMessage>), bot)).toBeUndefined();
  });

  it('leaves commands to their handlers', () => {
    expect(questionFor(message('/ask@CoverageBot hi', { entities: [{ type: 'bot_command', offset: 0, length: 16 }] }), bot)).toBeUndefined();
  });

  it('returns an empty question for a bare mention', () => {
    expect(questionFor(message('@CoverageBot', { entities: [mention(0, 12)] }), bot)).toBe('');
  });
});
