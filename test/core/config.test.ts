import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCoreConfig, projectRoot } from '../../src/config/index.js';
import { configured, loadCoverage, readCorpus, type CoreConfig, type Coverage } from '../../src/core/index.js';

/** The project's configuration (config/), as the bot reads it. */
const projectConfig = loadCoreConfig(path.join(projectRoot, 'config'));

/**
 * The project's configuration plus what only this value knows: one more spelling of Dmitry
 * Peskov's name (no file in config/ has "Peskow") and one more outlet.
 */
const ownConfig: CoreConfig = {
  ...projectConfig,
  people: projectConfig.people.map((p) => (p.name === 'Dmitry Peskov' ? { ...p, variants: [...p.variants, 'Dmitri Peskow'] } : p)),
  outlets: [...projectConfig.outlets, { name: 'Example Gazette', domains: ['gazette.example'], aliases: [] }],
};

describe('the core takes its configuration as a value', () => {
  let withProject: Coverage;
  let withOwn: Coverage;
  beforeAll(async () => {
    const seeds = path.join(projectRoot, 'seeds');
    [withProject, withOwn] = await Promise.all([loadCoverage(seeds, { config: projectConfig }), loadCoverage(seeds, { config: ownConfig })]);
  });

  it('finds a speaker by a spelling of the name only the value knows', () => {
    expect(withProject.latest({ speaker: 'Peskow' })).toEqual([]);
    const latest = withOwn.latest({ speaker: 'Peskow', limit: 100 });
    expect(latest.length).toBeGreaterThan(0);
    expect(latest.every((s) => s.speaker === 'Dmitry Peskov')).toBe(true);
  });

  it('searches that spelling as the name it spells', () => {
    const { analyzer } = configured(ownConfig);
    expect(analyzer.terms('Peskow')).toEqual(analyzer.terms('Peskov'));
    expect(configured(projectConfig).analyzer.terms('Peskow')).not.toEqual(analyzer.terms('Peskov'));
  });

  it('keeps the value it was built with, and answers the same from the same text otherwise', () => {
    expect(withOwn.config).toBe(ownConfig);
    expect(withOwn.version).toBe(withProject.version);
    expect(withOwn.ask('What did Peskov say about Istanbul?')).toEqual(withProject.ask('What did Peskov say about Istanbul?'));
  });

  describe('ingestion', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'core-config-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('names an outlet only the value knows', async () => {
      const paragraph = 'The harbour board met on Monday and agreed to extend the night shifts for another month, officials said.';
      writeFileSync(
        path.join(dir, 'page.html'),
        `<html><head><title>Harbour shifts extended</title><link rel="canonical" href="https://www.gazette.example/news/harbour"></head>` +
          `<body><article><h1>Harbour shifts extended</h1><p>${paragraph}</p><p>${paragraph}</p></article></body></html>`,
      );
      const [own, project] = await Promise.all([readCorpus(dir, { config: ownConfig }), readCorpus(dir, { config: projectConfig })]);
      expect(own.articles[0]?.outlet).toBe('Example Gazette');
      expect(project.articles[0]?.outlet).toBe('gazette.example');
    });
  });
});
