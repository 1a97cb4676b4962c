import type { Article } from '../../../src/core/ingest/types.js';

/** A small article for tests: paragraphs joined by blank lines, one passage per paragraph. */
export function articleFrom(paragraphs: string[], meta: Partial<Article> = {}): Article {
  const id = meta.id ?? 'test-article';
  const body = paragraphs.join('\n\n');
  let at = 0;
  const passages = paragraphs.map((text, index) => {
    const start = body.indexOf(text, at);
    at = start + text.length;
    return { id: `${id}#${index}`, articleId: id, index, paragraph: index, text, start, end: start + text.length };
  });
  return {
    id,
    outlet: 'Test Outlet',
    title: 'Test article',
    subtitle: null,
    author: null,
    published: '2025-05-29',
    url: null,
    file: `${id}.txt`,
    body,
    passages,
    ...meta,
  };
}
