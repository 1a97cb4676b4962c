import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCoreConfig, projectRoot } from '../../../src/config/index.js';
import { buildCoverageParts, type Coverage } from '../../../src/core/coverage.js';
import { readCorpus } from '../../../src/core/ingest/index.js';
import { configured } from '../../../src/core/config.js';
import { buildArticle, extractArticle } from '../../../src/core/ingest/article-file.js';
import { watchCoverage, type LiveCoverage } from '../../../src/core/live/index.js';
import { createCoverageLoader, snapshotSize, type SnapshotLog } from '../../../src/core/snapshot/index.js';
import { BuildStalledError, createOffThreadBuilder } from '../../../src/core/snapshot/build-off-thread.js';
import { decodeSnapshot } from '../../../src/core/snapshot/format.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();

const seeds = path.join(projectRoot, 'seeds');

const FIRST = ['Anna', 'Boris', 'Carla', 'David', 'Elena', 'Farid', 'Greta', 'Hiro', 'Ines', 'Jonas'];
const LAST = ['Keller', 'Lindqvist', 'Moreau', 'Novak', 'Okafor', 'Petrov', 'Quinn', 'Rossi', 'Sato', 'Torres'];
const ROLES = ['finance minister', 'spokesman', 'chief executive', 'mayor', 'union leader'];
const PLACES = ['Lisbon', 'Oslo', 'Warsaw', 'Nairobi', 'Lima', 'Hanoi', 'Quebec', 'Tbilisi'];
const NOUNS = ['budget', 'harbour', 'railway', 'tariff', 'pension', 'grid', 'vaccine', 'bridge', 'levy', 'reactor', 'subsidy', 'strike'];
const VERBS = ['review', 'expand', 'cut', 'delay', 'fund', 'block', 'rebuild', 'audit'];

/** A plain-text article of the corpus format: title, date line, paragraphs with attributed quotes. */
function generatedArticle(n: number): string {
  const pick = <T>(list: T[], k: number): T => list[(n * 7 + k * 13) % list.length]!;
  const paragraphs = Array.from({ length: 8 }, (_, k) => {
    const speaker = `${pick(FIRST, k)} ${pick(LAST, k + n)}`;
    return (
      `Officials in ${pick(PLACES, k)} met on ${['Monday', 'Tuesday', 'Friday'][k % 3]} to discuss the ${pick(NOUNS, k)} ` +
      `and the ${pick(NOUNS, k + 3)} plan number ${n}-${k}, which has divided the ${pick(NOUNS, k + 5)} committee. ` +
      `"We will ${pick(VERBS, k)} the ${pick(NOUNS, k + 1)} before the end of the year," ${speaker}, the ${pick(ROLES, k)}, said.`
    );
  });
  return `${pick(PLACES, 1)} weighs ${pick(NOUNS, 2)} plan ${n}\n\nMarch ${1 + (n % 28)}, 2025\n\n${paragraphs.join('\n\n')}\n`;
}

function recordingLog(): SnapshotLog & { notes: string[]; details: { message: string; details: object }[] } {
  const notes: string[] = [];
  const details: { message: string; details: object }[] = [];
  const note = (level: string) => (d: object, message: string) => {
    notes.push(`${level}: ${message}`);
    details.push({ message, details: d });
  };
  return { notes, details, info: note('info'), warn: note('warn') };
}

const dirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

let live: LiveCoverage | undefined;
afterEach(() => {
  live?.close();
  live = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the build worker watchdog', () => {
  it('stops a build that stalls on one file, skips that file with a reason and serves the rest', async (context) => {
    const corpusDir = tempDir('watchdog-corpus-');
    const dataDir = tempDir('watchdog-data-');
    for (const file of readdirSync(seeds)) copyFileSync(path.join(seeds, file), path.join(corpusDir, file));
    // A page within the HTML budget that is still slow to read (about a second on an idle
    // machine): with a watchdog set well below its time it stands for a file that hangs.
    const branch = `${'<div>'.repeat(63)}<p>Some words of article text here, and more words follow.</p>${'</div>'.repeat(63)}`;
    const slowPage = `<html><body>${branch.repeat(300)}</body></html>`;
    writeFileSync(path.join(corpusDir, 'slow.html'), slowPage);
    // The limit is set from this machine's speed now (it may be busy): a third of the slow page's
    // time, which must be far above the slowest seed's for the check to mean anything.
    const outlets = configured(coreConfig).outlets;
    const timed = (text: string, format: 'text' | 'html') => {
      const started = performance.now();
      const extracted = extractArticle(text, format, outlets);
      if ('article' in extracted) buildArticle('x.txt', extracted.article);
      return performance.now() - started;
    };
    for (const file of readdirSync(seeds)) timed(readFileSync(path.join(seeds, file), 'utf8'), 'text');
    const seedMs = Math.max(...readdirSync(seeds).map((file) => timed(readFileSync(path.join(seeds, file), 'utf8'), 'text')));
    const slowMs = timed(slowPage, 'html');
    const fileTimeoutMs = Math.round(slowMs / 3);
    if (fileTimeoutMs < Math.max(seedMs * 10, 100)) {
      context.skip(`this machine is too busy for a timing check now (slow page ${Math.round(slowMs)} ms, a seed up to ${Math.round(seedMs)} ms)`);
      return;
    }
    const log = recordingLog();
    const load = createCoverageLoader({ config: coreConfig, dataDir, log, worker: { fileTimeoutMs } });
    const coverage = await load(corpusDir);
    expect(log.notes).toContain('warn: the build stalled on a file and was stopped; building again without it');
    // Built again in a worker, not in this thread.
    expect(log.notes.filter((n) => n.startsWith('warn:'))).toEqual(['warn: the build stalled on a file and was stopped; building again without it']);
    expect(log.notes).toContain('info: coverage built from the corpus folder in a worker thread');
    expect(coverage.corpus.articles).toHaveLength(5);
    expect(coverage.corpus.skipped).toEqual([{ file: path.join(corpusDir, 'slow.html'), reason: `reading it took longer than ${fileTimeoutMs / 1000} s; skipped (the build was stopped)` }]);
    expect(coverage.ask('What did Peskov say about Istanbul?').citations.length).toBeGreaterThan(0);
    // The live coverage built on it keeps serving through reloads, without the stalled file.
    live = await watchCoverage(corpusDir, { load, watch: false });
    writeFileSync(path.join(corpusDir, 'more.txt'), generatedArticle(1));
    const next = await live.reload();
    expect(next.corpus.articles).toHaveLength(6);
    expect(next.corpus.skipped.map((s) => path.basename(s.file))).toEqual(['slow.html']);
  }, 60_000);
});

