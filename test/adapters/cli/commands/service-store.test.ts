/**
 * The store and service the CLI's chat, report and feedback open: the store the environment
 * names, so that the terminal and the report read and write the same log. In this process, with
 * DATA_DIR set to a folder of this file's own (the embedded store; KEYV_URL empty).
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, afterEach, describe, expect, it, vi } from 'vitest';
import { openBotService, openConfiguredStore } from '../../../../src/adapters/cli/commands/service-store.js';
import { loadCoreConfig, projectRoot } from '../../../../src/config/index.js';
import { loadCoverage } from '../../../../src/core/index.js';
import { newAnswerId, type QuestionRecord } from '../../../../src/store/index.js';

const work = mkdtempSync(path.join(tmpdir(), 'cli-service-store-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let dataDir: string;
beforeEach((context) => {
  dataDir = path.join(work, context.task.id);
  vi.stubEnv('DATA_DIR', dataDir);
  vi.stubEnv('KEYV_URL', '');
  vi.stubEnv('LOG_LEVEL', 'silent');
});
afterEach(() => vi.unstubAllEnvs());

const record: QuestionRecord = {
  // The store files a question under the day its id starts with, as the service's ids do.
  id: newAnswerId(),
  // Now: the log keeps questions for FEEDBACK_RETENTION_DAYS only.
  at: Date.now(),
  platform: 'cli',
  question: 'Who did Shoygu meet?',
  outcome: 'answered',
  answer: 'Memis.',
  confident: true,
  coverageVersion: 'v1',
  citedArticles: ['a'],
  latencyMs: 1,
};

describe('openConfiguredStore', () => {
  it('opens the embedded store in DATA_DIR when KEYV_URL is empty: what one opening writes, the next reads', async () => {
    const first = await openConfiguredStore();
    await first.questions.log(record);
    await first.close();
    expect(readdirSync(dataDir).length).toBeGreaterThan(0);
    const second = await openConfiguredStore();
    try {
      expect((await second.questions.list(0)).map((q) => q.question)).toEqual(['Who did Shoygu meet?']);
    } finally {
      await second.close();
    }
  });
});

describe('openBotService', () => {
  it('answers over the coverage it is given and logs the question in the configured store', async () => {
    const coverage = await loadCoverage(path.join(projectRoot, 'seeds'), { config: loadCoreConfig() });
    const { service, close } = await openBotService(coverage);
    const result = await service.ask({ user: { platform: 'cli', id: 'terminal' }, question: 'Who did Shoygu meet?', admitted: true });
    await close();
    expect(result.kind).toBe('answered');
    const store = await openConfiguredStore();
    try {
      expect(await store.questions.list(0)).toEqual([expect.objectContaining({ platform: 'cli', question: 'Who did Shoygu meet?', coverageVersion: coverage.version })]);
    } finally {
      await store.close();
    }
  });

  it('reads a live coverage source at each question, and says plainly when it was given none', async () => {
    const { service, close } = await openBotService(undefined);
    try {
      await expect(service.ask({ user: { platform: 'cli', id: 'terminal' }, question: 'Who did Shoygu meet?', admitted: true })).rejects.toThrow('coverage-bot: no coverage loaded');
      // The report names articles by id only then, and still counts what the store holds.
      expect((await service.report()).totals.questions).toBe(0);
    } finally {
      await close();
    }
  });
});
