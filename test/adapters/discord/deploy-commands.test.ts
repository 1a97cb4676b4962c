/**
 * `npm run deploy-commands` (deploy-commands.ts) as a process, against the fake Discord: what it
 * prints and the status it exits with. What it registers is tested in deploy.test.ts.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { commandDefinitions } from '../../../src/adapters/discord/index.js';
import { projectRoot } from '../../../src/config/index.js';
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

describe('the deploy-commands script', () => {
  test('reports what it registered and exits 0', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', SCRIPT], {
      env: { ...process.env, DISCORD_TOKEN: fake.token, DISCORD_APP_ID: fake.appId, DISCORD_GUILD_ID: fake.guildId, DISCORD_API_URL: fake.apiUrl },
    });
    expect(stdout).toMatch(new RegExp(`^Registered ${commandDefinitions.length} commands for server ${fake.guildId}: /ask /latest`));
  });

  test('exits 1 and writes the reason to stderr when deploying fails', async () => {
    const failed = await run(process.execPath, ['--import', 'tsx', SCRIPT], {
      env: { PATH: process.env.PATH, DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl },
    }).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 1, stdout: '', stderr: expect.stringMatching(/^coverage-bot: invalid configuration: DISCORD_APP_ID[^\n]*\n$/) });
  });
});
