import MiniSearch from 'minisearch';
import type { Article } from '../src/core/ingest/types.js';
import { citationOf } from '../src/core/qa/citations.js';
import type { Answer } from '../src/core/qa/types.js';

/**
 * The plain baseline every scorer must beat: MiniSearch 7 with its defaults over the sentences
 * (passages) of the coverage; the top sentence is the answer, and it never abstains.
 */
export function miniSearchBaseline(articles: readonly Article[]): (question: string) => Answer {
  const engine = new MiniSearch<{ id: string; text: string }>({ fields: ['text'] });
  const passages = new Map<string, { article: Article; index: number }>();
  for (const article of articles) {
    article.passages.forEach((passage, index) => passages.set(passage.id, { article, index }));
    engine.addAll(article.passages.map((p) => ({ id: p.id, text: p.text })));
  }
  return (question) => {
    const top = engine.search(question)[0];
    const found = top ? passages.get(String(top.id)) : undefined;
    if (!found) return { question, answer: 'nothing found', confident: false, citations: [], type: 'other' };
    const passage = found.article.passages[found.index]!;
    return { question, answer: passage.text, confident: true, citations: [citationOf(found.article, passage)], type: 'other' };
  };
}
