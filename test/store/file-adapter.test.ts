import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStore, STORE_FILE_NAME, type BotStore, type Conversation, type StoreOptions } from '../../src/store/index.js';
import { captureLogger, WARN } from './harness.js';

const chat: Conversation = { platform: 'telegram', id: '-100987654321' };
const here = path.dirname(fileURLToPath(import.meta.url));

describe('embedded file store', () => {
  let dataDir: string;
  const opened: BotStore[] = [];
  const open = async (options: StoreOptions = {}) => {
    const store = await createStore({ dataDir, ...options });
    opened.push(store);
    return store;
  };
  const storeFile = () => path.join(dataDir, STORE_FILE_NAME);

  beforeEach(() => {
    dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'coverage-bot-file-store-')), 'nested', 'data');
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    rmSync(path.dirname(path.dirname(dataDir)), { recursive: true, force: true });
  });

  it('keeps the follow-up context of a bot process that exited before its next scheduled write', async () => {
    await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(here, 'child-file-store.ts'), dataDir], {
      cwd: path.resolve(here, '..', '..'),
      timeout: 20_000,
    });
    const restarted = await open();
    expect((await restarted.context.get({ platform: 'discord', id: '1122' }, '9001'))?.question).toBe('asked before the restart');
  });

  it('creates its data directory on first use', async () => {
    expect(existsSync(dataDir)).toBe(false);
    const store = await open({ flushDelayMs: 5 });
    await store.context.set(chat, '1', { question: 'q', userId: '42', at: 1 });
    await store.close();
    expect(existsSync(storeFile())).toBe(true);
  });

  it('writes changes to disk on its own shortly after they happen', async () => {
    const store = await open({ flushDelayMs: 20 });
    await store.context.set(chat, '1', { question: 'written without close', userId: '42', at: 1 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(readFileSync(storeFile(), 'utf8')).toContain('written without close');
  });

  it('does not bring back a context that expired while the bot was stopped', async () => {
    const before = await open({ contextTtlMs: 100 });
    await before.context.set(chat, '1', { question: 'short-lived', userId: '42', at: 1 });
    await before.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const after = await open({ contextTtlMs: 100 });
    expect(await after.context.get(chat, '1')).toBeUndefined();
  });

  it('writes no raw user or chat id into the file for follow-up context and rate limits', async () => {
    const store = await open();
    await store.context.set(chat, '31337', { question: 'q', userId: '123456789', at: 1 });
    await store.rateLimit.hit('telegram', '123456789');
    await store.close();
    const text = readFileSync(storeFile(), 'utf8');
    expect(text).not.toMatch(/123456789|987654321|31337/);
  });

  it('moves a corrupt store file aside with a warning and starts a fresh store', async () => {
    mkdirSync(dataDir, { recursive: true });
    const garbage = '{"format":"coverage-bot-store","version":1,"entries":[["trunc';
    writeFileSync(storeFile(), garbage);
    const { logger, lines } = captureLogger();

    const store = await open({ logger });
    const aside = readdirSync(dataDir).filter((name) => name.startsWith(`${STORE_FILE_NAME}.corrupt-`));
    expect(aside).toHaveLength(1);
    expect(readFileSync(path.join(dataDir, aside[0] ?? ''), 'utf8')).toBe(garbage);
    expect(lines.some((line) => line.level === WARN && /moved it aside/.test(line.msg))).toBe(true);

    await store.context.set(chat, '1', { question: 'fresh start', userId: '42', at: 1 });
    await store.close();
    const reopened = await open();
    expect((await reopened.context.get(chat, '1'))?.question).toBe('fresh start');
  });

  it('moves aside a store file that cannot be read', async () => {
    // A directory where the file should be: reading fails (EISDIR) even for root, unlike a chmod.
    mkdirSync(path.join(storeFile(), 'inside'), { recursive: true });
    const { logger, lines } = captureLogger();
    const store = await open({ logger });
    const aside = readdirSync(dataDir).filter((name) => name.startsWith(`${STORE_FILE_NAME}.corrupt-`));
    expect(aside).toHaveLength(1);
    expect(existsSync(path.join(dataDir, aside[0] ?? '', 'inside'))).toBe(true);
    expect(lines.some((line) => line.level === WARN && /cannot be read.*moved it aside/.test(line.msg))).toBe(true);
    await store.context.set(chat, '1', { question: 'fresh start', userId: '42', at: 1 });
    await store.close();
    expect((await (await open()).context.get(chat, '1'))?.question).toBe('fresh start');
  });

  it('moves aside a file that is valid JSON but not a store file', async () => {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(storeFile(), JSON.stringify({ cache: [['k', 'v']] }));
    const { logger, lines } = captureLogger();
    await open({ logger });
    expect(readdirSync(dataDir).some((name) => name.startsWith(`${STORE_FILE_NAME}.corrupt-`))).toBe(true);
    expect(lines.filter((line) => line.level === WARN)).toHaveLength(1);
  });

  it('warns when another running process already uses the same store file', async () => {
    mkdirSync(dataDir, { recursive: true });
    // The test runner's parent is alive and is not this process: it stands for a second bot.
    writeFileSync(`${storeFile()}.pid`, String(process.ppid));
    const { logger, lines } = captureLogger();
    await open({ logger });
    expect(lines.some((line) => line.level === WARN && /another running process/.test(line.msg))).toBe(true);
  });

  it('does not warn about the marker of a process that has exited', async () => {
    mkdirSync(dataDir, { recursive: true });
    const finished = spawnSync(process.execPath, ['-e', '']);
    writeFileSync(`${storeFile()}.pid`, String(finished.pid));
    const { logger, lines } = captureLogger();
    await open({ logger });
    expect(lines.filter((line) => line.level === WARN)).toEqual([]);
  });

  it('leaves no temporary file behind after writing', async () => {
    const store = await open({ flushDelayMs: 5 });
    for (let i = 0; i < 20; i++) await store.context.set(chat, String(i), { question: `q${i}`, userId: '42', at: i });
    await store.close();
    expect(readdirSync(dataDir).filter((name) => name.includes('tmp'))).toEqual([]);
  });
});
