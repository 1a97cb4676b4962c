import { mkdtempSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { corpusFingerprint, fingerprintChanges } from '../../../src/core/snapshot/fingerprint.js';
import { loadCoreConfig } from '../../../src/config/index.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();

describe('corpusFingerprint', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'fingerprint-'));
    writeFileSync(path.join(dir, 'a.txt'), 'Alpha\n\nText.');
    writeFileSync(path.join(dir, 'b.txt'), 'Beta\n\nText.');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stays the same while nothing changes and ignores subfolders', () => {
    const before = corpusFingerprint(dir, { config: coreConfig });
    mkdirSync(path.join(dir, 'data'));
    writeFileSync(path.join(dir, 'data', 'x.snapshot'), 'x');
    expect(corpusFingerprint(dir, { config: coreConfig })).toEqual(before);
  });

  it('changes when a file is edited, touched, added, removed, or a sidecar appears', () => {
    const seen = new Set([corpusFingerprint(dir, { config: coreConfig }).corpus]);
    const step = (change: () => void) => {
      change();
      const next = corpusFingerprint(dir, { config: coreConfig }).corpus;
      expect(seen.has(next)).toBe(false);
      seen.add(next);
    };
    step(() => writeFileSync(path.join(dir, 'a.txt'), 'Alpha\n\nOther text, longer.'));
    step(() => utimesSync(path.join(dir, 'b.txt'), new Date(2001, 1, 1), new Date(2001, 1, 1)));
    step(() => writeFileSync(path.join(dir, 'c.md'), '# Gamma\n\nText.'));
    step(() => writeFileSync(path.join(dir, 'c.meta.json'), '{"outlet":"Example"}'));
    step(() => rmSync(path.join(dir, 'b.txt')));
  });

  it('depends on the ingestion limits and on the configuration value, not on where it was read from', () => {
    const base = corpusFingerprint(dir, { config: coreConfig });
    expect(fingerprintChanges(base, corpusFingerprint(dir, { config: coreConfig, maxFileBytes: 1000 }))).toBe('the corpus folder changed');
    const withRelated = { ...coreConfig, related: [...coreConfig.related, ['car', 'automobile']] };
    const changed = corpusFingerprint(dir, { config: withRelated });
    expect(fingerprintChanges(base, changed)).toBe('the configuration changed');
    expect(fingerprintChanges(changed, corpusFingerprint(dir, { config: structuredClone(withRelated) }))).toBeNull();
    expect(fingerprintChanges(base, corpusFingerprint(dir, { config: loadCoreConfig() }))).toBeNull();
  });
});

describe('fingerprintChanges', () => {
  const base = { corpus: 'c1', config: 'k1', code: 'x1' };

  it('is null for equal fingerprints and names every part that differs, in order', () => {
    expect(fingerprintChanges(base, { ...base })).toBeNull();
    expect(fingerprintChanges(base, { ...base, code: 'x2' })).toBe('the code changed');
    expect(fingerprintChanges(base, { corpus: 'c2', config: 'k2', code: 'x2' })).toBe('the corpus folder, the configuration, the code changed');
  });
});

describe('corpusFingerprint over several folders', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'fingerprint-folders-'));
    for (const name of ['one', 'two']) {
      mkdirSync(path.join(root, name));
      writeFileSync(path.join(root, name, 'a.txt'), `${name}\n\nText.`);
    }
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('depends on which folders are read and in what order', () => {
    const [one, two] = [path.join(root, 'one'), path.join(root, 'two')];
    const both = corpusFingerprint([one, two], { config: coreConfig });
    expect(corpusFingerprint([one, two], { config: coreConfig })).toEqual(both);
    expect(corpusFingerprint([two, one], { config: coreConfig }).corpus).not.toBe(both.corpus);
    expect(corpusFingerprint(one, { config: coreConfig }).corpus).not.toBe(both.corpus);
    expect(corpusFingerprint(one, { config: coreConfig }).code).toBe(both.code);
  });

  it('throws for a missing folder', () => {
    expect(() => corpusFingerprint(path.join(root, 'nowhere'), { config: coreConfig })).toThrow(/ENOENT/);
  });
});
