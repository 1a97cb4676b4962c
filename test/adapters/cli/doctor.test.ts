/**
 * `coverage-bot doctor` against a real redis-server, the fake Telegram and Discord APIs on
 * 127.0.0.1, and real folders; one broken thing at a time on a good set-up. The built CLI runs the
 * cases that concern the command itself (output, exit status, config files, which the core reads
 * once per process); the rest call runDoctor here, which is what the command runs, to keep the
 * suite quick.
 */
import { appendFile, copyFile, cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDoctor } from '../../../src/adapters/cli/doctor/index.js';
import { createCoverageLoader } from '../../../src/core/index.js';
import { commandDefinitions, deployCommands } from '../../../src/adapters/discord/index.js';
import { loadConfig, loadCoreConfig } from '../../../src/config/index.js';
import { assertBuilt, root, runCli, seeds } from '../../support/cli.js';
import { startFakeDiscord, type FakeDiscord } from '../../support/fake-discord.js';
import { startFakeTelegram, type FakeTelegram } from '../../support/fake-telegram.js';
import { skipPostgresSuites, startPostgres } from '../../support/postgres.js';
import { skipRedisSuites, startRedis, type RedisServer } from '../../support/redis.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();

interface Check {
  id: string;
  status: 'pass' | 'fail' | 'skip';
  detail: string;
  fix?: string;
  items?: string[];
}

let work: string;
let corpus: string;
let dataDir: string;
/** The data folder of in-process runs: its index is built by this process's code (the CLI's by dist/). */
let dataDirHere: string;
let redis: RedisServer;
let telegram: FakeTelegram;
let discord: FakeDiscord;
/** The environment of a set-up where everything is right. */
let good: NodeJS.ProcessEnv;

beforeAll(async () => {
  assertBuilt();
  work = await mkdtemp(path.join(tmpdir(), 'cli-doctor-'));
  corpus = path.join(work, 'corpus');
  dataDir = path.join(work, 'data');
  await cp(seeds, corpus, { recursive: true });
  [redis, telegram, discord] = await Promise.all([startRedis(), startFakeTelegram(), startFakeDiscord()]);
  good = {
    CORPUS_DIR: corpus,
    DATA_DIR: dataDir,
    KEYV_URL: redis.url,
    TELEGRAM_BOT_TOKEN: telegram.token,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    TELEGRAM_WEBHOOK_URL: '',
    DISCORD_TOKEN: discord.token,
    DISCORD_APP_ID: discord.appId,
    DISCORD_GUILD_ID: discord.guildId,
    DISCORD_API_URL: discord.apiUrl,
  };
  await deployCommands(loadConfig(good));
  // The persisted index, as the bots' first start leaves it.
  const built = await runCli(['articles', '--quiet'], { env: good });
  expect(built.code, built.stderr).toBe(0);
  dataDirHere = path.join(work, 'data-here');
  await buildIndexHere(corpus);
}, 60_000);

/** Builds and persists the index of `corpusDir` in the in-process data folder, as a start would. */
async function buildIndexHere(corpusDir: string): Promise<void> {
  const load = createCoverageLoader({ config: coreConfig, dataDir: dataDirHere, maxFileBytes: loadConfig(good).maxFileBytes });
  await load(corpusDir);
  await load.saved();
}

afterAll(async () => {
  await Promise.all([redis?.stop(), telegram?.close(), discord?.close()]);
  await rm(work, { recursive: true, force: true });
});

/** The doctor's findings on the good set-up changed by `env`, as the command would exit. */
async function doctor(env: NodeJS.ProcessEnv = {}): Promise<{ code: number; checks: Map<string, Check>; stdout: string }> {
  const report = await runDoctor({ env: { ...good, DATA_DIR: dataDirHere, ...env } });
  return { code: report.ok ? 0 : 1, checks: new Map(report.checks.map((c) => [c.id, c])), stdout: JSON.stringify(report) };
}

/** `coverage-bot doctor --json` on the good set-up changed by `env`. */
async function doctorCli(env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; checks: Map<string, Check>; stdout: string }> {
  const run = await runCli(['doctor', '--json'], { env: { ...good, ...env } });
  const report = JSON.parse(run.stdout) as { ok: boolean; checks: Check[] };
  expect(report.ok).toBe(run.code === 0);
  return { code: run.code, checks: new Map(report.checks.map((c) => [c.id, c])), stdout: run.stdout };
}

const failed = (checks: Map<string, Check>) => [...checks.values()].filter((c) => c.status === 'fail').map((c) => c.id);

