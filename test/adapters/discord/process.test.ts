/**
 * `npm start` with DISCORD_TOKEN: the whole process (dist/main.js, what `npm start` runs after building) against the fake Discord, as an
 * operator runs it, answering /ask and shutting down cleanly on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { projectRoot } from '../../../src/config/index.js';
import { startFakeDiscord, type FakeDiscord } from '../../support/fake-discord.js';

let fake: FakeDiscord;
let child: ChildProcess;
let stderr = '';
let dataDir: string;

beforeAll(async () => {
  fake = await startFakeDiscord();
  dataDir = mkdtempSync(path.join(tmpdir(), 'discord-process-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DISCORD_TOKEN: fake.token,
    DISCORD_APP_ID: fake.appId,
    DISCORD_API_URL: fake.apiUrl,
    CORPUS_DIR: path.join(projectRoot, 'seeds'),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'debug',
  };
  child = spawn(process.execPath, [path.join(projectRoot, 'dist/main.js')], { env, cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
  await Promise.race([
    fake.ready,
    new Promise((_, reject) => child.once('exit', (code) => reject(new Error(`the bot exited with ${code}: ${stderr}`)))),
  ]);
  await vi.waitFor(() => expect(stderr).toContain('discord bot ready'), { timeout: 30_000 });
});

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await fake?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('answers the /ask interaction "Who did Shoygu meet?" with an embed that names the person and cites the article', async () => {
  const i = fake.command('ask', { question: 'Who did Shoygu meet?' });
  const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.endsWith(`/${i.token}/messages/@original`), { timeoutMs: 20_000 });
  const embed = edit.body.embeds[0];
  expect(embed.description).toContain('Memis');
  expect(embed.description).toContain('TRT World — Kremlin says no plans yet for Putin-Trump call');
  expect(edit.body.allowed_mentions.parse).toEqual([]);
});

test('stops on SIGTERM: disconnects from the gateway and exits 0, the token never logged', async () => {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(fake.openConnections()).toBe(0);
  expect(stderr).toContain('discord bot stopped');
  expect(stderr).not.toContain(fake.token);
});
