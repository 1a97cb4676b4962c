import { cpSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, coreConfigProblems, loadConfig, loadCoreConfig, projectRoot, readConfigJson, servedCorpusFolders } from '../../src/config/index.js';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('runs with no variables at all: terminal mode over the project seeds plus the user folder DATA_DIR/corpus', () => {
    const config = loadConfig({});
    expect(config.corpusDirs).toEqual([path.join(projectRoot, 'seeds'), path.resolve('data', 'corpus')]);
    // ingest writes into the user's folder, never into the git-tracked seeds.
    expect(config.corpusDir).toBe(path.resolve('data', 'corpus'));
    expect(config.telegram.token).toBeUndefined();
    expect(config.discord.token).toBeUndefined();
    expect(config.keyvUrl).toBeUndefined();
    expect(config.maxQuestionLength).toBeGreaterThan(0);
  });

  it('serves only CORPUS_DIR, and ingests into it, when it is set', () => {
    const config = loadConfig({ CORPUS_DIR: '/srv/news', DATA_DIR: '/var/lib/bot' });
    expect(config.corpusDirs).toEqual(['/srv/news']);
    expect(config.corpusDir).toBe('/srv/news');
    expect(loadConfig({ DATA_DIR: '/var/lib/bot' }).corpusDir).toBe('/var/lib/bot/corpus');
  });

  it('creates the default user folder when it is served, and serves the samples alone when it cannot', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'config-data-'));
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(servedCorpusFolders(config)).toEqual(config.corpusDirs);
    expect(existsSync(path.join(dataDir, 'corpus'))).toBe(true);
    writeFileSync(path.join(dataDir, 'blocked'), 'a file, not a folder');
    const blocked = loadConfig({ DATA_DIR: path.join(dataDir, 'blocked') });
    expect(servedCorpusFolders(blocked)).toEqual([path.join(projectRoot, 'seeds')]);
  });

  it('treats empty values as unset, as a copied .env.example leaves them', () => {
    const config = loadConfig({ TELEGRAM_BOT_TOKEN: '', DISCORD_TOKEN: '  ', KEYV_URL: '' });
    expect(config.telegram.token).toBeUndefined();
    expect(config.discord.token).toBeUndefined();
    expect(config.keyvUrl).toBeUndefined();
  });

  it('reports every bad value on its own line, naming the variable', () => {
    const problems = problemsOf({
      RATE_LIMIT_PER_MINUTE: 'lots',
      MAX_QUESTION_LENGTH: '-3',
      KEYV_URL: 'mysql://db',
      TELEGRAM_API_ROOT: 'not a url',
      LOG_LEVEL: 'loud',
    });
    expect(problems).toHaveLength(5);
    for (const name of ['RATE_LIMIT_PER_MINUTE', 'MAX_QUESTION_LENGTH', 'KEYV_URL', 'TELEGRAM_API_ROOT', 'LOG_LEVEL']) {
      expect(problems.some((p) => p.startsWith(name))).toBe(true);
    }
  });

  it('requires a webhook secret with a webhook URL', () => {
    const problems = problemsOf({ TELEGRAM_BOT_TOKEN: '123:abc', TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/hook' });
    expect(problems).toEqual([expect.stringMatching(/^TELEGRAM_WEBHOOK_SECRET: required/)]);
  });

  it('requires the application id with a Discord token', () => {
    expect(problemsOf({ DISCORD_TOKEN: 'abc.def.ghi' })).toEqual([expect.stringMatching(/^DISCORD_APP_ID/)]);
  });

  it('the error message lists the problems for a person to read', () => {
    expect(() => loadConfig({ RATE_LIMIT_PER_MINUTE: '0' })).toThrow(/invalid configuration:\n {2}- RATE_LIMIT_PER_MINUTE: must be above 0/);
  });
});

describe('readConfigJson', () => {
  const schema = z.object({ groups: z.array(z.array(z.string())) });
  const dir = mkdtempSync(path.join(tmpdir(), 'config-'));

  it('reads a valid data file', () => {
    const file = path.join(dir, 'ok.json');
    writeFileSync(file, JSON.stringify({ groups: [['Kyiv', 'Kiev']] }));
    expect(readConfigJson(file, schema).groups[0]).toEqual(['Kyiv', 'Kiev']);
  });

  it('names the file and the place of a schema error', () => {
    const file = path.join(dir, 'bad-shape.json');
    writeFileSync(file, JSON.stringify({ groups: [['Kyiv', 3]] }));
    expect(() => readConfigJson(file, schema)).toThrow(/bad-shape\.json: groups\.0\.1/);
  });

  it('names the file of a JSON syntax error or a missing file', () => {
    const file = path.join(dir, 'broken.json');
    writeFileSync(file, '{"groups": [');
    expect(() => readConfigJson(file, schema)).toThrow(ConfigError);
    expect(() => readConfigJson(path.join(dir, 'missing.json'), schema)).toThrow(/missing\.json/);
  });
});

