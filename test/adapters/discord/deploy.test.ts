/** Deploying the slash commands (deploy.ts) against the fake Discord. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { commandDefinitions, deployCommands } from '../../../src/adapters/discord/index.js';
import { deployCommandsReport } from '../../../src/adapters/discord/deploy.js';
import { loadConfig } from '../../../src/config/index.js';
import { startFakeDiscord, type FakeDiscord } from '../../support/fake-discord.js';

let fake: FakeDiscord;
beforeAll(async () => {
  fake = await startFakeDiscord();
});
afterAll(async () => {
  await fake?.close();
});

describe('deployCommands', () => {
  test('registers the commands for one server when DISCORD_GUILD_ID is set', async () => {
    const config = loadConfig({ DISCORD_TOKEN: fake.token, DISCORD_APP_ID: fake.appId, DISCORD_GUILD_ID: fake.guildId, DISCORD_API_URL: fake.apiUrl });
    const result = await deployCommands(config);
    expect(result).toMatchObject({ scope: 'guild', guildId: fake.guildId });
    expect(fake.commands.get(fake.guildId)?.map((c) => c.name)).toEqual(commandDefinitions.map((c) => c.name));
  });

  test('registers the commands globally without DISCORD_GUILD_ID, replacing the previous set', async () => {
    const config = loadConfig({ DISCORD_TOKEN: fake.token, DISCORD_APP_ID: fake.appId, DISCORD_API_URL: fake.apiUrl });
    await deployCommands(config);
    await deployCommands(config);
    const puts = fake.requests.filter((r) => r.method === 'PUT' && r.path === `/applications/${fake.appId}/commands`);
    expect(puts).toHaveLength(2);
    expect(fake.commands.get('global')).toHaveLength(commandDefinitions.length);
  });

  test('a refusal from Discord is reported in one clear line, without the token', async () => {
    fake.failNext({ method: 'PUT', path: /commands$/, status: 401, body: { message: `401: Unauthorized ${fake.token}`, code: 0 } });
    const report = await deployCommandsReport({ DISCORD_TOKEN: fake.token, DISCORD_APP_ID: fake.appId, DISCORD_API_URL: fake.apiUrl });
    expect(report.ok).toBe(false);
    expect(report.line).not.toContain('\n');
    expect(report.line).toMatch(/Unauthorized/);
    expect(report.line).not.toContain(fake.token);
  });

  test('a missing application id is reported in one line naming the variable', async () => {
    const report = await deployCommandsReport({ DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl });
    expect(report).toEqual({ ok: false, line: expect.stringMatching(/^coverage-bot: invalid configuration: DISCORD_APP_ID/) });
  });
});
