import { describe, expect, it } from 'vitest';
import { foldText } from '../../../src/core/ingest/fold.js';
import { foldText as indexFold } from '../../../src/core/index/index.js';
import { comparableText } from '../../../src/core/ingest/normalize.js';

describe('foldText', () => {
  it('lowercases, drops diacritics and compatibility forms, and unifies quotes and dashes', () => {
    expect(foldText('Erdoğan’s “Zelenskyy” — Kyiv‐based ﬁrm')).toBe('erdogan\'s "zelenskyy" - kyiv-based firm');
  });

  it('is the one folding: the index and the ingest comparison of lines build on it', () => {
    expect(indexFold).toBe(foldText);
    expect(comparableText('Erdoğan’s  “Zelenskyy” — KYIV')).toBe('erdogan s zelenskyy kyiv');
  });
});
