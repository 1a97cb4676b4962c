import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../../src/core/index/index.js';
import type { Article } from '../../../src/core/ingest/types.js';
import { answerQuestion } from '../../../src/core/qa/answer.js';
import { bylineOf } from '../../../src/core/qa/compose.js';
import { shapeQuestion } from '../../../src/core/qa/question.js';
import { loadCoreConfig } from '../../../src/config/index.js';
import { configured } from '../../../src/core/config.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();
const coreAnalyzer = configured(coreConfig).analyzer;

/** An article whose paragraphs are lists of sentences, one passage per sentence. */
function articleOf(id: string, paragraphs: string[][], meta: Partial<Article> = {}): Article {
  const body = paragraphs.map((sentences) => sentences.join(' ')).join('\n\n');
  const passages: Article['passages'] = [];
  let at = 0;
  paragraphs.forEach((sentences, paragraph) => {
    for (const text of sentences) {
      const start = body.indexOf(text, at);
      at = start + text.length;
      passages.push({ id: `${id}#${passages.length}`, articleId: id, index: passages.length, paragraph, text, start, end: at });
    }
  });
  return {
    id, outlet: 'Harbour Herald', title: `Story ${id}`, subtitle: null, author: null, published: '2025-03-01', url: null,
    file: `${id}.txt`, body, passages, ...meta,
  };
}

const index = buildIndex([
  articleOf('bridge', [
    ['The council voted to close the old swing bridge over the canal for repairs.'],
    [
      'Engineers found corrosion in the bridge cables last winter.',
      'It will reopen in September 2026, the council said.',
    ],
    ['The mayor said the closure would hurt shops near the canal.', '"Traders will suffer for a year," Mayor Ilse Varga said.'],
  ], { title: 'Council shuts canal swing bridge for cable repairs', author: 'Tomas Brink' }),
  articleOf('ferry', [
    ['A ferry service will carry pedestrians across the canal during the works.'],
    ['Tickets will cost two euros, the operator said.'],
    ['The operator will also add a late crossing for commuters.', 'The new crossing starts on Monday.'],
  ], { title: 'Ferry to replace closed bridge' }),
  articleOf('zoo', [
    ['The city zoo welcomed twin panda cubs on Friday.'],
    ['Keepers said the cubs were healthy and feeding well.'],
  ], { title: 'Twin pandas born at city zoo', outlet: 'City Times' }),
], { analyzer: coreAnalyzer });

describe('composing an answer from neighbouring sentences', () => {
  it('joins a sentence that opens with a pronoun to the sentence it refers back to', () => {
    const answer = answerQuestion(index, 'When will the bridge reopen?');
    expect(answer.confident).toBe(true);
    expect(answer.answer).toContain('Engineers found corrosion in the bridge cables');
    expect(answer.answer).toContain('September 2026');
  });

  it('adds the direct quote that follows reported speech', () => {
    const answer = answerQuestion(index, 'Did the mayor think the closure would hurt shops?');
    expect(answer.confident).toBe(true);
    expect(answer.answer).toMatch(/hurt shops.*"Traders will suffer for a year," Mayor Ilse Varga said\./);
  });

  it('answers a when-question from the sentence of the paragraph that holds the time', () => {
    const answer = answerQuestion(index, 'When will the operator add a late crossing for commuters?');
    expect(answer.confident).toBe(true);
    expect(answer.answer).toBe('The operator will also add a late crossing for commuters. The new crossing starts on Monday.');
  });

  it('keeps a joined answer within the length limit', () => {
    const answer = answerQuestion(index, 'When will the bridge reopen?', { maxAnswerLength: 80 });
    expect(answer.answer.length).toBeLessThanOrEqual(80);
  });
});

describe('byline questions', () => {
  it('reads "who wrote / which reporter wrote / who reported the story" as a byline question', () => {
    expect(shapeQuestion('Who wrote the story about the bridge closure?').asksForByline).toBe(true);
    expect(shapeQuestion('Which reporter wrote that the bridge would close?').asksForByline).toBe(true);
    expect(shapeQuestion('Who reported the story that the bridge would close?').asksForByline).toBe(true);
    expect(shapeQuestion('Which news agency reported the mayor’s remarks?').asksForByline).toBe(false);
    expect(shapeQuestion('Who said the closure would hurt shops?').asksForByline).toBe(false);
  });

  it('answers with the author and outlet of the article the rest of the question finds', () => {
    const answer = answerQuestion(index, 'Who wrote the story about the swing bridge closing for cable repairs?');
    expect(answer.confident).toBe(true);
    expect(answer.answer).toContain('Tomas Brink');
    expect(answer.answer).toContain('Harbour Herald');
    expect(answer.citations.map((c) => c.article)).toEqual(['bridge']);
  });

  it('says that an article names no author rather than guessing one', () => {
    const answer = answerQuestion(index, 'Who reported the story that twin panda cubs were born at the zoo?');
    expect(answer.confident).toBe(true);
    expect(answer.answer).toBe('“Twin pandas born at city zoo” was published by City Times and names no author.');
  });

  it('abstains when no article is about what the question describes', () => {
    const answer = answerQuestion(index, 'Who wrote the analysis of the airport runway expansion?');
    expect(answer.confident).toBe(false);
  });

  it('names what the metadata lacks', () => {
    const bare = articleOf('bare', [['Text.']], { outlet: null, title: 'Bare' });
    expect(bylineOf(bare)).toBe('“Bare” names no outlet and no author.');
  });
});
