import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCoreConfig, projectRoot } from '../../src/config/index.js';
import { loadCoverage, type Coverage } from '../../src/core/index.js';
import { latestFor } from '../../src/service/index.js';

let seeds: Coverage;
beforeAll(async () => {
  seeds = await loadCoverage(path.join(projectRoot, 'seeds'), { config: loadCoreConfig() });
});

describe('latestFor: a typed /latest query', () => {
  it('lists everyone’s newest statements when nothing is typed', () => {
    const { statements, request } = latestFor(seeds, '  ');
    expect(request).toEqual({ matchedAs: 'all' });
    expect(new Set(statements.map((s) => s.speaker)).size).toBeGreaterThan(1);
  });

  it('reads a name the coverage knows as a speaker, with or without "speaker:"', () => {
    for (const typed of ['Peskov', 'speaker:Peskov', 'Speaker: Peskov']) {
      const { statements, request } = latestFor(seeds, typed);
      expect(request).toEqual({ query: 'Peskov', matchedAs: 'speaker' });
      expect(statements.length).toBeGreaterThan(0);
      expect(statements.every((s) => /Peskov/.test(s.speaker ?? ''))).toBe(true);
    }
  });

  it('reads other words as a topic, and "topic:" even when they name a speaker', () => {
    const ceasefire = latestFor(seeds, 'ceasefire');
    expect(ceasefire.request).toEqual({ query: 'ceasefire', matchedAs: 'topic' });
    expect(ceasefire.statements.length).toBeGreaterThan(0);
    const topic = latestFor(seeds, 'topic: Trump');
    expect(topic.request).toEqual({ query: 'Trump', matchedAs: 'topic' });
    expect(latestFor(seeds, 'Trump').request.matchedAs).toBe('speaker');
    expect(topic.statements.some((s) => !/Trump/.test(s.speaker ?? ''))).toBe(true);
  });

  it('finds nothing for "speaker:" and a name nobody in the coverage has, rather than guessing a topic', () => {
    const { statements, request } = latestFor(seeds, 'speaker: Nobody Atall');
    expect(request).toEqual({ query: 'Nobody Atall', matchedAs: 'speaker' });
    expect(statements).toHaveLength(0);
  });
});
