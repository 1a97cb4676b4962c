import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCoreConfig, projectRoot } from '../../../src/config/index.js';
import { assembleCoverage, buildCoverageParts, INDEX_FORMAT, loadCoverage, type Coverage } from '../../../src/core/coverage.js';
import { readCorpus } from '../../../src/core/ingest/index.js';
import { decodeSnapshot } from '../../../src/core/snapshot/format.js';
import { watchCoverage, type LiveCoverage } from '../../../src/core/live/index.js';
import {
  coverageFromSnapshot,
  createCoverageLoader,
  snapshotChunks,
  snapshotFile,
  snapshotSize,
  snapshotStatus,
  type CoverageLoaderOptions,
  type SnapshotLog,
} from '../../../src/core/snapshot/index.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();

const seeds = path.join(projectRoot, 'seeds');

const QUESTIONS = [
  'What is Russia committed to, according to Peskov in May?',
  'What came out of the mid-May round of negotiations?',
  'What must Kiev recognize, according to Russia?',
  'Who is the CEO of Tesla?',
  'What did Peskov say about a call between Putin and Trump?',
];

const arcticArticle = `Finland opens new Arctic research station

March 3, 2025

Finnish scientists opened a research station near Utsjoki on Monday to study permafrost thaw, the university of Oulu said.

"The station gives us year-round measurements of the tundra," project leader Aino Virtanen said.
`;

interface Note {
  level: 'info' | 'warn';
  message: string;
  details: Record<string, unknown>;
}

function recordingLog(): SnapshotLog & { notes: Note[] } {
  const notes: Note[] = [];
  return {
    notes,
    info: (details, message) => notes.push({ level: 'info', message, details: details as Record<string, unknown> }),
    warn: (details, message) => notes.push({ level: 'warn', message, details: details as Record<string, unknown> }),
  };
}

/** What a user sees of a coverage: answers, statements, speakers, articles and summary. */
function observable(coverage: Coverage) {
  return {
    version: coverage.version,
    answers: QUESTIONS.map((q) => coverage.ask(q)),
    followUp: coverage.ask('and what about Istanbul?', { previous: QUESTIONS[0] }),
    more: coverage.ask(QUESTIONS[0]!, { offset: 1 }),
    latest: coverage.latest(),
    latestPeskov: coverage.latest({ speaker: 'peskov', limit: 50 }),
    latestTopic: coverage.latest({ topic: 'Istanbul talks', limit: 50 }),
    latestSince: coverage.latest({ since: '2025-05-20', limit: 50 }),
    speakers: coverage.speakers(),
    statements: coverage.statements(),
    articles: coverage.corpus.articles,
    skipped: coverage.corpus.skipped,
    summary: coverage.summary(),
  };
}

let corpusDir: string;
let dataDir: string;
let live: LiveCoverage | undefined;

beforeEach(() => {
  corpusDir = mkdtempSync(path.join(tmpdir(), 'snapshot-corpus-'));
  for (const file of readdirSync(seeds)) copyFileSync(path.join(seeds, file), path.join(corpusDir, file));
  dataDir = mkdtempSync(path.join(tmpdir(), 'snapshot-data-'));
});

