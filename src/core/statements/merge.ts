import type { Article } from '../ingest/types.js';
import { normalizeQuote, statementId, type ArticleStatement } from './extract.js';
import type { Speaker } from './speakers.js';
import type { SpeakerKind, Statement } from './types.js';

/** Options of `mergeStatements`. */
export interface MergeOptions {
  /** Share of the shorter quotation's words that must appear in the longer one, in order, for the two to be one statement (default 0.8). */
  overlap?: number;
  /** Quotations shorter than this many words merge only when identical (default 4). */
  minWords?: number;
}

interface Pending {
  statement: Statement;
  words: string[];
}

/**
 * Turns per-article statements into statements of the whole coverage: when articles quote the same
 * words (identical once folded, one inside the other, or overlapping by `overlap`), they become one
 * statement citing every article. The speaker is the one an article names (articles that disagree
 * are kept apart), the text is the longest version, `said_on` the earliest, `published` the earliest
 * citing article's.
 */
export function mergeStatements(perArticle: readonly { article: Article; statements: readonly ArticleStatement[] }[], options: MergeOptions = {}): Statement[] {
  const overlap = options.overlap ?? 0.8;
  const minWords = options.minWords ?? 4;
  const merged: Pending[] = [];
  // Candidates share a run of words (or, when short, all of them): keeps merging linear on big corpora.
  const byShingle = new Map<string, Pending[]>();
  for (const { article, statements } of perArticle) {
    for (const found of statements) {
      const { words, shingles, id } = prepared(found);
      const citation = { article: article.id, outlet: article.outlet, title: article.title, published: article.published, url: article.url };
      const candidates = new Set(shingles.flatMap((k) => byShingle.get(k) ?? []));
      const same = [...candidates].find(
        (m) =>
          (m.statement.speaker === null || found.speaker.name === null || m.statement.speaker === found.speaker.name) &&
          sameWords(m.words, words, overlap, minWords),
      );
      if (!same) {
        const pending: Pending = {
          words,
          statement: {
            id,
            speaker: found.speaker.name,
            role: found.speaker.role,
            quote: found.quote,
            kind: found.kind,
            said_on: found.said_on,
            published: article.published,
            citations: [citation],
            speaker_kind: speakerKind(found.speaker),
            passages: found.passages,
          },
        };
        merged.push(pending);
        for (const key of shingles) {
          const bucket = byShingle.get(key);
          if (bucket) bucket.push(pending);
          else byShingle.set(key, [pending]);
        }
        continue;
      }
      const s = same.statement;
      if (!s.citations.some((c) => c.article === article.id)) s.citations.push(citation);
      s.passages = [...new Set([...(s.passages ?? []), ...found.passages])];
      if (s.speaker === null && found.speaker.name) Object.assign(s, { speaker: found.speaker.name, role: found.speaker.role, speaker_kind: speakerKind(found.speaker) });
      if (!s.role && found.speaker.role && found.speaker.name === s.speaker) s.role = found.speaker.role;
      if (words.length > same.words.length) {
        same.words = words;
        s.quote = found.quote;
        s.kind = found.kind === 'direct' || s.kind === 'direct' ? 'direct' : 'reported';
        s.id = id;
      }
      s.said_on = earliest(s.said_on, found.said_on);
      s.published = earliest(s.published, article.published);
      s.citations.sort((a, b) => (a.published ?? '9999').localeCompare(b.published ?? '9999'));
    }
  }
  return merged.map((m) => m.statement);
}

const SHINGLE = 4;

/**
 * A found statement's folded quotation (words joined by single spaces) and its id, worked out once
 * per statement object: folding and hashing are most of what a merge costs per statement, and an
 * update of the coverage merges the unchanged articles' very statements again. The words and their
 * shingles are split from it on each merge instead of kept: kept, they cost more memory than the
 * passage index (about 2 kB a statement, 47 MB at 100,000 passages) for a few tenths of a second.
 */
const preparedStatements = new WeakMap<ArticleStatement, { folded: string; id: string }>();

function prepared(found: ArticleStatement): { words: string[]; shingles: string[]; id: string } {
  let known = preparedStatements.get(found);
  if (!known) {
    known = { folded: normalizeQuote(found.quote), id: statementId(found.quote) };
    preparedStatements.set(found, known);
  }
  const words = known.folded.split(' ').filter(Boolean);
  const shingles =
    words.length < SHINGLE ? [words.join(' ')] : words.slice(0, words.length - SHINGLE + 1).map((_, k) => words.slice(k, k + SHINGLE).join(' '));
  return { words, shingles, id: known.id };
}

const speakerKind = (speaker: Speaker): SpeakerKind => (speaker.name === null ? 'unnamed' : speaker.kind === 'organization' ? 'organisation' : 'person');

const earliest = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b);

/** Same words: identical, or the shorter's words found in order in the longer for at least `overlap` of them. */
function sameWords(a: readonly string[], b: readonly string[], overlap: number, minWords: number): boolean {
  if (a.join(' ') === b.join(' ')) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length < minWords) return false;
  if (` ${long.join(' ')} `.includes(` ${short.join(' ')} `)) return true;
  // Long quotations compare by containment only: the word-by-word comparison grows with the product of lengths.
  if (short.length * long.length > 250_000) return false;
  return commonSubsequence(short, long) / short.length >= overlap && short.length / long.length >= 0.5;
}

function commonSubsequence(a: readonly string[], b: readonly string[]): number {
  let previous = new Array<number>(b.length + 1).fill(0);
  for (const word of a) {
    const row = new Array<number>(b.length + 1).fill(0);
    for (let j = 0; j < b.length; j++) row[j + 1] = word === b[j] ? previous[j]! + 1 : Math.max(previous[j + 1]!, row[j]!);
    previous = row;
  }
  return previous[b.length]!;
}
