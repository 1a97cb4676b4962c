import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../../src/core/index/index.js';
import { buildLexicon, defaultLexicon, surnameSpellings } from '../../../src/core/statements/index.js';

const root = path.resolve(import.meta.dirname, '../../..');
const speech = JSON.parse(readFileSync(path.join(root, 'config/speech.json'), 'utf8'));

describe('name spellings kept once, in the gazetteer', () => {
  it('groups the surname spellings of each person, canonical first', () => {
    const lexicon = buildLexicon(
      {
        people: [
          { name: 'Sergey Shoygu', variants: ['Sergei Shoigu', 'Sergey Shoigu'] },
          { name: 'Kim Jong Un', variants: ['Kim Jong-un'] },
          { name: 'Dmitry Peskov', variants: ['Dmitri Peskov'] },
        ],
      },
      speech,
    );
    expect(surnameSpellings(lexicon.people)).toEqual([['shoygu', 'shoigu']]);
  });

  it('leaves no person’s name to config/variants.json', () => {
    const groups: string[][] = JSON.parse(readFileSync(path.join(root, 'config/variants.json'), 'utf8')).groups;
    const surnames = new Set(defaultLexicon().people.flatMap((p) => p.surnames.map((s) => s.toLowerCase())));
    const duplicated = groups.flat().filter((form) => surnames.has(form));
    expect(duplicated).toEqual([]);
  });

  it('gives the search index the gazetteer’s spellings', () => {
    const analyzer = createAnalyzer();
    expect(analyzer.terms('Shoigu Zelenskyy Peskoff')).toEqual(analyzer.terms('Shoygu Zelensky Peskov'));
    expect(analyzer.terms('Kiev')).toEqual(analyzer.terms('Kyiv'));
  });
});
