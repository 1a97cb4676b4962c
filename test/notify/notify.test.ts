import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCoverage, type Coverage, type Statement } from '../../src/core/index.js';
import { freshStatements, matchSubscription, notifySubscribers, type StatementSink } from '../../src/notify/index.js';
import { createMemoryStore } from '../../src/store/index.js';
import { loadCoreConfig, projectRoot } from '../../src/config/index.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();

const logger = pino({ level: 'silent' });

const newArticle = `Kremlin rules out Black Sea talks this week

June 6, 2025

Kremlin spokesman Dmitry Peskov said on Thursday that no new round of Black Sea talks was planned for this week.

"There are no concrete dates for a new meeting on shipping yet, and we will announce them when they are agreed," Peskov told reporters.
`;

let before: Coverage;
let after: Coverage;
let fresh: Statement[];

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'notify-'));
  for (const file of readdirSync(path.join(projectRoot, 'seeds'))) {
    copyFileSync(path.join(projectRoot, 'seeds', file), path.join(dir, file));
  }
  before = await loadCoverage(dir, { config: coreConfig });
  writeFileSync(path.join(dir, 'black-sea.txt'), newArticle);
  after = await loadCoverage(dir, { config: coreConfig });
  fresh = freshStatements(after, before);
});

function recordingSink(platform: StatementSink['platform']) {
  const sent: Array<{ id: string; quote: string }> = [];
  const sink: StatementSink = { platform, send: async (id, s) => void sent.push({ id, quote: s.quote }) };
  return { sink, sent };
}

describe('freshStatements', () => {
  it('finds the statements only the new article has', () => {
    expect(fresh.length).toBeGreaterThan(0);
    expect(fresh.every((s) => s.citations.some((c) => c.article === 'black-sea'))).toBe(true);
    expect(fresh.some((s) => s.quote.includes('no concrete dates for a new meeting'))).toBe(true);
  });

  it('finds nothing when the coverage did not change', () => {
    expect(freshStatements(before, before)).toEqual([]);
  });
});

describe('matchSubscription', () => {
  it('follows a speaker by surname', () => {
    const matched = matchSubscription(after, 'peskov', fresh);
    expect(matched.some((s) => s.quote.includes('no concrete dates'))).toBe(true);
  });

  it('does not match a speaker the new statements are not from', () => {
    expect(matchSubscription(after, 'Shoygu', fresh)).toEqual([]);
  });

  it('reads "speaker:" and "topic:" as /latest does', () => {
    expect(matchSubscription(after, 'speaker: Peskov', fresh)).toEqual(matchSubscription(after, 'peskov', fresh));
    expect(matchSubscription(after, 'speaker: Shoygu', fresh)).toEqual([]);
  });
});

describe('notifySubscribers', () => {
  it('posts a followed speaker’s new statement to the subscribed chat once, even when two instances run', async () => {
    const store = await createMemoryStore();
    await store.subscriptions.add({ platform: 'telegram', id: '42' }, 'Peskov');
    await store.subscriptions.add({ platform: 'telegram', id: '43' }, 'Shoygu');
    const first = recordingSink('telegram');
    const second = recordingSink('telegram');
    await notifySubscribers({ store, coverage: after, fresh, sinks: [first.sink], logger });
    await notifySubscribers({ store, coverage: after, fresh, sinks: [second.sink], logger });
    const all = [...first.sent, ...second.sent];
    expect(all.filter((m) => m.quote.includes('no concrete dates'))).toEqual([
      { id: '42', quote: expect.stringContaining('no concrete dates') },
    ]);
    expect(all.some((m) => m.id === '43')).toBe(false);
  });

  it('sends only to the platform of the subscription', async () => {
    const store = await createMemoryStore();
    await store.subscriptions.add({ platform: 'discord', id: 'channel-1' }, 'Peskov');
    const telegram = recordingSink('telegram');
    const discord = recordingSink('discord');
    await notifySubscribers({ store, coverage: after, fresh, sinks: [telegram.sink, discord.sink], logger });
    expect(telegram.sent).toEqual([]);
    expect(discord.sent.map((m) => m.id)).toContain('channel-1');
  });

  it('survives a platform refusing to post and goes on with the others', async () => {
    const store = await createMemoryStore();
    await store.subscriptions.add({ platform: 'telegram', id: 'blocked' }, 'Peskov');
    await store.subscriptions.add({ platform: 'discord', id: 'ok' }, 'Peskov');
    const refusing: StatementSink = { platform: 'telegram', send: async () => Promise.reject(new Error('403: blocked')) };
    const discord = recordingSink('discord');
    const sent = await notifySubscribers({ store, coverage: after, fresh, sinks: [refusing, discord.sink], logger });
    expect(sent).toBe(discord.sent.length);
    expect(discord.sent.length).toBeGreaterThan(0);
  });
});
