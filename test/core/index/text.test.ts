import { describe, expect, it } from 'vitest';
import { writtenForms } from '../../../src/core/index/index.js';

describe('writtenForms', () => {
  it('gives the words as written, folded, without clitics, numbers or punctuation', () => {
    expect([...writtenForms('Russia’s Results: 4.5 PCT, résumés resulting. U.S. firms')]).toEqual([
      'russia',
      'results',
      'pct',
      'resumes',
      'resulting',
      'u.s.',
      'firms',
    ]);
  });
});
