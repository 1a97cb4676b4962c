/** Slash command definitions and their deployment (`npm run deploy-commands`) against the fake Discord. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { commandDefinitions, deployCommands } from '../../../src/adapters/discord/index.js';
import { deployCommandsReport } from '../../../src/adapters/discord/deploy.js';
import { loadConfig, projectRoot } from '../../../src/config/index.js';
import { startFakeDiscord, type FakeDiscord } from '../../support/fake-discord.js';

const run = promisify(execFile);
const SCRIPT = path.join(projectRoot, 'src/adapters/discord/deploy-commands.ts');

let fake: FakeDiscord;
beforeAll(async () => {
  fake = await startFakeDiscord();
});
afterAll(async () => {
  await fake?.close();
});

describe('command definitions', () => {
  const byName = new Map(commandDefinitions.map((c) => [c.name, c]));

  test('define every command the bot handles', () => {
    expect([...byName.keys()].sort()).toEqual(['ask', 'forget', 'help', 'latest', 'report', 'sources', 'subscribe', 'subscriptions', 'unsubscribe']);
  });

  test('/ask requires a question; /latest offers speaker autocomplete, a topic and a limit of 1 to 10', () => {
    expect(byName.get('ask')!.options).toMatchObject([{ name: 'question', required: true }]);
    expect(byName.get('latest')!.options).toMatchObject([
      { name: 'speaker', autocomplete: true },
      { name: 'topic' },
      { name: 'limit', min_value: 1, max_value: 10 },
    ]);
  });

  test('/subscribe and /unsubscribe default to members with Manage Channels', () => {
    expect(byName.get('subscribe')!.default_member_permissions).toBe('16');
    expect(byName.get('unsubscribe')!.default_member_permissions).toBe('16');
  });
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

  test('the deploy-commands script reports what it registered and exits 0', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', SCRIPT], {
      env: { ...process.env, DISCORD_TOKEN: fake.token, DISCORD_APP_ID: fake.appId, DISCORD_GUILD_ID: fake.guildId, DISCORD_API_URL: fake.apiUrl },
    });
    expect(stdout).toMatch(new RegExp(`^Registered ${commandDefinitions.length} commands for server ${fake.guildId}: /ask /latest`));
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

  test('the deploy-commands script exits 1 and writes the reason to stderr when deploying fails', async () => {
    const failed = await run(process.execPath, ['--import', 'tsx', SCRIPT], {
      env: { PATH: process.env.PATH, DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl },
    }).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 1, stdout: '', stderr: expect.stringMatching(/^coverage-bot: invalid configuration: DISCORD_APP_ID[^\n]*\n$/) });
  });
});