describe('loadCoreConfig', () => {
  /** A copy of the project's config folder to break. */
  const copyOfConfig = (): string => {
    const dir = mkdtempSync(path.join(tmpdir(), 'core-config-'));
    cpSync(path.join(projectRoot, 'config'), dir, { recursive: true });
    return dir;
  };

  it('reads the outlets, spellings, news-domain groups, people and speech words of the project config', () => {
    const config = loadCoreConfig(path.join(projectRoot, 'config'));
    expect(config.spellings).toContainEqual(['kyiv', 'kiev']);
    expect(config.related.some((g) => g.includes('kremlin') && g.includes('moscow'))).toBe(true);
    expect(config.outlets.map((o) => o.name)).toContain('Reuters');
    expect(config.people.find((p) => p.name === 'Dmitry Peskov')?.roles).toContain('Kremlin spokesman');
    expect(config.speech.clauseVerbs).toContain('said');
  });

  it('fills the documented defaults, so the value is complete', () => {
    const dir = copyOfConfig();
    writeFileSync(path.join(dir, 'outlets.json'), JSON.stringify({ outlets: [{ name: 'Example Times' }] }));
    writeFileSync(path.join(dir, 'people.json'), JSON.stringify({ people: [{ name: 'Ann Example' }] }));
    const config = loadCoreConfig(dir);
    expect(config.outlets).toEqual([{ name: 'Example Times', domains: [], aliases: [] }]);
    expect(config.people).toEqual([{ name: 'Ann Example', variants: [], roles: [] }]);
  });

  it('names every broken file and the place of each problem in one error', () => {
    const dir = copyOfConfig();
    writeFileSync(path.join(dir, 'outlets.json'), JSON.stringify({ outlets: [{ name: 42 }] }));
    writeFileSync(path.join(dir, 'synonyms.json'), '{"groups": [[');
    writeFileSync(path.join(dir, 'people.json'), JSON.stringify({ people: [{ name: '' }] }));
    expect(() => loadCoreConfig(dir)).toThrow(ConfigError);
    const problems = coreConfigProblems(dir);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(new RegExp(`^${path.join(dir, 'outlets.json')}: outlets\\.0\\.name`));
    expect(problems[1]).toMatch(new RegExp(`^${path.join(dir, 'synonyms.json')}: `));
    expect(problems[2]).toMatch(new RegExp(`^${path.join(dir, 'people.json')}: people\\.0\\.name`));
  });

  it('has no problems to report for the project config', () => {
    expect(coreConfigProblems(path.join(projectRoot, 'config'))).toEqual([]);
  });

  it('names a missing file', () => {
    expect(coreConfigProblems(path.join(tmpdir(), 'no-such-config-folder')).join('\n')).toMatch(/outlets\.json: .*ENOENT/);
  });
});

describe('loadConfig: the shared archive', () => {
  it('has no archive without ARCHIVE_URL (the coverage folder, as embedded)', () => {
    expect(loadConfig({}).archive).toBeUndefined();
    expect(loadConfig({ ARCHIVE_URL: '' }).archive).toBeUndefined();
  });

  it('passes ARCHIVE_URL, ARCHIVE_READ_URL and HOT_PASSAGES down as one value', () => {
    const config = loadConfig({ ARCHIVE_URL: 'postgres://bot@db:5432/news', ARCHIVE_READ_URL: 'postgresql://bot@replica/news', HOT_PASSAGES: '5000' });
    expect(config.archive).toEqual({ url: 'postgres://bot@db:5432/news', readUrl: 'postgresql://bot@replica/news', hotPassages: 5000 });
    expect(loadConfig({ ARCHIVE_URL: 'postgres://db/news' }).archive?.hotPassages).toBe(100_000);
  });

  it('names a URL that is not PostgreSQL, and a replica without a primary', () => {
    expect(problemsOf({ ARCHIVE_URL: 'mysql://db' }).join('\n')).toMatch(/^ARCHIVE_URL: must be a postgres/m);
    expect(problemsOf({ ARCHIVE_READ_URL: 'postgres://replica/news' }).join('\n')).toMatch(/^ARCHIVE_READ_URL: needs ARCHIVE_URL/m);
    expect(problemsOf({ ARCHIVE_URL: 'postgres://db/news', HOT_PASSAGES: '0' }).join('\n')).toMatch(/^HOT_PASSAGES: must be above 0/m);
  });
});

describe('service settings', () => {
  it('reads the subscription cap, the feedback retention and the Telegram admins', () => {
    const config = loadConfig({ SUBSCRIPTIONS_PER_CHAT_MAX: '5', FEEDBACK_RETENTION_DAYS: '30', ADMIN_USER_IDS: ' 123, 456 ' });
    expect(config).toMatchObject({ subscriptionsPerChatMax: 5, feedbackRetentionDays: 30, adminUserIds: ['123', '456'] });
    expect(loadConfig({})).toMatchObject({ subscriptionsPerChatMax: 25, feedbackRetentionDays: 90, adminUserIds: [] });
  });

  it('names a bad admin list or retention', () => {
    expect(() => loadConfig({ ADMIN_USER_IDS: '@alice' })).toThrow(/ADMIN_USER_IDS: must be Telegram user ids/);
    expect(() => loadConfig({ FEEDBACK_RETENTION_DAYS: '0' })).toThrow(/FEEDBACK_RETENTION_DAYS: must be above 0/);
  });
});
