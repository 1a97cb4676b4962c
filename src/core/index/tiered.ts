import type { Article, Passage } from '../ingest/types.js';
import { buildIndex, type BuildIndexOptions } from './passage-index.js';
import type { Analyzer } from './text.js';
import type { AnalyzedQuery, IndexSnapshot, PassageIndex, SearchHit, SearchOptions } from './types.js';

/**
 * One index over two tiers: the in-memory index of the recent coverage (`hot`) and a small index
 * built for one question over the older articles a second source (the archive) found for it
 * (`cold`). Callers see a single PassageIndex, so the answer chooser above it is the same for
 * both tiers: hot ordinals and term ids are kept as they are; cold passages come after the hot
 * ones and cold-only terms after the hot vocabulary. Both tiers score a query with the same term
 * weights (the hot tier's idf, the best estimate of the whole coverage's at hand), so their hits
 * merge by score into one candidate list.
 *
 * With no cold articles (or only articles the hot tier already holds) it returns `hot` itself.
 */
export function tieredIndex(hot: PassageIndex, coldArticles: readonly Article[], options: Omit<BuildIndexOptions, 'analyzer'> = {}): PassageIndex {
  const fresh = coldArticles.filter((a) => !hot.articles.has(a.id));
  if (fresh.length === 0) return hot;
  const cold = buildIndex(fresh, { ...options, analyzer: rememberingTerms(hot.analyzer) });
  const hotCount = hot.passages.length;
  const hotVocabulary = hot.snapshot().vocabulary.length;
  const coldVocabulary = cold.snapshot().vocabulary;
  // Cold term id → tiered term id.
  const toTiered = new Int32Array(coldVocabulary.length);
  coldVocabulary.forEach((term, id) => {
    const known = hot.termId(term);
    toTiered[id] = known >= 0 ? known : hotVocabulary + id;
  });
  const mapTerms = (ids: Int32Array): Int32Array => ids.map((id) => toTiered[id]!);
  const coldTermId = (term: string): number => cold.termId(term);

  const articles = new TieredMap(hot.articles, cold.articles);
  const passages = tieredList(hot.passages, cold.passages);

  /**
   * The hot tier's analysis, completed by the cold one's for words the hot tier has never seen
   * (their idf there would be the "unknown word" maximum) and for synonyms only the cold tier has.
   */
  function analyze(text: string): AnalyzedQuery {
    const query = hot.analyze(text);
    const coldTerms = new Map(cold.analyze(text).terms.map((t) => [t.term, t]));
    const present = new Set(query.terms.map((t) => t.term));
    for (const term of query.terms) {
      const known = coldTerms.get(term.term);
      if (term.id >= 0 || !known || known.id < 0) continue;
      term.id = toTiered[known.id]!;
      term.idf = known.idf;
    }
    for (const term of coldTerms.values()) {
      if (!term.synonymOf || present.has(term.term) || term.id < 0) continue;
      query.terms.push({ ...term, id: toTiered[term.id]! });
    }
    return query;
  }

  function searchAnalyzed(query: AnalyzedQuery, options: SearchOptions = {}): SearchHit[] {
    const hotQuery = { ...query, terms: query.terms.map((t) => (t.id >= hotVocabulary ? { ...t, id: -1 } : t)) };
    const coldQuery = { ...query, terms: query.terms.map((t) => ({ ...t, id: coldTermId(t.term) })) };
    let hotOptions = options;
    let coldOptions = options;
    if (options.articleIds) {
      const inHot = new Set<string>();
      const inCold = new Set<string>();
      for (const id of options.articleIds) (hot.articles.has(id) ? inHot : inCold).add(id);
      hotOptions = { ...options, articleIds: inHot };
      coldOptions = { ...options, articleIds: inCold };
    }
    const hits = [
      ...(hotOptions.articleIds?.size === 0 ? [] : hot.searchAnalyzed(hotQuery, hotOptions)),
      ...(coldOptions.articleIds?.size === 0 ? [] : cold.searchAnalyzed(coldQuery, coldOptions).map((h) => ({ ...h, ordinal: h.ordinal + hotCount }))),
    ];
    hits.sort((x, y) => y.score - x.score || x.ordinal - y.ordinal);
    return hits.slice(0, Math.max(0, options.limit ?? 10));
  }

  return {
    articles,
    passages,
    analyzer: hot.analyzer,
    analyze,
    searchAnalyzed,
    search: (text, options) => searchAnalyzed(analyze(text), options),
    passageTerms: (ordinal) => (ordinal < hotCount ? hot.passageTerms(ordinal) : mapTerms(cold.passageTerms(ordinal - hotCount))),
    headlineTerms: (articleId) => (hot.articles.has(articleId) ? hot.headlineTerms(articleId) : mapTerms(cold.headlineTerms(articleId))),
    termId: (term) => {
      const known = hot.termId(term);
      if (known >= 0) return known;
      const id = coldTermId(term);
      return id >= 0 ? toTiered[id]! : -1;
    },
    snapshot: (): IndexSnapshot => {
      throw new Error('coverage-bot: a tiered index lives for one question and has no snapshot; snapshot its hot tier');
    },
  };
}

