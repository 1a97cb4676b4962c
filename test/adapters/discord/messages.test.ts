/**
 * Messages addressed to the bot (messages.ts): mentions, DMs and replies to its answers, end to
 * end, the real bot against the fake Discord on 127.0.0.1 over the seed coverage; and the text a
 * question is read from.
 */
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { DiscordBot } from '../../../src/adapters/discord/index.js';
import { formatAnswerEmbed, coverageFooter } from '../../../src/adapters/discord/format.js';
import { withoutBotMention } from '../../../src/adapters/discord/messages.js';
import type { Coverage } from '../../../src/core/index.js';
import type { BotStore } from '../../../src/store/index.js';
import { fakeUser, type FakeDiscord } from '../../support/fake-discord.js';
import { startSeedsDiscordBot, type SeedsDiscordBot } from '../../support/discord-bot.js';

const SHOYGU = 'Who did Shoygu meet?';

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

/** The message the fake stored for a PATCH of @original or a channel POST (to reply to or press buttons on). */
function storedMessage(embedDescriptionPart: string): any {
  return [...fake.messages.values()].reverse().find((m) => m.embeds?.[0]?.description?.includes(embedDescriptionPart));
}

describe('messages', () => {
  test('a mention is a question, answered in a reply', async () => {
    const message = fake.message(`<@${fake.bot.id}> ${SHOYGU}`, { mentionBot: true });
    const reply = await fake.replyOf(message);
    expect(reply.body.embeds[0].title).toBe(SHOYGU);
    expect(reply.body.embeds[0].description).toContain('Memis');
  });

  test('a DM is a question, answered in a reply', async () => {
    const message = fake.message(SHOYGU, { dm: true });
    const reply = await fake.replyOf(message);
    expect(reply.body.embeds[0].description).toContain('Memis');
  });

  test('messages that neither mention the bot nor reply to it are ignored', async () => {
    const plain = fake.message(SHOYGU);
    const everyone = fake.message(`@everyone ${SHOYGU}`);
    const fromBot = fake.message(`<@${fake.bot.id}> ${SHOYGU}`, { mentionBot: true, author: fakeUser('other-bot', true) });
    // A mention sent after them is answered; by then the others would have been too.
    await fake.replyOf(fake.message(`<@${fake.bot.id}> ${SHOYGU}`, { mentionBot: true }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const answered = fake.requests.map((r) => r.body?.message_reference?.message_id);
    for (const ignored of [plain, everyone, fromBot]) expect(answered).not.toContain(ignored.id);
  });

  test('a reply to an answer is a follow-up, asked with the answered question as context', async () => {
    const question = fake.message(`<@${fake.bot.id}> ${SHOYGU}`, { mentionBot: true });
    await fake.replyOf(question);
    const answer = storedMessage('Memis')!;
    const followUp = fake.message('Where did they meet?', { replyTo: answer });
    const reply = await fake.replyOf(followUp);
    const footer = coverageFooter(coverage.summary());
    const withContext = formatAnswerEmbed(coverage.ask('Where did they meet?', { previous: SHOYGU }), { footer });
    const without = formatAnswerEmbed(coverage.ask('Where did they meet?'), { footer });
    expect(withContext.description).not.toBe(without.description);
    expect(reply.body.embeds[0].description).toBe(withContext.description);
  });

  test('a follow-up reply keeps working after the first follow-up (its own answer is remembered)', async () => {
    await fake.replyOf(fake.message(`<@${fake.bot.id}> ${SHOYGU}`, { mentionBot: true }));
    const first = await fake.replyOf(fake.message('Where did they meet?', { replyTo: storedMessage('Memis')! }));
    const firstAnswer = [...fake.messages.values()].reverse().find((m) => m.embeds?.[0]?.title === 'Where did they meet?')!;
    expect(first.body.embeds[0].title).toBe('Where did they meet?');
    await vi.waitFor(async () => {
      const remembered = await store.context.get({ platform: 'discord', id: fake.channelId }, firstAnswer.id);
      expect(remembered?.question).toBe('Where did they meet?');
    });
  });

  test('a follow-up of a follow-up is asked with the whole conversation', async () => {
    await fake.replyOf(fake.message(`<@${fake.bot.id}> ${SHOYGU}`, { mentionBot: true }));
    await fake.replyOf(fake.message('Where did they meet?', { replyTo: storedMessage('Memis')! }));
    const firstAnswer = [...fake.messages.values()].reverse().find((m) => m.embeds?.[0]?.title === 'Where did they meet?')!;
    await vi.waitFor(async () => expect(await store.context.get({ platform: 'discord', id: fake.channelId }, firstAnswer.id)).toBeDefined());
    const third = 'And what did he say about Istanbul?';
    const reply = await fake.replyOf(fake.message(third, { replyTo: firstAnswer }));
    const footer = coverageFooter(coverage.summary());
    const withConversation = formatAnswerEmbed(coverage.ask(third, { previous: `${SHOYGU}\nWhere did they meet?` }), { footer });
    const withLastOnly = formatAnswerEmbed(coverage.ask(third, { previous: 'Where did they meet?' }), { footer });
    expect(withConversation.description).not.toBe(withLastOnly.description);
    expect(reply.body.embeds[0].description).toBe(withConversation.description);
  });

  test('a reply to an /ask answer is a follow-up too', async () => {
    const i = fake.command('ask', { question: SHOYGU });
    await fake.editOf(i);
    const answer = storedMessage('Memis')!;
    const reply = await fake.replyOf(fake.message('Where did they meet?', { replyTo: answer }));
    const withContext = formatAnswerEmbed(coverage.ask('Where did they meet?', { previous: SHOYGU }), { footer: coverageFooter(coverage.summary()) });
    expect(reply.body.embeds[0].description).toBe(withContext.description);
  });

  test('a mention with no question, or an over-long one, gets a short reply saying why', async () => {
    const empty = await fake.replyOf(fake.message(`<@${fake.bot.id}>`, { mentionBot: true }));
    expect(empty.body.content).toMatch(/include a question/);
    const long = await fake.replyOf(fake.message(`<@${fake.bot.id}> ${'why '.repeat(200)}`, { mentionBot: true }));
    expect(long.body.content).toMatch(/up to 500/);
    expect(long.body.embeds ?? []).toEqual([]);
  });

  test('a reply to an answer that Discord delivers blank (no ping, no MessageContent intent) gets a hint', async () => {
    await fake.replyOf(fake.message(`<@${fake.bot.id}> ${SHOYGU}`, { mentionBot: true }));
    const answer = storedMessage('Memis')!;
    const reply = await fake.replyOf(fake.message('', { replyTo: answer, pingReply: false }));
    expect(reply.body.content).toMatch(/mention me/);
  });
});

describe('withoutBotMention', () => {
  test('cuts the bot’s own mentions, in either form and anywhere, and tidies the spaces', () => {
    expect(withoutBotMention('<@42> Who did Shoygu meet?', '42')).toBe('Who did Shoygu meet?');
    expect(withoutBotMention('Who did <@!42>   Shoygu\nmeet? <@42>', '42')).toBe('Who did Shoygu meet?');
  });

  test('keeps mentions of anyone else, and a role or channel with the same id', () => {
    expect(withoutBotMention('<@42> ask <@421> and <@4> about <@&42> in <#42>', '42')).toBe('ask <@421> and <@4> about <@&42> in <#42>');
  });

  test('is empty for a bare mention or a blank message', () => {
    expect(withoutBotMention('<@42>', '42')).toBe('');
    expect(withoutBotMention(' \u00a0\t ', '42')).toBe('');
  });
});