describe('createCoverageLoader with a build worker', () => {
  it('keeps the event loop responsive during a reload, answering from the old coverage', async () => {
    const corpusDir = tempDir('worker-corpus-');
    for (let n = 0; n < 300; n++) writeFileSync(path.join(corpusDir, `article-${n}.txt`), generatedArticle(n));
    // How long the synchronous part of the build holds a thread (the second, warmed-up run): what a
    // reload on this thread would stall the event loop for at the least.
    const corpus = await readCorpus(corpusDir, { config: coreConfig });
    buildCoverageParts(corpus, { config: coreConfig });
    let started = performance.now();
    buildCoverageParts(corpus, { config: coreConfig });
    const syncBuildMs = performance.now() - started;
    expect(syncBuildMs).toBeGreaterThan(150); // the corpus is big enough for the check below to mean something

    const log = recordingLog();
    const dataDir = tempDir('worker-data-');
    // A loader with no earlier version in memory builds every article (a loader that has one
    // updates it from its snapshot: the next test); a fresh one per load makes each reload such a build.
    const loaders: ReturnType<typeof createCoverageLoader>[] = [];
    const load = (dir: string) => {
      loaders.push(createCoverageLoader({ config: coreConfig, dataDir, log, worker: true }));
      return loaders.at(-1)!(dir);
    };
    live = await watchCoverage(corpusDir, { load, watch: false });
    const before = live.current();
    writeFileSync(path.join(corpusDir, 'article-new.txt'), generatedArticle(1000));

    let last = performance.now();
    let longestGapMs = 0;
    const versionsAnswering = new Set<string>();
    const tick = setInterval(() => {
      const now = performance.now();
      longestGapMs = Math.max(longestGapMs, now - last);
      last = now;
      const coverage = live!.current();
      coverage.ask('What will the finance minister review?');
      versionsAnswering.add(coverage.version);
    }, 10);
    started = performance.now();
    let next: Coverage;
    let reloadMs: number;
    try {
      next = await live.reload();
      reloadMs = performance.now() - started;
      // One more turn of the timers: a stall that ends with the reload would otherwise go unseen.
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      clearInterval(tick);
    }

    expect(next.corpus.articles.map((a) => a.id)).toContain('article-new');
    expect(log.notes).toContain('info: coverage built from the corpus folder in a worker thread');
    expect(log.notes.filter((n) => n.startsWith('warn:'))).toEqual([]);
    // Questions were answered from the old version while the new one was built.
    expect(versionsAnswering).toContain(before.version);
    expect(reloadMs).toBeGreaterThan(syncBuildMs / 2);
    // Built on this thread, the reload would stall it for about syncBuildMs; off it, only the
    // decoding of the result does (a small fraction on this corpus).
    expect(longestGapMs).toBeLessThan(syncBuildMs / 2);
    await Promise.all(loaders.map((l) => l.saved()));
  }, 90_000);

  it('updates a reload in the worker from the previous snapshot: only the changed files are read, and it answers as a build from scratch', async () => {
    const corpusDir = tempDir('worker-corpus-');
    for (const file of readdirSync(seeds)) copyFileSync(path.join(seeds, file), path.join(corpusDir, file));
    const log = recordingLog();
    const load = createCoverageLoader({ config: coreConfig, dataDir: tempDir('worker-data-'), log, worker: true });
    await load(corpusDir);
    writeFileSync(path.join(corpusDir, 'article-one.txt'), generatedArticle(1));
    const one = await load(corpusDir);
    expect(one.corpus.articles.map((a) => a.id)).toContain('article-one');
    for (let n = 0; n < 40; n++) writeFileSync(path.join(corpusDir, `article-bulk-${n}.txt`), generatedArticle(100 + n));
    rmSync(path.join(corpusDir, 'article-one.txt'));
    const bulk = await load(corpusDir);
    await load.saved();
    expect(log.notes.filter((n) => n.startsWith('info: coverage built from the corpus folder in a worker thread'))).toHaveLength(1);
    expect(log.details.filter((d) => d.message === 'coverage updated from the changed files in a worker thread').map((d) => d.details)).toEqual([
      expect.objectContaining({ read: 1, added: 1, changed: 0, removed: 0 }),
      expect.objectContaining({ read: 40, added: 40, changed: 0, removed: 1 }),
    ]);
    const fresh = await createCoverageLoader({ config: coreConfig, dataDir: tempDir('worker-data-') })(corpusDir);
    expect(bulk.version).toBe(fresh.version);
    expect(bulk.statements()).toEqual(fresh.statements());
    for (const question of ['What will the finance minister review?', 'What did Peskov say about a call between Putin and Trump?']) {
      expect(bulk.ask(question)).toEqual(fresh.ask(question));
    }
  }, 90_000);

  it('builds the same coverage as an in-process build, and saves the snapshot it sent', async () => {
    const corpusDir = tempDir('worker-corpus-');
    for (const file of readdirSync(seeds)) copyFileSync(path.join(seeds, file), path.join(corpusDir, file));
    const dataDir = tempDir('worker-data-');
    const inWorker = createCoverageLoader({ config: coreConfig, dataDir, worker: true });
    const built = await inWorker(corpusDir);
    await inWorker.saved();
    expect(snapshotSize(dataDir, corpusDir)).toBeGreaterThan(0);

    const inProcess = await createCoverageLoader({ config: coreConfig, dataDir: tempDir('worker-data-') })(corpusDir);
    expect(built.version).toBe(inProcess.version);
    expect(built.statements()).toEqual(inProcess.statements());
    const question = 'What did Peskov say about a call between Putin and Trump?';
    expect(built.ask(question)).toEqual(inProcess.ask(question));

    const restartLog = recordingLog();
    const restarted = await createCoverageLoader({ config: coreConfig, dataDir, log: restartLog })(corpusDir);
    expect(restartLog.notes).toContain('info: coverage loaded from the index snapshot');
    expect(restarted.ask(question)).toEqual(inProcess.ask(question));
  });

  it('falls back to building in this thread, with a warning, when the worker fails', async () => {
    const corpusDir = tempDir('worker-corpus-');
    for (const file of readdirSync(seeds)) copyFileSync(path.join(seeds, file), path.join(corpusDir, file));
    const log = recordingLog();
    // A heap far too small for the build: the worker dies of it.
    const load = createCoverageLoader({ config: coreConfig, dataDir: tempDir('worker-data-'), log, worker: { maxHeapMb: 2 } });
    const coverage = await load(corpusDir);
    await load.saved();
    expect(log.notes).toContain('warn: the build worker failed; building the coverage in this thread instead');
    expect(log.notes).toContain('info: coverage built from the corpus folder');
    expect(log.notes).toContain('info: index snapshot saved');
    expect(coverage.corpus.articles.length).toBe(readdirSync(seeds).filter((f) => !f.endsWith('.json')).length);
  });
});

