/**
 * The service checks' own decisions: each skipped when not configured, a service that cannot be
 * reached (nothing listens on port 1 of 127.0.0.1), and how registered Discord commands are
 * compared with the definitions. Tokens rejected, webhooks and commands deployed, against a real
 * Redis and the fake Telegram and Discord APIs, are in ../doctor.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { checkDiscord, checkRedis, checkTelegram, compareCommands } from '../../../../src/adapters/cli/doctor/service-checks.js';
import { commandDefinitions } from '../../../../src/adapters/discord/index.js';
import { loadConfig } from '../../../../src/config/index.js';

const NOWHERE = '127.0.0.1:1';

describe('checks of services that are not configured', () => {
  it('skips Redis, Telegram and Discord, saying which variable is empty', async () => {
    const config = loadConfig({});
    expect(await checkRedis(config)).toMatchObject({ id: 'redis', status: 'skip', detail: expect.stringContaining('KEYV_URL empty') });
    expect(await checkTelegram(config)).toEqual([expect.objectContaining({ id: 'telegram', status: 'skip', detail: 'not configured (TELEGRAM_BOT_TOKEN empty)' })]);
    expect(await checkDiscord(config)).toEqual([expect.objectContaining({ id: 'discord', status: 'skip', detail: 'not configured (DISCORD_TOKEN empty)' })]);
  });
});

describe('checks of services that cannot be reached', () => {
  it('fails Redis with its address and the reason, never its password', async () => {
    const result = await checkRedis(loadConfig({ KEYV_URL: `redis://user:s3cret-pass@${NOWHERE}/0` }), 2000);
    expect(result).toMatchObject({ status: 'fail', detail: `${NOWHERE} is not reachable (ECONNREFUSED)`, fix: expect.stringMatching(/^start Redis at 127\.0\.0\.1:1/) });
    expect(JSON.stringify(result)).not.toContain('s3cret-pass');
  });

  it('fails Telegram with the API root it tried, and checks no webhook', async () => {
    const results = await checkTelegram(loadConfig({ TELEGRAM_BOT_TOKEN: '123:abc', TELEGRAM_API_ROOT: `http://${NOWHERE}` }), 2000);
    expect(results).toEqual([
      expect.objectContaining({ id: 'telegram', status: 'fail', detail: expect.stringMatching(/^cannot reach the Bot API at http:\/\/127\.0\.0\.1:1 \(.+\)$/) }),
    ]);
  });

  it('fails Discord with the API it tried, and checks no commands', async () => {
    const results = await checkDiscord(loadConfig({ DISCORD_TOKEN: 'a.b.c', DISCORD_APP_ID: '1', DISCORD_API_URL: `http://${NOWHERE}/api/v10/` }), 2000);
    expect(results).toEqual([
      expect.objectContaining({ id: 'discord', status: 'fail', detail: expect.stringMatching(/^cannot reach the Discord API at http:\/\/127\.0\.0\.1:1\/api \(.+\)$/) }),
    ]);
  });
});

describe('compareCommands', () => {
  it('finds nothing when the registered commands are the definitions plus the fields Discord adds', () => {
    const registered = commandDefinitions.map((c) => ({ ...c, id: '1', version: '2', application_id: '3', name_localizations: null }));
    expect(compareCommands(commandDefinitions, registered)).toEqual([]);
  });

  it('names a command whose description or options changed, and one no longer defined', () => {
    const registered = commandDefinitions.map((c) => (c.name === 'ask' ? { ...c, description: 'Old text' } : c));
    expect(compareCommands(commandDefinitions, [...registered, { name: 'old' }])).toEqual(['/ask: deployed in an older form', '/old: deployed but no longer defined']);
  });
});

describe('compareCommands, more', () => {
  it('names every defined command that was never deployed, in order', () => {
    expect(compareCommands(commandDefinitions, [])).toEqual(commandDefinitions.map((c) => `/${c.name}: not deployed`));
  });

  it('counts an option Discord returns without its default (required: false) as unchanged, and a changed option as changed', () => {
    const latest = commandDefinitions.find((c) => c.name === 'latest')!;
    const withoutDefaults = { ...latest, options: latest.options!.map(({ required: _required, ...o }) => o) };
    expect(compareCommands([latest], [withoutDefaults])).toEqual([]);
    const limitWider = { ...latest, options: latest.options!.map((o) => (o.name === 'limit' ? { ...o, max_value: 50 } : o)) };
    expect(compareCommands([latest], [limitWider])).toEqual(['/latest: deployed in an older form']);
  });

  it('takes registered entries of any shape without throwing', () => {
    expect(compareCommands(commandDefinitions.slice(0, 1), [{}, { name: 42 }])).toEqual([
      `/${commandDefinitions[0]!.name}: not deployed`,
      '/undefined: deployed but no longer defined',
      '/42: deployed but no longer defined',
    ]);
  });
});