/**
 * Passage texts whose terms are remembered between questions: the older articles a question
 * brings in often come back with the next one (a follow-up, the same story), and analysing their
 * text is most of the cost of the per-question index. About the passages of a few hundred articles.
 */
const REMEMBERED_TEXTS = 20_000;
const remembering = new WeakMap<Analyzer, Analyzer>();

/** The analyzer with `terms` remembered for the last REMEMBERED_TEXTS texts. */
function rememberingTerms(base: Analyzer): Analyzer {
  let analyzer = remembering.get(base);
  if (analyzer) return analyzer;
  const known = new Map<string, string[]>();
  // Everything else is the base analyzer's own (delegated through the prototype).
  const remembered: Analyzer = Object.create(base) as Analyzer;
  remembered.terms = (text: string) => {
    let terms = known.get(text);
    if (!terms) {
      terms = base.terms(text);
      known.set(text, terms);
      if (known.size > REMEMBERED_TEXTS) known.delete(known.keys().next().value!);
    }
    return terms;
  };
  analyzer = remembered;
  remembering.set(base, analyzer);
  return analyzer;
}

/** Two maps read as one (the hot one first), without copying either. */
class TieredMap<K, V> implements ReadonlyMap<K, V> {
  constructor(
    private readonly first: ReadonlyMap<K, V>,
    private readonly second: ReadonlyMap<K, V>,
  ) {}
  get size(): number {
    return this.first.size + this.second.size;
  }
  get(key: K): V | undefined {
    return this.first.get(key) ?? this.second.get(key);
  }
  has(key: K): boolean {
    return this.first.has(key) || this.second.has(key);
  }
  *entries(): MapIterator<[K, V]> {
    yield* this.first.entries();
    yield* this.second.entries();
  }
  *keys(): MapIterator<K> {
    yield* this.first.keys();
    yield* this.second.keys();
  }
  *values(): MapIterator<V> {
    yield* this.first.values();
    yield* this.second.values();
  }
  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }
  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void): void {
    for (const [k, v] of this.entries()) callback(v, k, this);
  }
}

/** The hot passages followed by the cold ones, read by position without copying the hot list. */
function tieredList(hot: readonly Passage[], cold: readonly Passage[]): readonly Passage[] {
  const hotCount = hot.length;
  return new Proxy(hot as Passage[], {
    get(target, key, receiver) {
      if (key === 'length') return hotCount + cold.length;
      if (typeof key === 'string' && /^\d+$/.test(key)) {
        const i = Number(key);
        return i < hotCount ? target[i] : cold[i - hotCount];
      }
      return Reflect.get(target, key, receiver);
    },
  });
}