// A run of the CLI can take seconds on a loaded machine.
describe.skipIf(skipRedisSuites)('coverage-bot doctor', { timeout: 90_000 }, () => {
  it('passes on a good set-up: every check ✓ (the archive is not configured), exit 0', async () => {
    const run = await runCli(['doctor'], { env: good });
    expect(run.code, run.stdout).toBe(0);
    for (const line of ['Node.js', 'Configuration', 'Config files', 'Lexical data', 'Corpus folder', 'Data folder', 'Persisted index', 'Redis', 'Telegram', 'Telegram webhook', 'Discord', 'Discord commands']) {
      expect(run.stdout).toMatch(new RegExp(`^✓ ${line} +\\S`, 'm'));
    }
    expect(run.stdout).toMatch(/^– PostgreSQL archive +not configured/m);
    expect(run.stdout).not.toContain('✗');
    expect(run.stdout).toMatch(/\nAll checks passed\.\n$/);
    const { checks } = await doctor();
    expect(checks.get('corpus')!.detail).toMatch(/^5 articles in /);
    expect(checks.get('telegram')!.detail).toBe(`token accepted: @${telegram.me.username}`);
    expect(checks.get('discord-commands')!.detail).toBe(`${commandDefinitions.length} commands deployed for server ${discord.guildId}, as defined`);
    // The tokens are never printed.
    expect(run.stdout).not.toContain(telegram.token);
    expect(run.stdout).not.toContain(discord.token);
  });

  it('finds a Telegram token the API rejects', async () => {
    const { code, checks, stdout } = await doctor({ TELEGRAM_BOT_TOKEN: '999:not-the-right-token' });
    expect(code).toBe(1);
    expect(failed(checks)).toEqual(['telegram']);
    expect(checks.get('telegram')).toMatchObject({ detail: 'TELEGRAM_BOT_TOKEN was rejected (401 Unauthorized)', fix: expect.stringContaining('@BotFather') });
    expect(stdout).not.toContain('not-the-right-token');
  });

  it('finds a Discord token the API rejects, and an application id that is not the token\'s', async () => {
    const token = await doctor({ DISCORD_TOKEN: 'fake.wrong-token' });
    expect(token.code).toBe(1);
    expect(failed(token.checks)).toEqual(['discord']);
    expect(token.checks.get('discord')!.detail).toBe('DISCORD_TOKEN was rejected (401 Unauthorized)');
    const app = await doctor({ DISCORD_APP_ID: '123456789012345678' });
    expect(failed(app.checks)).toEqual(['discord']);
    expect(app.checks.get('discord')!.fix).toBe(`set DISCORD_APP_ID=${discord.appId} (Developer Portal → General Information → Application ID)`);
  });

  it('finds Discord commands that were never deployed', async () => {
    const fresh = await startFakeDiscord();
    try {
      const { code, checks } = await doctor({ DISCORD_TOKEN: fresh.token, DISCORD_APP_ID: fresh.appId, DISCORD_GUILD_ID: fresh.guildId, DISCORD_API_URL: fresh.apiUrl });
      expect(code).toBe(1);
      expect(failed(checks)).toEqual(['discord-commands']);
      expect(checks.get('discord-commands')).toMatchObject({ fix: 'run `npm run deploy-commands`' });
      expect(checks.get('discord-commands')!.items).toEqual(commandDefinitions.map((c) => `/${c.name}: not deployed`));
    } finally {
      await fresh.close();
    }
  });

  it('finds a Telegram webhook that is not where TELEGRAM_WEBHOOK_URL says, or that Telegram cannot deliver to', async () => {
    const webhook = { TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram', TELEGRAM_WEBHOOK_SECRET: 'a-secret' };
    const unset = await doctor(webhook);
    expect(failed(unset.checks)).toEqual(['telegram-webhook']);
    expect(unset.checks.get('telegram-webhook')!.detail).toBe('Telegram has no webhook set, not to TELEGRAM_WEBHOOK_URL https://bot.example.org/telegram');
    const response = await fetch(`${telegram.apiRoot}/bot${telegram.token}/setWebhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: webhook.TELEGRAM_WEBHOOK_URL }),
    });
    expect(response.ok).toBe(true);
    telegram.webhookError = 'Connection timed out';
    try {
      const failing = await doctor(webhook);
      expect(failed(failing.checks)).toEqual(['telegram-webhook']);
      expect(failing.checks.get('telegram-webhook')!.detail).toMatch(/^Telegram's last delivery to https:\/\/bot\.example\.org\/telegram failed at \S+: Connection timed out$/);
      telegram.webhookError = undefined;
      expect(failed((await doctor(webhook)).checks)).toEqual([]);
    } finally {
      telegram.webhookError = undefined;
      await fetch(`${telegram.apiRoot}/bot${telegram.token}/deleteWebhook`, { method: 'POST' });
    }
  });

  it('finds Redis down', async () => {
    const down = await startRedis();
    await down.stop();
    const { code, checks } = await doctor({ KEYV_URL: down.url });
    expect(code).toBe(1);
    expect(failed(checks)).toEqual(['redis']);
    expect(checks.get('redis')!.detail).toBe(`127.0.0.1:${down.port} is not reachable (ECONNREFUSED)`);
  });

  it('finds a DATA_DIR that cannot be written', async () => {
    const file = path.join(work, 'a-file');
    await writeFile(file, 'not a folder');
    const under = await doctor({ DATA_DIR: path.join(file, 'data') });
    expect(failed(under.checks)).toContain('data-dir');
    expect(under.checks.get('data-dir')!.detail).toBe(`${path.join(file, 'data')} cannot be created: ${file} is not a folder`);
    const itself = await doctor({ DATA_DIR: file });
    expect(itself.checks.get('data-dir')!.detail).toBe(`${file} is not a folder`);
  });

  it('finds a config file that is not valid JSON, naming it', async () => {
    const configDir = path.join(work, 'config-broken');
    await cp(path.join(root, 'config'), configDir, { recursive: true });
    await appendFile(path.join(configDir, 'people.json'), '\n}, oops');
    const { code, checks } = await doctorCli({ CONFIG_DIR: configDir });
    expect(code).toBe(1);
    expect(checks.get('config-files')).toMatchObject({ status: 'fail', fix: expect.stringContaining('correct the JSON') });
    expect(checks.get('config-files')!.items).toEqual([expect.stringMatching(/^people\.json: /)]);
  });

  it('finds a config file of the wrong shape, with the schema\'s message', async () => {
    const configDir = path.join(work, 'config-shape');
    await cp(path.join(root, 'config'), configDir, { recursive: true });
    await writeFile(path.join(configDir, 'outlets.json'), JSON.stringify({ outlets: 'Reuters' }));
    const { checks } = await doctorCli({ CONFIG_DIR: configDir });
    expect(checks.get('config-files')!.status).toBe('fail');
    expect(checks.get('config-files')!.items!.join('\n')).toMatch(/outlets\.json: outlets: /);
  });

  it('finds a stale index, and says which part changed', async () => {
    const changed = path.join(work, 'corpus-changed');
    await cp(corpus, changed, { recursive: true });
    await buildIndexHere(changed);
    await copyFile(path.join(root, 'test/fixtures/html/opengraph.html'), path.join(changed, 'opengraph.html'));
    const { code, checks } = await doctor({ CORPUS_DIR: changed });
    expect(code).toBe(1);
    expect(failed(checks)).toEqual(['index']);
    expect(checks.get('index')!.detail).toMatch(/^stale: the corpus folder changed since it was built/);
  });

  it('lists the files of the corpus folder that would be skipped, and why, without failing for them', async () => {
    const mixed = path.join(work, 'corpus-mixed');
    await cp(corpus, mixed, { recursive: true });
    await writeFile(path.join(mixed, 'empty.txt'), '');
    const { checks } = await doctor({ CORPUS_DIR: mixed, DATA_DIR: path.join(work, 'data-mixed') });
    expect(checks.get('corpus')).toMatchObject({ status: 'pass', items: ['empty.txt: empty file'] });
    expect(checks.get('corpus')!.detail).toMatch(/^5 articles in .*; 1 file would be skipped$/);
  });

  it('reports invalid variables with the schema\'s messages and checks nothing that depends on them', async () => {
    const { code, checks } = await doctor({ MAX_FILE_BYTES: 'lots', KEYV_URL: 'http://nope' });
    expect(code).toBe(1);
    expect(checks.get('environment')!.items).toEqual(['KEYV_URL: must be a redis:// or rediss:// URL (or empty for the embedded store)', 'MAX_FILE_BYTES: must be a whole number']);
    expect(failed(checks)).toEqual(['environment']);
    expect(checks.get('corpus')!.status).toBe('skip');
  });
});

describe.skipIf(skipRedisSuites || skipPostgresSuites)('coverage-bot doctor with an archive', () => {
  it('finds an archive that is not migrated, says to start the bot against it, and passes once it is', async () => {
    const postgres = await startPostgres();
    try {
      const url = await postgres.createDatabase('doctor');
      const before = await doctor({ ARCHIVE_URL: url });
      expect(failed(before.checks)).toEqual(['archive']);
      expect(before.checks.get('archive')).toMatchObject({ detail: expect.stringMatching(/not migrated/), fix: expect.stringMatching(/^start the bot/) });
      const { migrate } = await import('../../../src/archive/index.js');
      const pg = (await import('pg')).default;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await migrate(client);
      await client.end();
      const after = await doctor({ ARCHIVE_URL: url });
      expect(after.code).toBe(0);
      expect(after.checks.get('index')).toMatchObject({ status: 'skip', detail: 'not used: with ARCHIVE_URL the bots serve the archive' });
      expect(after.checks.get('archive')!.detail).toMatch(/reachable and migrated/);
      await postgres.stop();
      const down = await doctor({ ARCHIVE_URL: url });
      expect(down.checks.get('archive')).toMatchObject({ status: 'fail', fix: expect.stringMatching(/^start PostgreSQL, or correct ARCHIVE_URL/) });
    } finally {
      await postgres.remove();
    }
  }, 90_000);
});
