import type { Article, Passage } from '../ingest/types.js';
import type { ProgressCallback } from '../progress.js';
import { type Analyzer, foldText, writtenForms } from './text.js';
import type {
  AnalyzedQuery,
  IndexSnapshot,
  PassageIndex,
  QueryTerm,
  RankingOptions,
  SearchHit,
  SearchOptions,
} from './types.js';

/**
 * Bumped whenever the snapshot layout or the meaning of its numbers changes. 2: coordination per
 * field and the exact-form bonus (the ranking options a snapshot carries mean something else).
 */
export const SNAPSHOT_FORMAT = 2;

const DEFAULT_RANKING: Required<RankingOptions> = {
  k1: 1.2,
  b: 0.75,
  // The headline is a field like the passage text (its own idf over articles), as the title field
  // of MiniSearch and wink-bm25 is; 0.35 lost headline queries (bench recall@1 0.805 against 0.995).
  headlineWeight: 1,
  neighbourWeight: 0.25,
  proximityWeight: 0.5,
  synonymWeight: 0.4,
  nameWeight: 1.3,
  // Chosen on the bench's known-item queries drawn with another seed (7) than the reported ones, at
  // 20k passages: 1 → headline recall@1 0.985, 2 → 1.000, 3 → 1.000 (sentence queries 0.975–0.977);
  // the lowest value that reached the peers. MiniSearch multiplies by the plain count of words matched.
  coordination: 2,
  // Stemming conflates forms a reader tells apart (results/resulting, reduce/reduced), so a word
  // written as the query wrote it adds half of its match again. Chosen on the bench's queries drawn
  // with seed 7 at 100,000 passages (recall@1 0 → 0.971, 0.25 → 0.975, 0.5 → 0.979, 1 → 0.983):
  // most of the gain by 0.5; 1 did not answer the QA eval's questions better, and a smaller bonus
  // moves less of the ranking the learned answer scorer was fitted on.
  exactFormWeight: 0.5,
};

/** How many candidates get the (costlier) proximity re-ranking. */
const RERANK_DEPTH = 60;
/** Terms in more than this share of passages only score passages that rarer terms already found. */
const COMMON_TERM_SHARE = 0.04;
/** Two query terms count as "near" when at most this many content words apart. */
const PROXIMITY_WINDOW = 3;

export interface BuildIndexOptions {
  /** Text analysis: the configuration's (`configured(config).analyzer`), or a test's own. */
  analyzer: Analyzer;
  ranking?: RankingOptions;
  /** Told after each article ('indexing'); see ProgressCallback. */
  onProgress?: ProgressCallback;
  /**
   * An index of an earlier version of the coverage: the articles it holds with the same headline
   * and passage texts are not analysed again (their terms are read from it), the costly part of a
   * build. The result is the index a build without it gives, to the byte. Ignored when it was
   * built with another analyzer.
   */
  previous?: PassageIndex;
}

/** The analyzer each index was built or restored with: an earlier index is reused only under the same one. */
const analyzerOf = new WeakMap<PassageIndex, Analyzer>();

const MONTH_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
  'November', 'December',
];

/** The words of an article that are not its body: headline, subtitle, outlet and publication month and year. */
function headlineText(article: Article): string {
  const parts = [article.title, article.subtitle ?? '', article.outlet ?? ''];
  const date = /^(\d{4})-(\d{2})/.exec(article.published ?? '');
  // "in" keeps the month name from being the first word of a sentence, where "May" reads as a verb.
  if (date) parts.push(`in ${MONTH_NAMES[Number(date[2]) - 1] ?? ''} ${date[1]}`);
  return parts.filter(Boolean).join('. ');
}