afterEach(() => {
  live?.close();
  live = undefined;
  rmSync(corpusDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

/** What one run of a process does: load the coverage, then let its snapshot write finish. */
async function runOnce(options: Omit<CoverageLoaderOptions, 'config'>): Promise<Coverage> {
  const load = createCoverageLoader({ ...options, config: coreConfig });
  const coverage = await load(corpusDir);
  await load.saved();
  return coverage;
}

const messages = (log: { notes: Note[] }) => log.notes.map((n) => `${n.level}: ${n.message}`);
const loadedFromSnapshot = (log: { notes: Note[] }) => messages(log).includes('info: coverage loaded from the index snapshot');
const rebuilt = (log: { notes: Note[] }) => messages(log).includes('info: coverage built from the corpus folder');

describe('createCoverageLoader', () => {
  it('saves a snapshot on the first load and answers identically from it on the next', async () => {
    const firstLog = recordingLog();
    const load = createCoverageLoader({ config: coreConfig, dataDir, log: firstLog });
    const built = await load(corpusDir);
    // Handed over first, written after.
    expect(snapshotSize(dataDir, corpusDir)).toBeNull();
    await load.saved();
    expect(rebuilt(firstLog)).toBe(true);
    expect(snapshotSize(dataDir, corpusDir)).toBeGreaterThan(1000);
    expect(path.dirname(snapshotFile(dataDir, corpusDir))).toBe(path.join(dataDir, 'index'));

    // A new loader is what a restarted process has.
    const secondLog = recordingLog();
    const restored = await runOnce({ dataDir, log: secondLog });
    expect(loadedFromSnapshot(secondLog)).toBe(true);
    expect(rebuilt(secondLog)).toBe(false);
    expect(restored).not.toBe(built);
    expect(observable(restored)).toEqual(observable(built));
    // And both agree with a coverage built without any snapshot.
    expect(observable(restored)).toEqual(observable(await loadCoverage(corpusDir, { config: coreConfig })));
  });

  it('rebuilds when an article file changes, and the new text is answered from', async () => {
    await runOnce({ dataDir });
    const first = readdirSync(corpusDir).sort()[0]!;
    appendFileSync(
      path.join(corpusDir, first),
      '\nThe harbour master of Tromsø said on Friday that the new icebreaker would be named Polar Lynx.\n',
    );
    const log = recordingLog();
    const coverage = await runOnce({ dataDir, log });
    expect(log.notes.find((n) => n.message === 'index snapshot is stale; rebuilding it')?.details.reason).toBe('the corpus folder changed');
    expect(rebuilt(log)).toBe(true);
    expect(coverage.ask('What will the new icebreaker be named?').answer).toMatch(/Polar Lynx/);

    // The rewritten snapshot holds the change.
    const again = recordingLog();
    const restored = await runOnce({ dataDir, log: again });
    expect(loadedFromSnapshot(again)).toBe(true);
    expect(restored.ask('What will the new icebreaker be named?').answer).toMatch(/Polar Lynx/);
  });

  it('rebuilds when a file is added or removed', async () => {
    const before = await runOnce({ dataDir });
    writeFileSync(path.join(corpusDir, 'arctic.txt'), arcticArticle);
    const log = recordingLog();
    const added = await runOnce({ dataDir, log });
    expect(rebuilt(log)).toBe(true);
    expect(added.corpus.articles.map((a) => a.id)).toContain('arctic');
    expect(added.version).not.toBe(before.version);

    unlinkSync(path.join(corpusDir, 'arctic.txt'));
    const removedLog = recordingLog();
    const removed = await runOnce({ dataDir, log: removedLog });
    expect(rebuilt(removedLog)).toBe(true);
    expect(removed.corpus.articles.map((a) => a.id)).not.toContain('arctic');
    expect(removed.version).toBe(before.version);
  });

  it('rebuilds with a warning when the snapshot is damaged, and replaces it with a good one', async () => {
    const expected = observable(await runOnce({ dataDir }));
    const file = snapshotFile(dataDir, corpusDir);
    const bytes = readFileSync(file);
    const damaged = Buffer.from(bytes);
    // Flip bytes well inside the payload (past the header).
    for (let i = Math.floor(bytes.length / 2); i < Math.floor(bytes.length / 2) + 16; i++) damaged[i] = damaged[i]! ^ 0xff;
    writeFileSync(file, damaged);

    const log = recordingLog();
    const coverage = await runOnce({ dataDir, log });
    const warning = log.notes.find((n) => n.level === 'warn');
    expect(warning?.message).toBe('index snapshot is corrupt; rebuilding it');
    expect(String(warning?.details.err)).toMatch(/checksum/);
    expect(observable(coverage)).toEqual(expected);

    const next = recordingLog();
    await runOnce({ dataDir, log: next });
    expect(loadedFromSnapshot(next)).toBe(true);
    expect(next.notes.filter((n) => n.level === 'warn')).toEqual([]);
  });

  it.each([
    ['truncated', (bytes: Buffer) => bytes.subarray(0, Math.floor(bytes.length * 0.7))],
    ['empty', () => Buffer.alloc(0)],
    ['not a snapshot', () => Buffer.from('{"this is": "not a snapshot"}')],
    ['a header that is not JSON', (bytes: Buffer) => Buffer.concat([bytes.subarray(0, 12), Buffer.from('garbage'), bytes.subarray(19)])],
  ])('rebuilds with a warning when the snapshot is %s', async (_name, damage) => {
    const expected = observable(await runOnce({ dataDir }));
    const file = snapshotFile(dataDir, corpusDir);
    writeFileSync(file, damage(readFileSync(file)));
    const log = recordingLog();
    const coverage = await runOnce({ dataDir, log });
    expect(log.notes.filter((n) => n.level === 'warn')).toHaveLength(1);
    expect(rebuilt(log)).toBe(true);
    expect(observable(coverage)).toEqual(expected);
  });

  it('rebuilds with a warning, answering as before, when a bit of the header is flipped (section name, section offset, anywhere)', async () => {
    const expected = observable(await runOnce({ dataDir }));
    const file = snapshotFile(dataDir, corpusDir);
    const bytes = readFileSync(file);
    const headerEnd = 16 + bytes.readUInt32LE(8);
    const header = bytes.toString('latin1', 0, headerEnd);
    const offsets = [
      header.indexOf('index.postingStart') + 7, // a section name (the failure seen: "reading '145'" at every ask)
      header.indexOf('"offset":', header.indexOf('index.postingImpact')) + 9, // a section offset (the failure seen: wrong answers)
      9, // the header length
      13, // the header checksum
      Math.floor(headerEnd * 0.6),
    ];
    for (const at of offsets) {
      const damaged = Buffer.from(bytes);
      damaged[at] = damaged[at]! ^ 0x02;
      writeFileSync(file, damaged);
      const log = recordingLog();
      const coverage = await runOnce({ dataDir, log });
      expect(log.notes.filter((n) => n.level === 'warn').map((n) => n.message), `byte ${at}`).toEqual(['index snapshot is unreadable; rebuilding it']);
      expect(observable(coverage), `byte ${at}`).toEqual(expected);
    }
  });

  it('loads an empty corpus folder from its snapshot without a warning', async () => {
    rmSync(corpusDir, { recursive: true, force: true });
    const empty = mkdtempSync(path.join(tmpdir(), 'snapshot-empty-'));
    try {
      const first = createCoverageLoader({ config: coreConfig, dataDir });
      expect((await first(empty)).corpus.articles).toEqual([]);
      await first.saved();
      const log = recordingLog();
      const second = createCoverageLoader({ config: coreConfig, dataDir, log });
      await second(empty);
      expect(log.notes.filter((n) => n.level === 'warn')).toEqual([]);
      expect(loadedFromSnapshot(log)).toBe(true);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('rebuilds a snapshot written under another index format', async () => {
    await runOnce({ dataDir });
    const file = snapshotFile(dataDir, corpusDir);
    const bytes = readFileSync(file);
    // Rewrite the header as an older version of the code would have written it.
    // (signature, header length, header CRC-32, header)
    const headerLength = bytes.readUInt32LE(8);
    const header = JSON.parse(bytes.toString('utf8', 16, 16 + headerLength)) as { indexFormat: number };
    header.indexFormat = INDEX_FORMAT - 1;
    const headerBytes = Buffer.from(JSON.stringify(header));
    const prefix = Buffer.alloc(8);
    prefix.writeUInt32LE(headerBytes.length, 0);
    prefix.writeUInt32LE(crc32(headerBytes), 4);
    writeFileSync(file, Buffer.concat([bytes.subarray(0, 8), prefix, headerBytes, bytes.subarray(16 + headerLength)]));

    const log = recordingLog();
    await runOnce({ dataDir, log });
    const stale = log.notes.find((n) => n.message === 'index snapshot is stale; rebuilding it');
    expect(stale?.details.reason).toBe(`index format ${INDEX_FORMAT - 1}, this code uses ${INDEX_FORMAT}`);
    expect(rebuilt(log)).toBe(true);
    expect(decodeSnapshot(readFileSync(file)).header.indexFormat).toBe(INDEX_FORMAT);
  });

  it('serves the coverage without persisting when the data folder cannot be written, warning once', async () => {
    // A data "folder" that is a file: no folder can be made under it, whoever runs the test.
    const blocked = path.join(dataDir, 'blocked');
    writeFileSync(blocked, 'not a folder');
    const log = recordingLog();
    const load = createCoverageLoader({ config: coreConfig, dataDir: blocked, log });
    const first = await load(corpusDir);
    writeFileSync(path.join(corpusDir, 'arctic.txt'), arcticArticle);
    const second = await load(corpusDir);
    await load.saved();
    expect(first.ask(QUESTIONS[0]!).citations.length).toBeGreaterThan(0);
    expect(second.corpus.articles.map((a) => a.id)).toContain('arctic');
    const warnings = log.notes.filter((n) => n.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toMatch(/cannot write the index snapshot/);
    expect(snapshotSize(blocked, corpusDir)).toBeNull();
  });

  it('leaves no temporary files behind, removes abandoned ones, and keeps one snapshot per corpus folder', async () => {
    const load = createCoverageLoader({ config: coreConfig, dataDir });
    await load(corpusDir);
    await load.saved();
    // One left by a process killed mid-write an hour ago, one that another process is writing now.
    const abandoned = `${snapshotFile(dataDir, corpusDir)}.999.dead.tmp`;
    const inFlight = `${snapshotFile(dataDir, corpusDir)}.998.busy.tmp`;
    writeFileSync(abandoned, 'partial');
    writeFileSync(inFlight, 'partial');
    const anHourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(abandoned, anHourAgo, anHourAgo);
    writeFileSync(path.join(corpusDir, 'arctic.txt'), arcticArticle);
    await load(corpusDir);
    await load.saved();
    expect(readdirSync(path.join(dataDir, 'index'))).toContain(path.basename(inFlight));
    expect(readdirSync(path.join(dataDir, 'index'))).not.toContain(path.basename(abandoned));
    rmSync(inFlight);
    const other = mkdtempSync(path.join(tmpdir(), 'snapshot-other-'));
    try {
      writeFileSync(path.join(other, 'arctic.txt'), arcticArticle);
      await load(other);
      await load.saved();
      const files = readdirSync(path.join(dataDir, 'index')).sort();
      expect(files).toEqual([path.basename(snapshotFile(dataDir, corpusDir)), path.basename(snapshotFile(dataDir, other))].sort());
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('reports a missing corpus folder as loadCoverage does', async () => {
    const missing = path.join(corpusDir, 'no-such-folder');
    await expect(createCoverageLoader({ config: coreConfig, dataDir })(missing)).rejects.toThrow(/does not exist/);
  });

  it('encodes a coverage built in memory and restores it from the bytes alone (what the bench measures)', async () => {
    const parts = buildCoverageParts(await readCorpus(corpusDir, { config: coreConfig }), { config: coreConfig });
    const bytes = Buffer.concat(snapshotChunks(parts));
    const { coverage } = coverageFromSnapshot(bytes, coreConfig);
    expect(observable(coverage)).toEqual(observable(assembleCoverage(parts)));
  });

  it('updates a reload from the changed files only: the rest is neither read nor analysed again, and it answers as a build from scratch', async () => {
    const log = recordingLog();
    const load = createCoverageLoader({ config: coreConfig, dataDir, log });
    const first = await load(corpusDir);
    const names = readdirSync(corpusDir).filter((n) => n.endsWith('.txt')).sort();
    // One file added, one edited, one removed, one given a sidecar that corrects its outlet.
    writeFileSync(path.join(corpusDir, 'arctic.txt'), arcticArticle);
    appendFileSync(path.join(corpusDir, names[0]!), '\nThe harbour master of Tromsø said on Friday that the new icebreaker would be named Polar Lynx.\n');
    unlinkSync(path.join(corpusDir, names[1]!));
    writeFileSync(path.join(corpusDir, names[2]!.replace(/\.txt$/, '.meta.json')), JSON.stringify({ outlet: 'Corrected Wire' }));
    const updated = await load(corpusDir);
    const note = log.notes.find((n) => n.message === 'coverage updated from the changed files');
    expect(note?.details).toMatchObject({ read: 3, added: 1, changed: 2, removed: 1 });
    expect(rebuilt(log)).toBe(true); // the first load only
    expect(log.notes.filter((n) => n.message === 'coverage built from the corpus folder')).toHaveLength(1);
    // Unchanged articles are the very objects read before.
    const untouched = names.slice(3).map((n) => n.replace(/\.txt$/, ''));
    for (const id of untouched) expect(updated.corpus.articles.find((a) => a.id === id)).toBe(first.corpus.articles.find((a) => a.id === id));
    expect(updated.ask('What will the new icebreaker be named?').answer).toMatch(/Polar Lynx/);
    expect(observable(updated)).toEqual(observable(await loadCoverage(corpusDir, { config: coreConfig })));
    // Its snapshot is what the next process starts from.
    await load.saved();
    const restartLog = recordingLog();
    const restarted = await runOnce({ dataDir, log: restartLog });
    expect(loadedFromSnapshot(restartLog)).toBe(true);
    expect(observable(restarted)).toEqual(observable(updated));
    // And an update from a restored snapshot reuses it the same way.
    const load2 = createCoverageLoader({ config: coreConfig, dataDir, log: restartLog });
    await load2(corpusDir);
    writeFileSync(path.join(corpusDir, 'arctic.txt'), arcticArticle.replace('Utsjoki', 'Inari'));
    const again = await load2(corpusDir);
    expect(restartLog.notes.find((n) => n.message === 'coverage updated from the changed files')?.details).toMatchObject({ read: 1, added: 0, changed: 1, removed: 0 });
    expect(observable(again)).toEqual(observable(await loadCoverage(corpusDir, { config: coreConfig })));
  });

  it('feeds the live watcher: a change is picked up and persisted', async () => {
    const log = recordingLog();
    const load = createCoverageLoader({ config: coreConfig, dataDir, log });
    live = await watchCoverage(corpusDir, { debounceMs: 50, load });
    const changed = new Promise<Coverage>((resolve) => {
      const off = live!.onChange((next) => {
        off();
        resolve(next);
      });
    });
    writeFileSync(path.join(corpusDir, 'arctic.txt'), arcticArticle);
    const next = await changed;
    expect(next.corpus.articles.map((a) => a.id)).toContain('arctic');
    await load.saved();
    const restartLog = recordingLog();
    const restarted = await runOnce({ dataDir, log: restartLog });
    expect(loadedFromSnapshot(restartLog)).toBe(true);
    expect(restarted.version).toBe(next.version);
  });
});

describe('snapshotStatus', () => {
  it('is missing before the first build, current after it, and stale (saying why) once the folder changes', async () => {
    const file = snapshotFile(dataDir, corpusDir);
    expect(snapshotStatus(dataDir, corpusDir, { config: coreConfig })).toEqual({ state: 'missing', file });
    await runOnce({ dataDir });
    expect(snapshotStatus(dataDir, corpusDir, { config: coreConfig })).toEqual({ state: 'current', file, bytes: snapshotSize(dataDir, corpusDir) });
    writeFileSync(path.join(corpusDir, 'arctic.txt'), arcticArticle);
    expect(snapshotStatus(dataDir, corpusDir, { config: coreConfig })).toMatchObject({ state: 'stale', reason: 'the corpus folder changed' });
    // The loader agrees: it rebuilds.
    const log = recordingLog();
    await runOnce({ dataDir, log });
    expect(rebuilt(log)).toBe(true);
    expect(snapshotStatus(dataDir, corpusDir, { config: coreConfig }).state).toBe('current');
  });

  it('is unreadable when the file is not a snapshot', () => {
    const file = snapshotFile(dataDir, corpusDir);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, 'not a snapshot');
    expect(snapshotStatus(dataDir, corpusDir, { config: coreConfig })).toMatchObject({ state: 'unreadable', file });
  });
});
