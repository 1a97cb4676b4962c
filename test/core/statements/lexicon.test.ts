import { describe, expect, it } from 'vitest';
import { loadCoreConfig } from '../../../src/config/index.js';
import { configured } from '../../../src/core/config.js';
import { buildLexicon, surnameSpellings } from '../../../src/core/statements/index.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();

describe('name spellings kept once, in the gazetteer', () => {
  it('groups the surname spellings of each person, canonical first', () => {
    const lexicon = buildLexicon(
      [
        { name: 'Sergey Shoygu', variants: ['Sergei Shoigu', 'Sergey Shoigu'], roles: [] },
        { name: 'Kim Jong Un', variants: ['Kim Jong-un'], roles: [] },
        { name: 'Dmitry Peskov', variants: ['Dmitri Peskov'], roles: [] },
      ],
      coreConfig.speech,
    );
    expect(surnameSpellings(lexicon.people)).toEqual([['shoygu', 'shoigu']]);
  });

  it('leaves no person’s name to config/variants.json', () => {
    const surnames = new Set(configured(coreConfig).speakers.people.flatMap((p) => p.surnames.map((s) => s.toLowerCase())));
    const duplicated = coreConfig.spellings.flat().filter((form) => surnames.has(form));
    expect(duplicated).toEqual([]);
  });

  it('gives the search index the gazetteer’s spellings', () => {
    const analyzer = configured(coreConfig).analyzer;
    expect(analyzer.terms('Shoigu Zelenskyy Peskoff')).toEqual(analyzer.terms('Shoygu Zelensky Peskov'));
    expect(analyzer.terms('Kiev')).toEqual(analyzer.terms('Kyiv'));
  });
});
