import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusVersion } from '../../src/core/coverage.js';
import { readCorpus } from '../../src/core/ingest/index.js';
import { loadCoreConfig } from '../../src/config/index.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();

const seeds = path.resolve(import.meta.dirname, '../../seeds');

describe('corpusVersion', () => {
  it('is the same for the same corpus and changes with any field a citation shows', async () => {
    const corpus = await readCorpus(seeds, { config: coreConfig });
    const version = corpusVersion(corpus);
    expect(corpusVersion(await readCorpus(seeds, { config: coreConfig }))).toBe(version);
    const [first, ...rest] = corpus.articles;
    for (const change of [{ outlet: 'Another Outlet' }, { url: 'https://example.org/a' }, { author: 'A. Writer' }, { title: 'Another headline' }]) {
      expect(corpusVersion({ ...corpus, articles: [{ ...first!, ...change }, ...rest] })).not.toBe(version);
    }
  });
});
