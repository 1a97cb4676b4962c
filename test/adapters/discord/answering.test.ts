/**
 * What every Discord handler is given: the deps with the service the policies live in, where a
 * conversation's state is kept, who a user is, and the footer of the coverage served now.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { channelConversation, currentFooter, discordUser, withService, type DiscordDeps } from '../../../src/adapters/discord/answering.js';
import { loadConfig, loadCoreConfig, projectRoot } from '../../../src/config/index.js';
import { loadCoverage, type Coverage } from '../../../src/core/index.js';
import { createBotService } from '../../../src/service/index.js';
import { createMemoryStore, type BotStore } from '../../../src/store/index.js';

const coreConfig = loadCoreConfig();
const work = mkdtempSync(path.join(tmpdir(), 'discord-answering-'));
let seeds: Coverage;
let harbour: Coverage;
let store: BotStore;

beforeAll(async () => {
  writeFileSync(
    path.join(work, 'harbour.txt'),
    'Harbour cranes return to work after strike\n\nJune 3, 2025\n\nDock workers at the northern port returned to work on Tuesday after a four-day strike over pay.\n',
  );
  [seeds, harbour] = await Promise.all([loadCoverage(path.join(projectRoot, 'seeds'), { config: coreConfig }), loadCoverage(work, { config: coreConfig })]);
  store = createMemoryStore({ rateLimitPerMinute: 1000 });
});
afterAll(async () => {
  await store?.close();
  rmSync(work, { recursive: true, force: true });
});

const deps = (coverage: () => Coverage, env: NodeJS.ProcessEnv = {}): DiscordDeps => ({
  config: loadConfig(env),
  coverage: { current: coverage },
  store,
  logger: pino({ level: 'silent' }),
});

describe('withService', () => {
  test('keeps a service it is given, so two bots can share one', () => {
    const given = deps(() => seeds);
    const service = createBotService(given);
    expect(withService({ ...given, service }).service).toBe(service);
  });

  test('makes the service from the deps otherwise, with the configuration’s policies', async () => {
    const context = withService(deps(() => seeds, { MAX_QUESTION_LENGTH: '40' }));
    expect(context.service.policy.maxQuestionLength).toBe(40);
    expect(context.service.check('x'.repeat(41))).toMatchObject({ kind: 'refused', reason: 'too-long' });
    const asked = await context.service.ask({ user: discordUser('7'), question: 'Who did Shoygu meet?', admitted: true });
    expect(asked.kind === 'answered' && asked.answer.answer).toMatch(/Memis/);
  });
});

describe('channelConversation and discordUser', () => {
  test('keep a conversation per channel (a DM is a channel too) and a user per Discord user id', () => {
    expect(channelConversation('1234567890')).toEqual({ platform: 'discord', id: '1234567890' });
    expect(discordUser('42')).toEqual({ platform: 'discord', id: '42' });
  });
});

describe('currentFooter', () => {
  test('describes the coverage served now, read again at every call', () => {
    let served = seeds;
    const d = deps(() => served);
    expect(currentFooter(d)).toMatch(/^Coverage: 5 articles from /);
    served = harbour;
    expect(currentFooter(d)).toBe('Coverage: 1 article · 2025-06-03');
  });
});
