import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LEXICON_DIR, LexiconDataError, lexicalDataProblem, loadWordNet, loadWordVectors } from '../../../src/core/lexicon/index.js';

// The data is built by `npm run build` (vitest's pretest runs it); these tests read the real files.

describe('WordNet', () => {
  const wordnet = loadWordNet();

  it('relates a country to its adjective and back (pertainyms)', () => {
    expect(wordnet.related('russian')).toContain('russia');
    expect(wordnet.related('russia')).toContain('russian');
    expect(wordnet.related('Ukraine')).toContain('ukrainian');
  });

  it('relates a verb to its nouns (derivations)', () => {
    expect(wordnet.related('negotiate')).toEqual(expect.arrayContaining(['negotiation', 'negotiator']));
    expect(wordnet.related('negotiation')).toContain('negotiate');
  });

  it('gives synonyms from frequent senses, not the word itself', () => {
    expect(wordnet.related('truce')).toEqual(expect.arrayContaining(['armistice', 'ceasefire']));
    expect(wordnet.related('say')).toContain('state');
    expect(wordnet.related('say')).not.toContain('say');
  });

  it('finds the lemma of an inflected form and of a closed-up hyphenated word', () => {
    expect(wordnet.related('negotiations')).toContain('negotiate');
    expect(wordnet.related('ceasefire')).toContain('truce');
  });

  it('returns nothing for an unknown word', () => {
    expect(wordnet.related('zzqxv')).toEqual([]);
    expect(wordnet.related('')).toEqual([]);
  });
});

describe('word vectors', () => {
  const vectors = loadWordVectors();

  it('has 100 dimensions and unit-length vectors', () => {
    expect(vectors.dims).toBe(100);
    const v = vectors.vector('government')!;
    const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    expect(norm).toBeCloseTo(1, 1);
  });

  it('scores related words above unrelated ones', () => {
    expect(vectors.similarity('ceasefire', 'truce')).toBeGreaterThan(0.7);
    expect(vectors.similarity('month', 'week')).toBeGreaterThan(0.7);
    expect(vectors.similarity('ceasefire', 'truce')).toBeGreaterThan(vectors.similarity('ceasefire', 'banana') + 0.4);
    expect(vectors.similarity('Peace', 'peace')).toBeCloseTo(1, 2);
  });

  it('knows frequent words and gives 0 for unknown ones', () => {
    expect(vectors.has('kremlin')).toBe(true);
    expect(vectors.has('zzqxvplk')).toBe(false);
    expect(vectors.vector('zzqxvplk')).toBeUndefined();
    expect(vectors.similarity('zzqxvplk', 'peace')).toBe(0);
  });

  it('is loaded once per process', () => {
    expect(loadWordVectors()).toBe(vectors);
  });
});

describe('built data', () => {
  it('loads fast enough to sit on the CLI start-up path', () => {
    // Generous bound (the README gives the measured figure): a JSON parse of the source would take seconds.
    const dir = mkdtempSync(join(tmpdir(), 'lexicon-'));
    const copy = join(dir, 'vectors.bin');
    writeFileSync(copy, readFileSync(join(LEXICON_DIR, 'vectors.bin')));
    const started = performance.now();
    expect(loadWordVectors(copy).similarity('war', 'conflict')).toBeGreaterThan(0.5);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('says how to rebuild when the data is missing', () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'lexicon-')), 'vectors.bin');
    expect(() => loadWordVectors(missing)).toThrow(LexiconDataError);
    expect(() => loadWordNet(missing)).toThrow(/npm run build/);
  });

  it('refuses a damaged file with the same advice', () => {
    const damaged = join(mkdtempSync(join(tmpdir(), 'lexicon-')), 'wordnet.bin');
    writeFileSync(damaged, 'not a lexicon');
    expect(() => loadWordNet(damaged)).toThrow(/npm run build:lexicon/);
  });
});

describe('lexicalDataProblem', () => {
  it('is null when the built WordNet and word vectors load, and says what is missing otherwise', () => {
    expect(lexicalDataProblem()).toBeNull();
    expect(lexicalDataProblem(mkdtempSync(join(tmpdir(), 'no-lexicon-')))).toMatch(/missing; run `npm run build`/);
  });
});
