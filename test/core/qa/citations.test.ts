import { describe, expect, it } from 'vitest';
import type { Article, Passage } from '../../../src/core/ingest/types.js';
import type { SearchHit } from '../../../src/core/index/index.js';
import { citationOf, citationsOf } from '../../../src/core/qa/citations.js';

const passage = (articleId: string, index: number, text: string): Passage => ({
  id: `${articleId}#${index}`,
  articleId,
  index,
  paragraph: index,
  text,
  start: 0,
  end: text.length,
});
const article = (id: string, passages: Passage[]): Article => ({
  id,
  outlet: 'Reuters',
  title: `Title of ${id}`,
  subtitle: null,
  author: null,
  published: '2025-05-29',
  url: `https://example.com/${id}`,
  file: `${id}.txt`,
  body: passages.map((p) => p.text).join('\n\n'),
  passages,
});
const hit = (a: Article, index: number): { hit: SearchHit } => ({ hit: { article: a, passage: a.passages[index]!, ordinal: index, score: 1 } as SearchHit });

describe('citationsOf', () => {
  const a = article('a', [passage('a', 0, 'First **bold** [link](https://x.test) text.'), passage('a', 1, 'Second.')]);
  const b = article('b', [passage('b', 0, 'Other story.')]);
  const c = article('c', [passage('c', 0, 'Third story.')]);

  it('cites each article once, in the candidates’ order, with the passage that put it there', () => {
    const citations = citationsOf([hit(a, 1), hit(b, 0), hit(a, 0), hit(c, 0)], 5);
    expect(citations.map((x) => [x.article, x.passageId])).toEqual([['a', 'a#1'], ['b', 'b#0'], ['c', 'c#0']]);
  });

  it('stops at the limit', () => {
    expect(citationsOf([hit(a, 0), hit(b, 0), hit(c, 0)], 2).map((x) => x.article)).toEqual(['a', 'b']);
  });
});

describe('citationOf', () => {
  it('carries the article’s metadata and the passage as a reader sees it (markdown reduced to its words)', () => {
    const a = article('a', [passage('a', 0, 'First **bold** [link](https://x.test) text.')]);
    expect(citationOf(a, a.passages[0]!)).toEqual({
      article: 'a',
      outlet: 'Reuters',
      title: 'Title of a',
      published: '2025-05-29',
      url: 'https://example.com/a',
      quote: 'First bold link text.',
      passageId: 'a#0',
    });
  });
});
