import type { Article, Passage } from '../ingest/types.js';
import type { SearchHit } from '../index/index.js';
import { cleanPassageText } from './compose.js';
import type { Citation } from './types.js';

/** Citations of the candidates' articles, each article once, in the candidates' order. */
export function citationsOf(candidates: readonly { hit: SearchHit }[], limit: number): Citation[] {
  const seen = new Set<string>();
  const citations: Citation[] = [];
  for (const { hit } of candidates) {
    if (seen.has(hit.article.id)) continue;
    seen.add(hit.article.id);
    citations.push(citationOf(hit.article, hit.passage));
    if (citations.length >= limit) break;
  }
  return citations;
}

export function citationOf(article: Article, passage: Passage): Citation {
  return {
    article: article.id,
    outlet: article.outlet,
    title: article.title,
    published: article.published,
    url: article.url,
    quote: cleanPassageText(passage.text),
    passageId: passage.id,
  };
}

