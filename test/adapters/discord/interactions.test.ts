/**
 * Interactions (interactions.ts) not met in bot.test.ts, protection.test.ts and feedback.test.ts,
 * which drive /ask, the buttons, /latest, autocomplete, /sources, /help, /forget and the
 * subscriptions end to end: here the choices /unsubscribe offers, /latest's default length and
 * what it says when a speaker and a topic both find nothing. The real bot against the fake
 * Discord on 127.0.0.1, over the seed coverage.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DiscordBot } from '../../../src/adapters/discord/index.js';
import type { Coverage } from '../../../src/core/index.js';
import type { BotStore } from '../../../src/store/index.js';
import type { FakeDiscord } from '../../support/fake-discord.js';
import { startSeedsDiscordBot, type SeedsDiscordBot } from '../../support/discord-bot.js';

const EPHEMERAL = 64;

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

describe('/unsubscribe autocomplete', () => {
  test('offers what this channel follows that contains the typed text, in any letter case, and nothing of other channels', async () => {
    const here = { platform: 'discord' as const, id: fake.channelId };
    await store.subscriptions.add(here, 'Dmitry Peskov');
    await store.subscriptions.add(here, 'ceasefire');
    await store.subscriptions.add({ platform: 'discord', id: '999' }, 'Peskov elsewhere');
    try {
      const typed = async (value: string) =>
        (await fake.callbackOf(fake.autocomplete('unsubscribe', [{ name: 'from', type: 3, value, focused: true }]))).body;
      const pesk = await typed('PESK');
      expect(pesk.type).toBe(8);
      expect(pesk.data.choices).toEqual([{ name: 'Dmitry Peskov', value: 'Dmitry Peskov' }]);
      expect((await typed('')).data.choices.map((c: { value: string }) => c.value).sort()).toEqual(['Dmitry Peskov', 'ceasefire']);
      expect((await typed('nothing like it')).data.choices).toEqual([]);
    } finally {
      await store.subscriptions.remove(here);
      await store.subscriptions.remove({ platform: 'discord', id: '999' });
    }
  });
});

describe('/latest', () => {
  test('shows five statements when no limit is given', async () => {
    expect(coverage.statements().length).toBeGreaterThan(5);
    const embed = (await fake.callbackOf(fake.command('latest', {}))).body.data.embeds[0];
    expect(embed.description.match(/^\*\*\d+\. /gm)).toHaveLength(5);
  });

  test('says privately that a speaker and a topic found nothing, naming both with their markup shown as typed', async () => {
    const body = (await fake.callbackOf(fake.command('latest', { speaker: '**Nobody** Atall', topic: 'under_water chess' }))).body;
    expect(body.type).toBe(4);
    expect(body.data.flags).toBe(EPHEMERAL);
    expect(body.data.content).toMatch(/^The coverage quotes no statements by “\\\*\\\*Nobody\\\*\\\* Atall” on “under\\_water chess”\. `\/latest` without options lists the newest\.$/);
    expect(body.data.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });
});
