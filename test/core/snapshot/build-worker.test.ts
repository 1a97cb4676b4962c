import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadCoreConfig } from '../../../src/config/index.js';
import { stampFolders } from '../../../src/core/ingest/index.js';
import type { BuildProgress, BuildReply, BuildRequest, BuildWorkerData } from '../../../src/core/snapshot/build-off-thread.js';
import { coverageFromSnapshot } from '../../../src/core/snapshot/load.js';

/**
 * The worker entry on its own, spoken to as createOffThreadBuilder speaks to it: workerData with a
 * progress port and the configuration, a BuildRequest in, a BuildReply out.
 */

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();
const fingerprint = { corpus: 'corpus-stamp', config: 'config-stamp', code: 'code-stamp' };

const story = (place: string) =>
  `Harbour cranes return to work in ${place}\n\nJune 3, 2025\n\nDock workers at the port of ${place} returned to work on Tuesday after a four-day strike over pay ended with a deal that raises wages by six percent.\n\n"We got what we asked for," union leader Jane Okafor said.\n`;

let root: string;
let corpus: string;
let worker: Worker;
let progressPort: MessagePort;
const progress: BuildProgress[] = [];

/** Starts the TypeScript entry as build-off-thread.ts does when running from the sources. */
function startBuildWorker(): Worker {
  const channel = new MessageChannel();
  progressPort = channel.port1;
  progressPort.on('message', (message: BuildProgress) => progress.push(message));
  const source = new URL('../../../src/core/snapshot/build-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(bootstrap, {
    eval: true,
    workerData: { progress: channel.port2, config: coreConfig } satisfies BuildWorkerData,
    transferList: [channel.port2],
  });
}

let nextId = 1;
function build(request: Omit<BuildRequest, 'id'>): Promise<BuildReply> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const onMessage = (reply: BuildReply) => {
      if (reply.id !== id) return;
      worker.off('message', onMessage);
      resolve(reply);
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
    worker.postMessage({ ...request, id } satisfies BuildRequest);
  });
}

const bytesOf = (reply: BuildReply) => {
  if (reply.error !== undefined) throw new Error(reply.error);
  return Buffer.from(reply.bytes);
};

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'build-worker-'));
  corpus = path.join(root, 'corpus');
  mkdirSync(corpus);
  writeFileSync(path.join(corpus, 'lisbon.txt'), story('Lisbon'));
  writeFileSync(path.join(corpus, 'oslo.txt'), story('Oslo'));
  worker = startBuildWorker();
});
afterAll(async () => {
  progressPort.close();
  await worker.terminate();
  rmSync(root, { recursive: true, force: true });
});

describe('the build worker', () => {
  it('reports each file, then the indexing, and replies with a snapshot carrying the fingerprint it was given', async () => {
    progress.length = 0;
    const before = Date.now();
    const reply = await build({ corpusDirs: [corpus], fingerprint });
    const { header, coverage } = coverageFromSnapshot(bytesOf(reply), coreConfig);
    expect(reply).toMatchObject({ articles: 2 });
    expect(reply.error).toBeUndefined();
    expect('updated' in reply).toBe(false);
    expect(header.fingerprint).toEqual(fingerprint);
    expect(coverage.summary().articles).toBe(2);
    // The progress port delivers on its own; its messages may arrive after the reply.
    const steps = () => progress.filter((p) => p.id === reply.id).map((p) => (p.progress === 'file' ? path.basename(p.file) : p.progress));
    await vi.waitFor(() => expect(steps()).toEqual(['lisbon.txt', 'oslo.txt', 'indexing']));
    // Each step is stamped with the time it was made (the watchdog's clock).
    for (const p of progress) {
      expect(p.at).toBeGreaterThanOrEqual(before);
      expect(p.at).toBeLessThanOrEqual(Date.now());
    }
  });

  it('skips the refused files with their reason and applies the size limit', async () => {
    const reply = await build({ corpusDirs: [corpus], fingerprint, refused: [[path.join(corpus, 'oslo.txt'), 'stalled an earlier build']], maxFileBytes: 100_000 });
    const { parts } = coverageFromSnapshot(bytesOf(reply), coreConfig);
    expect(reply).toMatchObject({ articles: 1 });
    expect(parts.corpus.skipped).toEqual([{ file: path.join(corpus, 'oslo.txt'), reason: 'stalled an earlier build' }]);
    const tiny = await build({ corpusDirs: [corpus], fingerprint, maxFileBytes: 10 });
    expect(tiny).toMatchObject({ articles: 0 });
  });

  it('replies with the error for a missing folder, and goes on serving the next request', async () => {
    const failed = await build({ corpusDirs: [path.join(root, 'nowhere')], fingerprint });
    expect(failed).toEqual({ id: failed.id, error: `coverage folder ${path.join(root, 'nowhere')} does not exist` });
    expect(await build({ corpusDirs: [corpus], fingerprint })).toMatchObject({ articles: 2 });
  });

  it('updates from a previous snapshot: reads only changed and new files and counts what changed', async () => {
    const stamps = [...stampFolders([corpus])];
    const first = await build({ corpusDirs: [corpus], fingerprint });
    const file = path.join(root, 'previous.snapshot');
    writeFileSync(file, bytesOf(first));
    writeFileSync(path.join(corpus, 'oslo.txt'), story('Oslo').replace('six percent', 'seven percent'));
    writeFileSync(path.join(corpus, 'warsaw.txt'), story('Warsaw'));
    const updated = await build({ corpusDirs: [corpus], fingerprint, previous: { file, fingerprint, stamps } });
    expect(updated).toMatchObject({ articles: 3, updated: { read: 2, added: 1, changed: 1, removed: 0 } });

    // A previous snapshot under another fingerprint is not used: everything is read again.
    const other = await build({ corpusDirs: [corpus], fingerprint, previous: { file, fingerprint: { ...fingerprint, code: 'other' }, stamps } });
    expect(other).toMatchObject({ articles: 3 });
    expect('updated' in other).toBe(false);
  });
});