class GrowableInt32 {
  data = new Int32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

interface Postings {
  frequency: Int32Array;
  start: Int32Array;
  doc: Int32Array;
  impact: Float32Array;
}

/** Turns (term, doc, tf) triples, docs ascending, into term-ordered postings with BM25 impacts. */
function buildPostings(
  vocabularySize: number,
  triples: { term: GrowableInt32; doc: GrowableInt32; tf: GrowableInt32 },
  docLength: Int32Array,
  averageLength: number,
  ranking: Required<RankingOptions>,
): Postings {
  const frequency = new Int32Array(vocabularySize);
  const n = triples.term.length;
  const terms = triples.term.data;
  for (let i = 0; i < n; i++) frequency[terms[i]!]!++;
  const start = new Int32Array(vocabularySize + 1);
  for (let t = 0; t < vocabularySize; t++) start[t + 1] = start[t]! + frequency[t]!;
  const fill = start.slice(0, vocabularySize);
  const doc = new Int32Array(n);
  const impact = new Float32Array(n);
  const { k1, b } = ranking;
  for (let i = 0; i < n; i++) {
    const term = terms[i]!;
    const d = triples.doc.data[i]!;
    const tf = triples.tf.data[i]!;
    const at = fill[term]!++;
    doc[at] = d;
    const norm = k1 * (1 - b + (b * docLength[d]!) / (averageLength || 1));
    impact[at] = (tf * (k1 + 1)) / (tf + norm);
  }
  return { frequency, start, doc, impact };
}

/**
 * Builds the passage index: BM25 over passages (postings in typed arrays), a headline field per
 * article whose matches lift all of its passages, a neighbour window, and a proximity bonus.
 */
export function buildIndex(articles: readonly Article[], options: BuildIndexOptions): PassageIndex {
  const analyzer = options.analyzer;
  const ranking = { ...DEFAULT_RANKING, ...options.ranking };
  const termIds = new Map<string, number>();
  const vocabulary: string[] = [];
  const idOf = (term: string): number => {
    let id = termIds.get(term);
    if (id === undefined) {
      id = vocabulary.length;
      vocabulary.push(term);
      termIds.set(term, id);
    }
    return id;
  };

  const passages: Passage[] = [];
  const passageArticle = new GrowableInt32();
  const sequence = new GrowableInt32();
  const sequenceStart = new GrowableInt32();
  const headlineSequence = new GrowableInt32();
  const headlineSequenceStart = new GrowableInt32();
  const bodyTriples = { term: new GrowableInt32(), doc: new GrowableInt32(), tf: new GrowableInt32() };
  const headTriples = { term: new GrowableInt32(), doc: new GrowableInt32(), tf: new GrowableInt32() };
  const counts = new Map<number, number>();

  const addTerms = (
    ids: number[],
    doc: number,
    triples: typeof bodyTriples,
    seq: GrowableInt32,
  ): void => {
    counts.clear();
    for (const id of ids) {
      seq.push(id);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    for (const [id, tf] of counts) {
      triples.term.push(id);
      triples.doc.push(doc);
      triples.tf.push(tf);
    }
  };

  const headLengths: number[] = [];
  const earlier = options.previous && analyzerOf.get(options.previous) === analyzer ? earlierTerms(options.previous, idOf) : undefined;
  options.onProgress?.(0, articles.length, 'indexing');
  articles.forEach((article, a) => {
    headlineSequenceStart.push(headlineSequence.length);
    const known = earlier?.(article);
    const headIds = known ? known.headline() : analyzer.terms(headlineText(article)).map(idOf);
    headLengths.push(headIds.length);
    addTerms(headIds, a, headTriples, headlineSequence);
    article.passages.forEach((passage, k) => {
      const p = passages.length;
      passages.push(passage);
      passageArticle.push(a);
      sequenceStart.push(sequence.length);
      addTerms(known ? known.passage(k) : analyzer.terms(passage.text).map(idOf), p, bodyTriples, sequence);
    });
    options.onProgress?.(a + 1, articles.length, 'indexing');
  });
  sequenceStart.push(sequence.length);
  headlineSequenceStart.push(headlineSequence.length);

  const seqStart = sequenceStart.toArray();
  const passageLength = new Int32Array(passages.length);
  let total = 0;
  for (let p = 0; p < passages.length; p++) {
    passageLength[p] = seqStart[p + 1]! - seqStart[p]!;
    total += passageLength[p]!;
  }
  const averageLength = passages.length ? total / passages.length : 0;
  const body = buildPostings(vocabulary.length, bodyTriples, passageLength, averageLength, ranking);
  const headLength = Int32Array.from(headLengths);
  const headAverage = headLengths.length ? headLengths.reduce((x, y) => x + y, 0) / headLengths.length : 0;
  const head = buildPostings(vocabulary.length, headTriples, headLength, headAverage, ranking);

  return indexFromSnapshot(
    {
      format: SNAPSHOT_FORMAT,
      passageIds: passages.map((p) => p.id),
      vocabulary,
      ranking,
      averageLength,
      passageArticle: passageArticle.toArray(),
      passageLength,
      termFrequency: body.frequency,
      postingStart: body.start,
      postingPassage: body.doc,
      postingImpact: body.impact,
      headlineFrequency: head.frequency,
      headlineStart: head.start,
      headlineArticle: head.doc,
      headlineImpact: head.impact,
      sequenceStart: seqStart,
      sequence: sequence.toArray(),
      headlineSequenceStart: headlineSequenceStart.toArray(),
      headlineSequence: headlineSequence.toArray(),
    },
    articles,
    passages,
    analyzer,
    termIds,
  );
}

/**
 * The exact-form bonus of a passage: the worth of each query word that the passage or its headline
 * writes as the query did (as a whole word, folded as `writtenForms` folds), counted once.
 */
function writtenFormBonus(worth: ReadonlyMap<string, number>, passageText: string, headline: string): number {
  let bonus = 0;
  // Folding with Unicode normalisation costs more than the search itself on a long candidate list;
  // lower-casing is the same fold for ASCII text.
  const fold = (text: string) => (NON_ASCII.test(text) ? foldText(text) : text.toLowerCase());
  const body = fold(passageText);
  let head: string | undefined;
  for (const [form, w] of worth) {
    if (holdsWord(body, form) || holdsWord((head ??= fold(headline)), form)) bonus += w;
  }
  return bonus;
}

const NON_ASCII = /[^\u0000-\u007f]/;
const isWordChar = (code: number): boolean =>
  (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || code > 127;

/** Whether folded `text` holds `word` with no letter or digit on either side. */
function holdsWord(text: string, word: string): boolean {
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    if ((at === 0 || !isWordChar(text.charCodeAt(at - 1))) && !isWordChar(text.charCodeAt(at + word.length))) return true;
  }
  return false;
}

/**
 * The terms an earlier index holds for an article whose headline and passage texts it indexed
 * unchanged (undefined for any other article), as term ids of the index being built: each earlier
 * id is turned into a new one through `idOf` the first time it is met, in reading order, which is
 * the order a fresh analysis would meet the same terms in, so the ids come out as a fresh build's.
 */
function earlierTerms(
  previous: PassageIndex,
  idOf: (term: string) => number,
): (article: Article) => { headline(): number[]; passage(k: number): number[] } | undefined {
  const vocabulary = previous.snapshot().vocabulary;
  const newId = new Int32Array(vocabulary.length).fill(-1);
  const mapped = (ids: Int32Array): number[] => {
    const out = new Array<number>(ids.length);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      out[i] = newId[id]! >= 0 ? newId[id]! : (newId[id] = idOf(vocabulary[id]!));
    }
    return out;
  };
  const firstOrdinal = new Map<string, number>();
  previous.passages.forEach((p, ordinal) => {
    if (!firstOrdinal.has(p.articleId)) firstOrdinal.set(p.articleId, ordinal);
  });
  return (article) => {
    const before = previous.articles.get(article.id);
    if (!before || before.passages.length !== article.passages.length) return undefined;
    if (before !== article) {
      if (headlineText(before) !== headlineText(article)) return undefined;
      if (before.passages.some((p, k) => p.text !== article.passages[k]!.text)) return undefined;
    }
    const first = firstOrdinal.get(article.id);
    if (first === undefined && article.passages.length > 0) return undefined;
    return {
      headline: () => mapped(previous.headlineTerms(article.id)),
      passage: (k) => mapped(previous.passageTerms(first! + k)),
    };
  };
}

/** Number of set bits of a 32-bit integer. */
function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Thrown when a snapshot does not fit the articles or this version of the code. */
export class SnapshotMismatchError extends Error {
  constructor(reason: string) {
    super(`coverage-bot: index snapshot cannot be restored: ${reason}`);
    this.name = 'SnapshotMismatchError';
  }
}

/**
 * Brings back an index from `index.snapshot()` over the same articles, without analysing any text.
 * Throws SnapshotMismatchError when the snapshot was made from other articles or another format.
 */
export function restoreIndex(
  snapshot: IndexSnapshot,
  articles: readonly Article[],
  options: { analyzer: Analyzer },
): PassageIndex {
  if (snapshot.format !== SNAPSHOT_FORMAT) {
    throw new SnapshotMismatchError(`format ${snapshot.format}, expected ${SNAPSHOT_FORMAT}`);
  }
  const passages = articles.flatMap((a) => a.passages);
  if (passages.length !== snapshot.passageIds.length || passages.some((p, i) => p.id !== snapshot.passageIds[i])) {
    throw new SnapshotMismatchError('the articles differ from the ones it was built from');
  }
  const termIds = new Map<string, number>();
  snapshot.vocabulary.forEach((term, id) => termIds.set(term, id));
  return indexFromSnapshot(snapshot, articles, passages, options.analyzer, termIds);
}

function indexFromSnapshot(
  data: IndexSnapshot,
  articleList: readonly Article[],
  passages: readonly Passage[],
  analyzer: Analyzer,
  termIds: ReadonlyMap<string, number>,
): PassageIndex {
  const ranking = data.ranking;
  const passageCount = passages.length;
  const articleCount = articleList.length;
  const articles = new Map(articleList.map((a) => [a.id, a]));
  const articleOrdinal = new Map(articleList.map((a, i) => [a.id, i]));
  const idf = (df: number, n: number): number => Math.log(1 + (n - df + 0.5) / (df + 0.5));
  const unknownIdf = idf(0, Math.max(passageCount, 1));

  // Reused by every search; only the entries a search touched are reset afterwards.
  const scores = new Float32Array(passageCount);
  const touched = new Int32Array(passageCount);
  const headScores = new Float32Array(articleCount);
  const matched = new Uint32Array(passageCount);
  const relatedMatched = new Uint32Array(passageCount);
  const headMatched = new Uint32Array(articleCount);
  const headRelatedMatched = new Uint32Array(articleCount);
  const touchedArticles = new Int32Array(articleCount);

  function analyze(text: string, options: { related?: boolean } = {}): AnalyzedQuery {
    const terms: QueryTerm[] = [];
    const seen = new Set<string>();
    const foldedOf = new Map<string, string>();
    const tokens = analyzer.tokens(text, true);
    for (const token of tokens) {
      if (token.term === null || token.kind === 'punctuation' || token.kind === 'other') continue;
      if (seen.has(token.term)) continue;
      seen.add(token.term);
      foldedOf.set(token.term, token.folded);
      const id = termIds.get(token.term) ?? -1;
      const df = id >= 0 ? data.termFrequency[id]! : 0;
      const named = token.proper || token.kind === 'number';
      terms.push({
        term: token.term,
        text: token.text,
        id,
        idf: id >= 0 && df > 0 ? idf(df, passageCount) : unknownIdf,
        weight: named ? ranking.nameWeight : 1,
        proper: token.proper,
        kind: token.kind === 'number' ? 'number' : 'word',
        pos: token.kind === 'number' ? 'NUM' : token.pos ?? 'X',
      });
    }
    for (const original of options.related === false ? [] : [...terms]) {
      if (original.kind !== 'word') continue;
      for (const { term, similarity } of analyzer.relatedTerms(foldedOf.get(original.term) ?? original.term)) {
        if (seen.has(term)) continue;
        seen.add(term);
        const id = termIds.get(term) ?? -1;
        if (id < 0 || data.termFrequency[id] === 0) continue;
        terms.push({
          term,
          text: term,
          id,
          idf: idf(data.termFrequency[id]!, passageCount),
          weight: ranking.synonymWeight * similarity,
          proper: false,
          kind: 'word',
          pos: original.pos,
          synonymOf: original.term,
        });
      }
    }
    return { text, terms };
  }

  function searchAnalyzed(query: AnalyzedQuery, options: SearchOptions = {}): SearchHit[] {
    const limit = Math.max(0, options.limit ?? 10);
    if (limit === 0 || passageCount === 0) return [];
    let allowed: Uint8Array | undefined;
    // The passages searched as [from, to) ranges in index order: all of them, or the allowed articles'
    // stretches, so that a search confined to a few articles reads only those parts of each posting
    // list (postings are in passage order).
    let ranges = [0, passageCount];
    if (options.articleIds) {
      allowed = new Uint8Array(articleCount);
      const ordinals: number[] = [];
      for (const id of options.articleIds) {
        const a = articleOrdinal.get(id);
        if (a !== undefined && !allowed[a]) ordinals.push(a);
        if (a !== undefined) allowed[a] = 1;
      }
      ordinals.sort((x, y) => x - y);
      ranges = ordinals.flatMap((a) => [articleFirst[a]!, articleFirst[a]! + articleList[a]!.passages.length]);
    }
    const known = query.terms.filter((t) => t.id >= 0).sort((x, y) => y.idf * y.weight - x.idf * x.weight);
    // Each query word owns one bit, set in `matched` by the word itself and in `relatedMatched` by a
    // word related to it: how many of the query's words a passage or its headline holds, for the
    // coordination factor below.
    const originals = query.terms.filter((t) => !t.synonymOf).map((t) => t.term);
    const bitOf = (t: QueryTerm): number => 1 << Math.min(31, Math.max(0, originals.indexOf(t.synonymOf ?? t.term)));
    let touchedCount = 0;
    let touchedArticleCount = 0;
    const commonLimit = Math.max(50, passageCount * COMMON_TERM_SHARE);

    for (const term of known) {
      const from = data.postingStart[term.id]!;
      const to = data.postingStart[term.id + 1]!;
      const w = term.idf * term.weight;
      const bit = bitOf(term);
      const marks = term.synonymOf ? relatedMatched : matched;
      const headMarks = term.synonymOf ? headRelatedMatched : headMatched;
      const mayAdd = touchedCount === 0 || to - from <= commonLimit;
      if (!mayAdd && touchedCount * Math.log2(to - from + 1) < to - from) {
        // A common word only adds to passages already found: when they are few, look each one up
        // in its posting list (binary search) instead of reading the whole list.
        for (let k = 0; k < touchedCount; k++) {
          const p = touched[k]!;
          const i = firstPostingFrom(from, to, p);
          if (i < to && data.postingPassage[i] === p) {
            scores[p] = scores[p]! + w * data.postingImpact[i]!;
            marks[p] = marks[p]! | bit;
          }
        }
      } else for (let r = 0; r < ranges.length; r += 2) {
        const end = ranges[r + 1]!;
        for (let i = firstPostingFrom(from, to, ranges[r]!); i < to && data.postingPassage[i]! < end; i++) {
          const p = data.postingPassage[i]!;
          if (scores[p] === 0) {
            if (!mayAdd) continue;
            touched[touchedCount++] = p;
          }
          scores[p] = scores[p]! + w * data.postingImpact[i]!;
          marks[p] = marks[p]! | bit;
        }
      }
      const hFrom = data.headlineStart[term.id]!;
      const hTo = data.headlineStart[term.id + 1]!;
      // The headline is its own BM25 field, with its own idf over articles: a word that most
      // headlines use ("Qtr", "Net") tells little there however rare it is in passage text.
      const hw = (hTo > hFrom ? idf(hTo - hFrom, articleCount) : term.idf) * term.weight;
      for (let i = hFrom; i < hTo; i++) {
        const a = data.headlineArticle[i]!;
        if (headScores[a] === 0) touchedArticles[touchedArticleCount++] = a;
        headScores[a] = headScores[a]! + hw * data.headlineImpact[i]!;
        headMarks[a] = headMarks[a]! | bit;
      }
    }

    // Top candidates by BM25 + headline + neighbour, kept in a small sorted buffer.
    const depth = Math.max(limit, RERANK_DEPTH);
    const bestScore = new Float64Array(depth);
    const bestPassage = new Int32Array(depth).fill(-1);
    let bestCount = 0;
    const consider = (p: number, score: number): void => {
      if (bestCount === depth && score <= bestScore[depth - 1]!) return;
      let i = bestCount < depth ? bestCount++ : depth - 1;
      while (i > 0 && bestScore[i - 1]! < score) {
        bestScore[i] = bestScore[i - 1]!;
        bestPassage[i] = bestPassage[i - 1]!;
        i--;
      }
      bestScore[i] = score;
      bestPassage[i] = p;
    };
    // Share of the query's words a field holds; a word found only through a related word counts as
    // much as such a match scores.
    const shareOf = (exact: number, related: number): number =>
      (popcount(exact) + ranking.synonymWeight * popcount(related & ~exact)) / Math.min(32, originals.length);
    const coordinate = ranking.coordination !== 0 && originals.length >= 2;
    const combined = (p: number): number => {
      const a = data.passageArticle[p]!;
      let neighbour = 0;
      if (p > 0 && data.passageArticle[p - 1] === a) neighbour = scores[p - 1]!;
      if (p + 1 < passageCount && data.passageArticle[p + 1] === a) neighbour = Math.max(neighbour, scores[p + 1]!);
      const body = scores[p]! + ranking.neighbourWeight * neighbour;
      const head = ranking.headlineWeight * headScores[a]!;
      if (!coordinate) return body + head;
      // Each field is coordinated by its own share: a headline that holds two of six query words
      // says little about its article's passages, and it must not fill in the words a passage
      // lacks (one coordination over both fields let another article's headline carry a passage
      // that held fewer of a sentence query's words than the passage sought).
      const bodyShare = shareOf(matched[p]!, relatedMatched[p]!);
      const headShare = shareOf(headMatched[a]!, headRelatedMatched[a]!);
      return body * bodyShare ** ranking.coordination + head * headShare ** ranking.coordination;
    };
    for (let i = 0; i < touchedCount; i++) consider(touched[i]!, combined(touched[i]!));
    // An article whose headline matches offers its lead passage even when the body does not repeat the words.
    for (let i = 0; i < touchedArticleCount; i++) {
      const a = touchedArticles[i]!;
      if (allowed && !allowed[a]) continue;
      const lead = firstPassage(a);
      if (lead >= 0 && scores[lead] === 0) consider(lead, combined(lead));
    }

    // Proximity: query terms next to each other in the passage, in either order.
    const queryPosition = new Map<number, number>();
    known.forEach((t) => queryPosition.set(t.id, query.terms.indexOf(t)));
    // The query's own words as written (folded), each with what its match is worth.
    const writtenWorth = new Map<string, number>();
    if (ranking.exactFormWeight > 0) {
      for (const t of known) {
        if (t.synonymOf || t.kind !== 'word') continue;
        for (const form of writtenForms(t.text)) writtenWorth.set(form, ranking.exactFormWeight * t.idf * t.weight);
      }
    }
    const hits: SearchHit[] = [];
    for (let r = 0; r < bestCount; r++) {
      const p = bestPassage[r]!;
      let bonus = 0;
      const seqFrom = data.sequenceStart[p]!;
      const seqTo = data.sequenceStart[p + 1]!;
      for (let i = seqFrom; i < seqTo; i++) {
        const qa = queryPosition.get(data.sequence[i]!);
        if (qa === undefined) continue;
        for (let j = i + 1; j < Math.min(seqTo, i + 1 + PROXIMITY_WINDOW); j++) {
          const qb = queryPosition.get(data.sequence[j]!);
          if (qb === undefined || qb === qa) continue;
          const ta = query.terms[qa]!;
          const tb = query.terms[qb]!;
          bonus += (ranking.proximityWeight * Math.min(ta.idf * ta.weight, tb.idf * tb.weight)) / (j - i);
          break;
        }
      }
      const passage = passages[p]!;
      hits.push({ passage, article: articles.get(passage.articleId)!, score: bestScore[r]! + bonus, ordinal: p });
    }
    if (writtenWorth.size > 0 && hits.length > 0) {
      // Only a candidate that the whole bonus could lift into the top `limit` is worth reading.
      hits.sort((x, y) => y.score - x.score || x.ordinal - y.ordinal);
      let most = 0;
      for (const w of writtenWorth.values()) most += w;
      const bar = hits[Math.min(limit, hits.length) - 1]!.score;
      for (const hit of hits) {
        if (hit.score + most < bar) break;
        hit.score += writtenFormBonus(writtenWorth, hit.passage.text, headlineText(articleList[data.passageArticle[hit.ordinal]!]!));
      }
    }

    for (let i = 0; i < touchedCount; i++) scores[touched[i]!] = matched[touched[i]!] = relatedMatched[touched[i]!] = 0;
    for (let i = 0; i < touchedArticleCount; i++) {
      const a = touchedArticles[i]!;
      headScores[a] = headMatched[a] = headRelatedMatched[a] = 0;
    }
    hits.sort((x, y) => y.score - x.score || x.ordinal - y.ordinal);
    return hits.slice(0, limit);
  }

  /** The first posting in [from, to) whose passage is at or after `passage` (binary search). */
  const firstPostingFrom = (from: number, to: number, passage: number): number => {
    let lo = from;
    let hi = to;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (data.postingPassage[mid]! < passage) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  const articleFirst = new Int32Array(articleCount).fill(-1);
  for (let p = passageCount - 1; p >= 0; p--) articleFirst[data.passageArticle[p]!] = p;
  const firstPassage = (a: number): number => articleFirst[a]!;

  const index: PassageIndex = {
    articles,
    passages,
    analyzer,
    analyze,
    searchAnalyzed,
    search: (query, options) => searchAnalyzed(analyze(query), options),
    passageTerms: (p) => data.sequence.subarray(data.sequenceStart[p]!, data.sequenceStart[p + 1]!),
    headlineTerms: (articleId) => {
      const a = articleOrdinal.get(articleId);
      if (a === undefined) return new Int32Array(0);
      return data.headlineSequence.subarray(data.headlineSequenceStart[a]!, data.headlineSequenceStart[a + 1]!);
    },
    termId: (term) => termIds.get(term) ?? -1,
    snapshot: () => data,
  };
  analyzerOf.set(index, analyzer);
  return index;
}
