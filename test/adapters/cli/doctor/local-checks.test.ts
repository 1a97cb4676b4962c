import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  checkConfigFiles,
  checkCorpus,
  checkDataDir,
  checkEnvironment,
  checkIndex,
  checkLexicalData,
  checkNode,
} from '../../../../src/adapters/cli/doctor/local-checks.js';
import { loadConfig, loadCoreConfig, projectRoot } from '../../../../src/config/index.js';
import { snapshotStatus } from '../../../../src/core/index.js';

const coreConfig = loadCoreConfig();
const seeds = path.join(projectRoot, 'seeds');
const work = mkdtempSync(path.join(tmpdir(), 'doctor-local-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('checkNode', () => {
  it('passes a Node.js at or above package.json’s engines.node, saying what it needs', () => {
    expect(checkNode('20.0.0')).toEqual({ id: 'node', title: 'Node.js', status: 'pass', detail: 'v20.0.0 (needs >=20)' });
    expect(checkNode('22.3.1').status).toBe('pass');
  });

  it('fails an older or unreadable version with what to install', () => {
    expect(checkNode('18.19.0')).toMatchObject({ status: 'fail', detail: 'v18.19.0 is too old (needs >=20)', fix: expect.stringMatching(/^install Node\.js 20 or later/) });
    expect(checkNode('not-a-version').status).toBe('fail');
  });
});

describe('checkEnvironment', () => {
  it('passes valid variables, returns the configuration, and says which bots are configured', () => {
    const none = checkEnvironment({});
    expect(none.result).toMatchObject({ status: 'pass', detail: 'environment variables valid; no bot token (terminal chat only)' });
    expect(none.config?.maxQuestionLength).toBe(500);
    const both = checkEnvironment({ TELEGRAM_BOT_TOKEN: '123:abc', DISCORD_TOKEN: 'x.y.z', DISCORD_APP_ID: '1' });
    expect(both.result.detail).toBe('environment variables valid; bots: Telegram, Discord');
  });

  it('fails with every invalid variable listed, and no configuration', () => {
    const { result, config } = checkEnvironment({ MAX_FILE_BYTES: '-1', DISCORD_TOKEN: 'x.y.z' });
    expect(config).toBeUndefined();
    expect(result).toMatchObject({ status: 'fail', fix: expect.stringContaining('.env.example') });
    expect(result.items!.some((item) => item.startsWith('MAX_FILE_BYTES: '))).toBe(true);
    expect(result.detail).toBe(`${result.items!.length} invalid variable${result.items!.length === 1 ? '' : 's'}`);
  });
});

describe('checkConfigFiles', () => {
  it('passes the project’s config folder, counting its JSON files', () => {
    const result = checkConfigFiles(path.join(projectRoot, 'config'));
    expect(result.status).toBe('pass');
    expect(result.detail).toMatch(/^\d+ files in .*config valid$/);
  });

  it('fails a folder that cannot be read, saying to set CONFIG_DIR', () => {
    const result = checkConfigFiles(path.join(work, 'no-such-config'));
    expect(result).toMatchObject({ status: 'fail', detail: expect.stringMatching(/cannot be read \(ENOENT\)$/), fix: expect.stringContaining('CONFIG_DIR') });
  });

  it('names each file that is not JSON, whatever it holds', () => {
    const dir = path.join(work, 'config-bad');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'a.json'), '');
    writeFileSync(path.join(dir, 'b.json'), '\u0000\u202e{"x":');
    writeFileSync(path.join(dir, 'notes.txt'), 'not a config file, not checked');
    const result = checkConfigFiles(dir);
    expect(result.status).toBe('fail');
    expect(result.detail).toBe(`2 of 2 files in ${dir} are not valid JSON`);
    expect(result.items).toEqual([expect.stringMatching(/^a\.json: /), expect.stringMatching(/^b\.json: /)]);
  });
});

describe('checkLexicalData', () => {
  it('passes when the built WordNet and word vectors load', () => {
    expect(checkLexicalData()).toEqual({ id: 'lexical-data', title: 'Lexical data', status: 'pass', detail: 'WordNet and word vectors load' });
  });
});

describe('checkCorpus', () => {
  it('counts the articles of a readable folder', async () => {
    const { result, readable } = await checkCorpus(loadConfig({ CORPUS_DIR: seeds }), coreConfig);
    expect(readable).toBe(true);
    expect(result).toEqual({ id: 'corpus', title: 'Corpus folder', status: 'pass', detail: `5 articles in ${seeds}` });
  });

  it('fails a folder without articles, listing the files it would skip', async () => {
    const dir = path.join(work, 'corpus-empty');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'blank.txt'), '   \n');
    const { result, readable } = await checkCorpus(loadConfig({ CORPUS_DIR: dir }), coreConfig);
    expect(readable).toBe(true);
    expect(result).toMatchObject({ status: 'fail', detail: `no articles in ${dir}; 1 file would be skipped`, fix: expect.stringContaining('coverage-bot ingest') });
    expect(result.items).toEqual([expect.stringMatching(/^blank\.txt: /)]);
  });

  it('fails a folder that does not exist, as not readable', async () => {
    const { result, readable } = await checkCorpus(loadConfig({ CORPUS_DIR: path.join(work, 'no-such-corpus') }), coreConfig);
    expect(readable).toBe(false);
    expect(result).toMatchObject({ status: 'fail', fix: expect.stringContaining('CORPUS_DIR') });
  });
});

describe('checkDataDir', () => {
  it('passes a folder it can write to, and leaves nothing behind', async () => {
    const dir = path.join(work, 'data-ok');
    mkdirSync(dir);
    expect(await checkDataDir(dir)).toMatchObject({ status: 'pass', detail: `${dir} is writable` });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('passes a folder that does not exist yet when the nearest existing folder above takes it', async () => {
    const dir = path.join(work, 'not', 'yet', 'there');
    expect(await checkDataDir(dir)).toMatchObject({ status: 'pass', detail: `${dir} does not exist yet; it will be created in ${work}` });
  });

  it('fails a file where the folder should be', async () => {
    const file = path.join(work, 'data-is-a-file');
    writeFileSync(file, 'x');
    expect(await checkDataDir(file)).toMatchObject({ status: 'fail', detail: `${file} is not a folder`, fix: expect.stringContaining('DATA_DIR') });
  });
});

describe('checkIndex', () => {
  const config = () => loadConfig({ CORPUS_DIR: seeds, DATA_DIR: path.join(work, 'data-index') });

  it('fails when there is no persisted index yet, saying the next start builds it', () => {
    const result = checkIndex(config(), coreConfig);
    expect(result).toMatchObject({ id: 'index', status: 'fail', fix: expect.stringContaining('rebuilt at the next start') });
    expect(result.detail).toMatch(/^none yet in .*: the next start reads and indexes every article$/);
  });

  it('fails an index file that cannot be read, naming the file', () => {
    const { file } = snapshotStatus(config().dataDir, seeds, { config: coreConfig });
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, 'not a snapshot');
    const result = checkIndex(config(), coreConfig);
    expect(result).toMatchObject({ status: 'fail', fix: expect.stringContaining('rebuilt at the next start') });
    expect(result.detail.startsWith('unreadable (')).toBe(true);
    expect(result.detail.endsWith(`): ${file}`)).toBe(true);
  });
});
