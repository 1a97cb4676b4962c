import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../../src/core/ingest/types.js';
import { readCorpus } from '../../../src/core/ingest/index.js';
import { buildIndex } from '../../../src/core/index/index.js';
import type { PassageIndex } from '../../../src/core/index/types.js';
import { countSpeakers, extractStatements, findStatements, selectLatest, speakerInText, type Statement } from '../../../src/core/statements/index.js';
import { loadCoreConfig } from '../../../src/config/index.js';
import { configured } from '../../../src/core/config.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();
const coreAnalyzer = configured(coreConfig).analyzer;
const speakers = configured(coreConfig).speakers;

const root = path.resolve(import.meta.dirname, '../../..');
let articles: Article[];
let statements: Statement[];
let index: PassageIndex;
beforeAll(async () => {
  articles = (await readCorpus(path.join(root, 'seeds'), { config: coreConfig })).articles;
  statements = extractStatements(articles, { config: coreConfig });
  index = buildIndex(articles, { analyzer: coreAnalyzer });
});

describe('selectLatest', () => {
  it('lists the newest article’s statements first when nothing is filtered', () => {
    const newest = [...articles].filter((a) => a.published).sort((a, b) => (b.published! < a.published! ? -1 : 1))[0]!;
    const latest = selectLatest(statements, index, {}, speakers);
    expect(latest[0]!.citations.map((c) => c.article)).toContain(newest.id);
  });

  it('orders by said_on, then published, with unknown dates last', () => {
    const all = selectLatest(statements, index, { limit: 1000 }, speakers);
    const keys = all.map((s) => `${s.said_on ?? '0000'}|${s.published ?? '0000'}`);
    expect(keys).toEqual([...keys].sort().reverse());
    expect(all.at(-1)!.said_on).toBeNull();
  });

  it('limits to 10 by default and to the limit given', () => {
    expect(selectLatest(statements, index, {}, speakers)).toHaveLength(10);
    expect(selectLatest(statements, index, { limit: 3 }, speakers)).toHaveLength(3);
  });

  it('filters by a surname in any case', () => {
    const peskov = selectLatest(statements, index, { speaker: 'peskov', limit: 100 }, speakers);
    expect(peskov.length).toBeGreaterThan(5);
    expect(peskov.every((s) => s.speaker === 'Dmitry Peskov')).toBe(true);
  });

  it('filters by another spelling of the name', () => {
    const shoigu = selectLatest(statements, index, { speaker: 'Sergei Shoigu', limit: 100 }, speakers);
    expect(shoigu.length).toBeGreaterThan(0);
    expect(shoigu.every((s) => s.speaker === 'Sergey Shoygu')).toBe(true);
  });

  it('filters by role', () => {
    const spokesman = selectLatest(statements, index, { speaker: 'Kremlin spokesman', limit: 100 }, speakers);
    expect(spokesman.map((s) => s.speaker)).toContain('Dmitry Peskov');
    expect(spokesman.every((s) => s.speaker === 'Dmitry Peskov')).toBe(true);
  });

  it('ignores diacritics in the speaker asked for', () => {
    expect(selectLatest(statements, index, { speaker: 'Ushakóv' }, speakers).length).toBeGreaterThan(0);
  });

  it('keeps only statements since a date', () => {
    const since = selectLatest(statements, index, { since: '2025-07-01', limit: 100 }, speakers);
    expect(since.length).toBeGreaterThan(0);
    expect(since.every((s) => (s.said_on ?? s.published)! >= '2025-07-01')).toBe(true);
  });

  it('ranks by topic before recency', () => {
    const istanbul = selectLatest(statements, index, { topic: 'Istanbul platform negotiations', limit: 3 }, speakers);
    expect(istanbul[0]!.quote).toMatch(/Istanbul/);
  });
});

describe('countSpeakers', () => {
  it('counts statements per speaker, most quoted first', () => {
    const speakers = countSpeakers(statements);
    expect(speakers[0]).toMatchObject({ speaker: 'Dmitry Peskov', role: 'Kremlin spokesman' });
    const counts = speakers.map((s) => s.statements);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(speakers.reduce((n, s) => n + s.statements, 0)).toBe(statements.filter((s) => s.speaker).length);
  });
});

describe('findStatements', () => {
  it('answers what a speaker said about a topic', () => {
    const found = findStatements(statements, index, { speaker: 'Shoygu', topic: 'Istanbul' }, speakers);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((s) => s.speaker === 'Sergey Shoygu')).toBe(true);
    expect(found[0]!.quote).toMatch(/Istanbul/);
  });

  it('finds the speaker a question names, in any spelling', () => {
    expect(speakerInText('What did Shoigu say about Istanbul?', statements, speakers)).toBe('Sergey Shoygu');
    expect(speakerInText('what has the kremlin said lately', statements, speakers)).toBe('Kremlin');
    expect(speakerInText('What is the weather like?', statements, speakers)).toBeNull();
  });
});

describe('speakerInText with roles', () => {
  it('finds the speaker a role in the question stands for', () => {
    expect(speakerInText('What did the Kremlin spokesman say about Istanbul?', statements, speakers)).toBe('Dmitry Peskov');
  });
});

describe('speaker filter precision', () => {
  it('does not take a role naming someone else for that person', () => {
    const putin = selectLatest(statements, index, { speaker: 'Putin', limit: 100 }, speakers);
    expect(putin.every((s) => s.speaker === 'Vladimir Putin')).toBe(true);
  });

  it('matches the beginning of a name', () => {
    expect(selectLatest(statements, index, { speaker: 'pesk', limit: 100 }, speakers).every((s) => s.speaker === 'Dmitry Peskov')).toBe(true);
    expect(selectLatest(statements, index, { speaker: 'pesk' }, speakers).length).toBeGreaterThan(0);
  });
});
