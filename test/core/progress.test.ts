/** The core's long operations say how far they have come through a plain onProgress(done, total, step) callback. */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCoreConfig, projectRoot } from '../../src/config/index.js';
import { buildCoverageParts } from '../../src/core/coverage.js';
import { createCoverageLoader, ingestFiles, readCorpus, type ProgressStep } from '../../src/core/index.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();

const seeds = path.join(projectRoot, 'seeds');

type Call = [done: number, total: number, step: ProgressStep];

/** A callback recording its calls, and the steps in the order they began. */
function recorder() {
  const calls: Call[] = [];
  return {
    calls,
    onProgress: (done: number, total: number, step: ProgressStep) => void calls.push([done, total, step]),
    steps: () => [...new Set(calls.map((c) => c[2]))],
    of: (step: ProgressStep) => calls.filter((c) => c[2] === step).map(([done, total]) => [done, total]),
  };
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'core-progress-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe('onProgress', () => {
  it('readCorpus counts every file of the folder, from 0 to the total', async () => {
    const progress = recorder();
    await readCorpus(seeds, { config: coreConfig, onProgress: progress.onProgress });
    expect(progress.of('reading files')).toEqual([[0, 5], [1, 5], [2, 5], [3, 5], [4, 5], [5, 5]]);
  });

  it('building a coverage goes through indexing, then finding statements, one article at a time', async () => {
    const corpus = await readCorpus(seeds, { config: coreConfig });
    const progress = recorder();
    buildCoverageParts(corpus, { config: coreConfig, onProgress: progress.onProgress });
    expect(progress.steps()).toEqual(['indexing', 'finding statements']);
    expect(progress.of('indexing')).toEqual([[0, 5], [1, 5], [2, 5], [3, 5], [4, 5], [5, 5]]);
    expect(progress.of('finding statements').at(-1)).toEqual([5, 5]);
  });

  it('the coverage loader reports a build, and nothing when the snapshot is current', async () => {
    const dataDir = path.join(work, 'data');
    const first = recorder();
    const load = createCoverageLoader({ config: coreConfig, dataDir, onProgress: first.onProgress });
    await load(seeds);
    await load.saved();
    expect(first.steps()).toEqual(['reading files', 'indexing', 'finding statements']);
    const again = recorder();
    await createCoverageLoader({ config: coreConfig, dataDir, onProgress: again.onProgress })(seeds);
    expect(again.calls).toEqual([]);
  });

  it('ingest reads the corpus folder, then adds the inputs one at a time, ending at the total', async () => {
    const corpus = path.join(work, 'corpus');
    await cp(seeds, corpus, { recursive: true, filter: (source) => !source.endsWith('004_f199326b91c0929f.txt') });
    const inbox = path.join(work, 'inbox');
    await cp(path.join(seeds, '004_f199326b91c0929f.txt'), path.join(inbox, 'new.txt'));
    await writeFile(path.join(inbox, 'empty.txt'), '');
    const progress = recorder();
    const report = await ingestFiles([inbox], corpus, { config: coreConfig, onProgress: progress.onProgress });
    expect(report.added).toHaveLength(1);
    expect(progress.steps()).toEqual(['reading files', 'adding files']);
    expect(progress.of('reading files').at(-1)).toEqual([4, 4]);
    expect(progress.of('adding files')).toEqual([[0, 2], [1, 2], [2, 2]]);
  });
});
