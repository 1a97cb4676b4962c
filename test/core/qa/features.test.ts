import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCorpus } from '../../../src/core/ingest/index.js';
import { buildIndex, type PassageIndex } from '../../../src/core/index/index.js';
import { candidateFeatures, novelShareOf, questionContextOf, vectorAlignment, weightedShare, type QuestionTerm } from '../../../src/core/qa/features.js';
import { shapeQuestion } from '../../../src/core/qa/question.js';
import { answerQuestion } from '../../../src/core/qa/index.js';
import { loadCoreConfig } from '../../../src/config/index.js';
import { configured } from '../../../src/core/config.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();
const coreAnalyzer = configured(coreConfig).analyzer;

const seedsDir = path.resolve(import.meta.dirname, '../../../seeds');
let index: PassageIndex;
beforeAll(async () => {
  index = buildIndex((await readCorpus(seedsDir, { config: coreConfig })).articles, { analyzer: coreAnalyzer });
});

describe('feature functions', () => {
  const term = (text: string, idf: number): QuestionTerm => ({
    term: { term: text, text, id: 1, idf, weight: 1, proper: false, kind: 'word', pos: 'NOUN' },
    synonyms: [],
    key: true,
    mass: idf,
  });
  it('weighs the share of question terms by IDF', () => {
    const terms = [term('rare', 3), term('common', 1)];
    expect(weightedShare(terms, (t) => t.term.text === 'rare')).toBeCloseTo(0.75);
    expect(weightedShare([], () => true)).toBe(1);
  });
  it('aligns words by their vectors, and counts a present word fully', () => {
    const vectors = { has: () => true, similarity: (a: string, b: string) => (a === 'talks' && b === 'negotiations' ? 0.8 : 0.1) };
    const aligned = vectorAlignment([{ word: 'talks', idf: 1, present: false }, { word: 'kremlin', idf: 1, present: true }], ['negotiations', 'kremlin'], vectors);
    expect(aligned.all).toBeCloseTo(0.9);
    expect(aligned.missing).toBeCloseTo(0.8);
    expect(vectorAlignment([{ word: 'talks', idf: 1, present: false }], ['x'], undefined).all).toBe(0);
  });
  it('measures how much of a sentence the question does not already say', () => {
    expect(novelShareOf(['strike', 'lasted', 'three', 'weeks', 'of'], new Set(['strike', 'lasted']))).toBeCloseTo(0.5);
    expect(novelShareOf([], new Set())).toBe(0);
  });
  it('gives every candidate the same named record, with shares between 0 and 1', () => {
    const shape = shapeQuestion('On which day was the proposed round of Istanbul talks?');
    const query = index.analyze(shape.text);
    const hits = index.searchAnalyzed(query, { limit: 5 });
    const features = candidateFeatures(index, questionContextOf(shape, query), hits);
    expect(features).toHaveLength(hits.length);
    expect(features[0]!.bm25RatioBest).toBe(1);
    for (const f of features) {
      for (const name of ['coverSentence', 'coverParagraph', 'coverArticle', 'keyMissingContext', 'novelShare'] as const) {
        expect(f[name]).toBeGreaterThanOrEqual(0);
        expect(f[name]).toBeLessThanOrEqual(1);
      }
      expect(f.coverArticle).toBeGreaterThanOrEqual(f.coverSentence);
    }
  });
});

describe('yes/no questions', () => {
  it('does not answer "Did Peskov resign?" with an unrelated sentence', () => {
    const answer = answerQuestion(index, 'Did Peskov resign?');
    expect(answer.confident).toBe(false);
  });
});
