import { readFileSync } from 'node:fs';
import type { Article } from '../src/core/index.js';

/**
 * Known-item queries generated from the corpus with a seeded PRNG, so every run and every engine
 * gets the same list. Two kinds:
 * - `sentence`: the content words of one passage, some dropped and some replaced by a synonym a
 *   reader might type instead; the target is that passage.
 * - `headline`: an article's headline as typed; the target is the article (any of its passages).
 */

export type QueryKind = 'sentence' | 'headline';

export interface KnownItemQuery {
  kind: QueryKind;
  text: string;
  targetArticle: string;
  /** Only for `sentence` queries. */
  targetPassage?: string;
}

export interface QueryOptions {
  /** PRNG seed (default 1987). */
  seed?: number;
  /** Sentence queries to make (default 600). */
  sentences?: number;
  /** Headline queries to make (default 200). */
  headlines?: number;
  /** Share of a sentence's content words dropped (default 0.3). */
  dropRate?: number;
  /** Chance that a kept word with a listed synonym is replaced by one (default 0.35). */
  synonymRate?: number;
  /** At most this many words per sentence query (default 8). */
  maxWords?: number;
}

/** mulberry32: a small, fast, well-distributed 32-bit PRNG; returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// A general English stop list (function words only), so that a query keeps what a reader would type.
const STOP_WORDS = new Set(
  `a about above after again against all also am an and any are as at be because been before being below
  between both but by can could did do does doing down during each few for from further had has have having
  he her here hers herself him himself his how i if in into is it its itself just me more most my myself no
  nor not now of off on once only or other our ours ourselves out over own same she should so some such than
  that the their theirs them themselves then there these they this those through to too under until up very
  was we were what when where which while who whom why will with would you your yours yourself yourselves
  said says say told mr mrs ms one two three four five six seven eight nine ten reuter reuters may might must
  shall yet per via among within without upon whether either neither`.split(/\s+/),
);

const WORD = /[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z]/g;

/** Words of `text` a reader would keep in a query: no function words, no one- or two-letter tokens. */
export function contentWords(text: string): string[] {
  return (text.match(WORD) ?? []).filter((w) => w.length >= 3 && !STOP_WORDS.has(w.toLowerCase()));
}

/** The bench's synonym list (bench/synonyms.json) as word → alternatives. */
export function loadSynonyms(file = new URL('./synonyms.json', import.meta.url)): Map<string, string[]> {
  const { groups } = JSON.parse(readFileSync(file, 'utf8')) as { groups: string[][] };
  const map = new Map<string, Set<string>>();
  for (const group of groups) {
    for (const word of group) {
      const alternatives = map.get(word) ?? new Set<string>();
      for (const other of group) if (other !== word) alternatives.add(other);
      map.set(word, alternatives);
    }
  }
  return new Map([...map].map(([w, alts]) => [w, [...alts]]));
}

const normalize = (text: string): string => text.toLowerCase().replace(/\s+/g, ' ').trim();

/** Generates the fixed query list for `articles` (see the module comment). */
export function generateQueries(articles: readonly Article[], options: QueryOptions = {}): KnownItemQuery[] {
  const {
    seed = 1987,
    sentences = 600,
    headlines = 200,
    dropRate = 0.3,
    synonymRate = 0.35,
    maxWords = 8,
  } = options;
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const synonyms = loadSynonyms();

  // Only passages whose text occurs once, so that "the target" is well defined.
  const textCounts = new Map<string, number>();
  for (const a of articles) for (const p of a.passages) textCounts.set(normalize(p.text), (textCounts.get(normalize(p.text)) ?? 0) + 1);
  const candidates = articles.flatMap((a) =>
    a.passages.filter((p) => textCounts.get(normalize(p.text)) === 1 && contentWords(p.text).length >= 8),
  );

  const queries: KnownItemQuery[] = [];
  for (const passage of sampleWithoutReplacement(candidates, sentences, random)) {
    let words = contentWords(passage.text);
    const drop = new Set(sampleWithoutReplacement([...words.keys()], Math.floor(words.length * dropRate), random));
    words = words.filter((_, i) => !drop.has(i));
    if (words.length > maxWords) {
      const from = Math.floor(random() * (words.length - maxWords + 1));
      words = words.slice(from, from + maxWords);
    }
    words = words.map((w) => {
      const alternatives = synonyms.get(w.toLowerCase());
      return alternatives && random() < synonymRate ? pick(alternatives) : w.toLowerCase();
    });
    queries.push({ kind: 'sentence', text: words.join(' '), targetArticle: passage.articleId, targetPassage: passage.id });
  }

  const titleCounts = new Map<string, number>();
  for (const a of articles) titleCounts.set(normalize(a.title), (titleCounts.get(normalize(a.title)) ?? 0) + 1);
  const titled = articles.filter(
    (a) => a.passages.length > 0 && titleCounts.get(normalize(a.title)) === 1 && contentWords(a.title).length >= 3,
  );
  for (const article of sampleWithoutReplacement(titled, headlines, random)) {
    queries.push({ kind: 'headline', text: article.title, targetArticle: article.id });
  }
  return queries;
}

/** Up to `count` distinct items in random order (partial Fisher–Yates on a copy). */
function sampleWithoutReplacement<T>(items: readonly T[], count: number, random: () => number): T[] {
  const pool = [...items];
  const n = Math.min(count, pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n);
}

/**
 * Rank (1-based) of the first result that is the query's target, or null. `articleOf` maps a
 * returned passage id to its article id, for headline queries.
 */
export function targetRank(query: KnownItemQuery, resultIds: readonly string[], articleOf: (passageId: string) => string | undefined): number | null {
  const index =
    query.kind === 'sentence'
      ? resultIds.indexOf(query.targetPassage!)
      : resultIds.findIndex((id) => articleOf(id) === query.targetArticle);
  return index < 0 ? null : index + 1;
}
