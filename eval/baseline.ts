import MiniSearch from 'minisearch';
import type { Article } from '../src/core/ingest/types.js';
import { citationOf } from '../src/core/qa/citations.js';
import type { Answer } from '../src/core/qa/types.js';

/**
 * The plain baseline every scorer must beat: MiniSearch 7 with its defaults over the sentences
 * (passages) of the coverage; the top sentence is the answer, and it never abstains. With
 * `sentences: 2` the answer also takes the next best sentence of the same article, in the
 * article's order (as the bot's answers do), so that accuracy is compared at a like length.
 */
export function miniSearchBaseline(articles: readonly Article[], options: { sentences?: 1 | 2 } = {}): (question: string) => Answer {
  const engine = new MiniSearch<{ id: string; text: string }>({ fields: ['text'] });
  const passages = new Map<string, { article: Article; index: number }>();
  for (const article of articles) {
    article.passages.forEach((passage, index) => passages.set(passage.id, { article, index }));
    engine.addAll(article.passages.map((p) => ({ id: p.id, text: p.text })));
  }
  return (question) => {
    const results = engine.search(question);
    const found = results[0] ? passages.get(String(results[0].id)) : undefined;
    if (!found) return { question, answer: 'nothing found', confident: false, citations: [], type: 'other' };
    const passage = found.article.passages[found.index]!;
    let answer = passage.text;
    if (options.sentences === 2) {
      const next = results.slice(1).map((r) => passages.get(String(r.id))!).find((p) => p.article === found.article);
      if (next) {
        const [first, second] = [found.index, next.index].sort((a, b) => a - b);
        const gap = second! - first! > 1 ? ' … ' : ' ';
        answer = `${found.article.passages[first!]!.text}${gap}${found.article.passages[second!]!.text}`;
      }
    }
    return { question, answer, confident: true, citations: [citationOf(found.article, passage)], type: 'other' };
  };
}
