import { createRequire } from 'node:module';
import MiniSearch from 'minisearch';
import winkBm25 from 'wink-bm25-text-search';
import type { Article } from '../src/core/index.js';
import { buildIndex } from '../src/core/index/index.js';
import { analyzer } from './corpus.js';

/**
 * The three engines of the side-by-side comparison behind one shape: build from the articles,
 * then answer a query with passage ids, best first. Each peer is used the way its docs show it.
 */

export type EngineName = 'ours' | 'minisearch' | 'wink_bm25' | 'minisearch_titles' | 'wink_bm25_titles';

/** Passage ids of the best `limit` results, best first. */
export type Searcher = (query: string, limit: number) => string[];

export interface Engine {
  name: EngineName;
  /** What the engine is and how it is configured, for the report. */
  description: string;
  build(articles: readonly Article[]): Searcher;
}

/** Our index (src/core/index), given the articles as the bot gives them. */
export const ourEngine: Engine = {
  name: 'ours',
  description: 'buildIndex from src/core/index; PassageIndex.search(query, { limit })',
  build(articles) {
    const index = buildIndex(articles, { analyzer });
    return (query, limit) => index.search(query, { limit }).map((hit) => hit.passage.id);
  },
};

/** MiniSearch with its defaults (BM25+, OR of terms, no prefix or fuzzy), one `text` field. */
export const miniSearchEngine: Engine = {
  name: 'minisearch',
  description: "MiniSearch 7 defaults: fields ['text'], idField 'id' (our passage id), BM25+ k=1.2 b=0.7 d=0.5",
  build(articles) {
    const engine = new MiniSearch<{ id: string; text: string }>({ fields: ['text'] });
    for (const article of articles) engine.addAll(article.passages);
    return (query, limit) =>
      engine
        .search(query)
        .slice(0, limit)
        .map((result) => result.id as string);
  },
};

/**
 * MiniSearch as its README's example sets it up, fields ['title', 'text'], each passage carrying
 * its article's headline: our index sees the headlines too, so this is the like-for-like peer
 * for headline queries.
 */
export const miniSearchTitlesEngine: Engine = {
  name: 'minisearch_titles',
  description: "MiniSearch 7 defaults, fields ['title', 'text'] (title = the passage's article headline)",
  build(articles) {
    const engine = new MiniSearch<{ id: string; title: string; text: string }>({ fields: ['title', 'text'] });
    for (const article of articles) engine.addAll(article.passages.map((p) => ({ id: p.id, title: article.title, text: p.text })));
    return (query, limit) =>
      engine
        .search(query)
        .slice(0, limit)
        .map((result) => result.id as string);
  },
};

// wink-nlp-utils is wink-bm25-text-search's own dependency (resolved from its folder, not ours).
// The installed README points to release 3.0.1 for its wink-nlp-utils pipeline, used here as shown
// there; the newer wink-nlp pipeline costs about 3× as much per token on this corpus.
interface WinkNlpUtils {
  string: { lowerCase(s: string): string; tokenize0(s: string): string[] };
  tokens: {
    removeWords(t: string[]): string[];
    stem(t: string[]): string[];
    propagateNegations(t: string[]): string[];
  };
}
const winkNlpUtils = createRequire(createRequire(import.meta.url).resolve('wink-bm25-text-search'))(
  'wink-nlp-utils',
) as WinkNlpUtils;

const WINK_PREP = 'default BM25 (k1 1.2, b 0.75, k 1); prep lowerCase, tokenize0, removeWords, stem, propagateNegations (wink-nlp-utils)';

/** wink-bm25-text-search: defineConfig, definePrepTasks (wink-nlp-utils pipeline), addDoc, consolidate. */
export const winkEngine: Engine = {
  name: 'wink_bm25',
  description: `wink-bm25-text-search 3: fldWeights { text: 1 }, ${WINK_PREP}`,
  build: (articles) => buildWink(articles, false),
};

/** wink-bm25-text-search with the headline as a field, weighted as its README's example (title 1, body 2). */
export const winkTitlesEngine: Engine = {
  name: 'wink_bm25_titles',
  description: `wink-bm25-text-search 3: fldWeights { title: 1, text: 2 } (title = the passage's article headline), ${WINK_PREP}`,
  build: (articles) => buildWink(articles, true),
};

function buildWink(articles: readonly Article[], titles: boolean): Searcher {
  const engine = winkBm25();
  engine.defineConfig({ fldWeights: titles ? { title: 1, text: 2 } : { text: 1 } });
  const u = winkNlpUtils;
  engine.definePrepTasks([u.string.lowerCase, u.string.tokenize0, u.tokens.removeWords, u.tokens.stem, u.tokens.propagateNegations]);
  for (const article of articles) {
    for (const passage of article.passages) {
      engine.addDoc(titles ? { title: article.title, text: passage.text } : { text: passage.text }, passage.id);
    }
  }
  engine.consolidate();
  return (query, limit) => engine.search(query, limit).map(([id]) => id);
}

/** The engines in the order they run; the `_titles` peers also index each passage's headline. */
export const ENGINES: readonly Engine[] = [ourEngine, miniSearchEngine, winkEngine, miniSearchTitlesEngine, winkTitlesEngine];
