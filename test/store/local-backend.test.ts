import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStore, STORE_FILE_NAME, type BotStore, type Conversation, type StoreOptions } from '../../src/store/index.js';
import { createFileBackend, createMemoryBackend } from '../../src/store/local-backend.js';
import type { StoreBackend } from '../../src/store/backend.js';
import { captureLogger } from './harness.js';

const chat: Conversation = { platform: 'telegram', id: '-100987654321' };

describe('the embedded store’s answer cache', () => {
  let dataDir: string;
  const opened: BotStore[] = [];
  const open = async (options: StoreOptions = {}) => {
    const store = await createStore({ dataDir, ...options });
    opened.push(store);
    return store;
  };
  const storeFile = () => path.join(dataDir, STORE_FILE_NAME);

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'coverage-bot-local-backend-'));
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps cached answers out of the store file and at most answerCacheEntries of them in memory', async () => {
    const store = await open({ answerCacheEntries: 2 });
    const answer = (text: string) => ({ question: text, answer: `answer to ${text}`, confident: true, citations: [], type: 'other' as const });
    await store.answers.set('v1', 'first', answer('first'));
    await store.answers.set('v1', 'second', answer('second'));
    await store.answers.set('v1', 'third', answer('third'));
    expect(await store.answers.get('v1', 'first')).toBeUndefined();
    expect((await store.answers.get('v1', 'third'))?.answer).toBe('answer to third');
    await store.context.set(chat, '1', { question: 'q', userId: '42', at: 1 });
    await store.close();
    expect(readFileSync(storeFile(), 'utf8')).not.toContain('answer to');
  });

});

const backends: Array<{ name: string; open: () => { backend: StoreBackend; cleanup: () => void } }> = [
  { name: 'memory', open: () => ({ backend: createMemoryBackend('test'), cleanup: () => undefined }) },
  {
    name: 'file',
    open: () => {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'coverage-bot-local-backend-'));
      return { backend: createFileBackend({ dataDir, prefix: 'test', logger: captureLogger().logger, flushDelayMs: 5 }), cleanup: () => rmSync(dataDir, { recursive: true, force: true }) };
    },
  },
];

describe.each(backends)('the $name backend', ({ name, open }) => {
  let backend: StoreBackend;
  let cleanup: () => void;
  beforeEach(() => {
    ({ backend, cleanup } = open());
  });
  afterEach(async () => {
    await backend.close();
    cleanup();
  });

  it('says what it is and has no operation timeout', () => {
    expect(backend.kind).toBe(name);
    expect(backend.operationTimeoutMs).toBeUndefined();
    expect(backend.startupError).toBeUndefined();
  });

  it('hands out one token per request up to the capacity, even when asked all at once', async () => {
    const spec = { capacity: 3, refillMs: 60_000 };
    const decisions = await Promise.all(Array.from({ length: 5 }, () => backend.takeToken('rate:a', spec)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(3);
    expect(decisions.filter((d) => !d.allowed).every((d) => d.retryAfterMs > 0 && d.retryAfterMs <= 60_000)).toBe(true);
    expect((await backend.takeToken('rate:b', spec)).allowed).toBe(true);
  });

  it('lets exactly one of many simultaneous setIfAbsent calls win, until the key expires', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => backend.setIfAbsent('claim:x', 40)));
    expect(results.filter(Boolean)).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await backend.setIfAbsent('claim:x', 40)).toBe(true);
  });

  it('keeps hash fields written together, reads them one or all, and deletes some or all', async () => {
    await Promise.all(['a', 'b', 'c', 'd'].map((field) => backend.hashSet('h', field, `value ${field} ✓`)));
    expect(await backend.hashGetAll('h')).toEqual({ a: 'value a ✓', b: 'value b ✓', c: 'value c ✓', d: 'value d ✓' });
    expect(await backend.hashGet('h', 'b')).toBe('value b ✓');
    expect(await backend.hashGet('h', 'zz')).toBeUndefined();
    expect(await backend.hashDelete('h', ['a', 'zz'])).toBe(1);
    expect(await backend.hashDelete('h')).toBe(3);
    expect(await backend.hashGetAll('h')).toEqual({});
    expect(await backend.hashDelete('missing', ['a'])).toBe(0);
  });

  it('keeps the expiry of a hash when some of its fields are deleted', async () => {
    await backend.hashSet('h', 'a', '1', 60);
    await backend.hashSet('h', 'b', '2', 60);
    expect(await backend.hashDelete('h', ['a'])).toBe(1);
    expect(await backend.hashGetAll('h')).toEqual({ b: '2' });
    await new Promise((resolve) => setTimeout(resolve, 90));
    expect(await backend.hashGetAll('h')).toEqual({});
  });

  it('drops a hash whose last field is deleted', async () => {
    await backend.hashSet('h', 'only', '1');
    expect(await backend.hashDelete('h', ['only'])).toBe(1);
    expect(await backend.values.get('h')).toBeUndefined();
  });
});