describe('createOffThreadBuilder', () => {
  const fingerprint = { corpus: 'c', config: 'k', code: 'x' };

  it('resolves with the snapshot bytes, rejects with the worker’s error, and serves the next builds after a failure', async () => {
    const corpusDir = tempDir('builder-corpus-');
    writeFileSync(path.join(corpusDir, 'one.txt'), generatedArticle(1));
    writeFileSync(path.join(corpusDir, 'two.txt'), generatedArticle(2));
    const build = createOffThreadBuilder(coreConfig);
    const missing = path.join(corpusDir, 'nowhere');
    await expect(build({ corpusDirs: [missing], fingerprint })).rejects.toThrow(`coverage folder ${missing} does not exist`);
    const [a, b] = await Promise.all([build({ corpusDirs: [corpusDir], fingerprint }), build({ corpusDirs: [corpusDir], fingerprint, refused: [[path.join(corpusDir, 'two.txt'), 'refused']] })]);
    expect(a.articles).toBe(2);
    expect(b.articles).toBe(1);
    expect(decodeSnapshot(a.bytes).header.fingerprint).toEqual(fingerprint);
    expect(decodeSnapshot(a.bytes).content.corpus.articles.map((x) => x.id)).toEqual(['one', 'two']);
  });

  it('names the stalled file and the limit in a BuildStalledError', () => {
    const error = new BuildStalledError('/corpus/slow.html', 1500);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('BuildStalledError');
    expect(error.file).toBe('/corpus/slow.html');
    expect(error.message).toBe('reading /corpus/slow.html took longer than 1.5 s; the build was stopped');
  });
});
