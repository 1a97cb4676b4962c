import type { PassageIndex } from '../index/types.js';
import type { Lexicon } from './lexicon.js';
import { foldText } from './text.js';
import type { LatestFilter, SpeakerCount, Statement } from './types.js';

/** Newest first: by said_on, then published (nulls last); ties keep their order. */
export function byRecency(a: Statement, b: Statement): number {
  return compareDesc(a.said_on, b.said_on) || compareDesc(a.published, b.published);
}

function compareDesc(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? 1 : -1;
}

const fold = (text: string) => foldText(text).replace(/[.'’]/g, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/**
 * Whether `query` names the statement's speaker: a part of the name ("peskov"), any gazetteer
 * spelling of it ("Shoigu" for Sergey Shoygu), or its role as the article or the gazetteer gives it
 * ("Kremlin spokesman"), ignoring case, diacritics and punctuation.
 */
export function speakerMatches(statement: Statement, query: string, lexicon: Lexicon): boolean {
  const wanted = fold(query);
  if (!wanted) return true;
  const known = statement.speaker ? lexicon.people.find((p) => p.name === statement.speaker) : undefined;
  const names = [statement.speaker, ...(known ? [...known.variants, ...known.surnames] : [])].flatMap((n) => (n ? [fold(n)] : []));
  const roles = [statement.role, ...(known?.roles ?? [])].flatMap((r) => (r ? [fold(r)] : []));
  const words = wanted.split(' ');
  // Names match on word starts ("pesk" finds Peskov); roles only on whole words, so "Putin" does
  // not find the statements of "Putin's spokesman".
  const hasWords = (text: string, whole: boolean) => {
    const have = ` ${text} `;
    return words.every((w) => have.includes(whole ? ` ${w} ` : ` ${w}`));
  };
  if (names.some((n) => hasWords(n, false))) return true;
  // A query naming someone ("Putin") never matches by role ("Putin aide").
  if (words.some((w) => lexicon.personByName.has(w))) return false;
  return roles.some((r) => hasWords(r, true));
}

/**
 * Relevance of each statement to `topic`: the best search score of the passages it was read from
 * (the same index `ask` uses), with the statement's own words as a fallback when the index finds
 * none of its passages. Statements with no relevance are left out.
 */
export function rankByTopic(statements: readonly Statement[], index: PassageIndex, topic: string): Map<Statement, number> {
  const articleIds = new Set(statements.flatMap((s) => s.citations.map((c) => c.article)));
  const passageCount = statements.reduce((n, s) => n + (s.passages?.length ?? 0), 0);
  const hits = index.search(topic, { limit: Math.max(50, passageCount * 2), articleIds });
  const scoreOf = new Map(hits.map((h) => [h.passage.id, h.score]));
  const scores = new Map<Statement, number>();
  const topicWords = fold(topic).split(' ').filter((w) => w.length > 2);
  const best = Math.max(0, ...hits.map((h) => h.score));
  for (const statement of statements) {
    const fromIndex = Math.max(0, ...(statement.passages ?? []).map((id) => scoreOf.get(id) ?? 0));
    const text = ` ${fold(`${statement.quote} ${statement.speaker ?? ''}`)} `;
    // Words of the topic that the statement itself uses (prefix match stands in for stemming).
    const own = topicWords.filter((w) => text.includes(` ${w.slice(0, Math.max(4, w.length - 2))}`)).length / Math.max(1, topicWords.length);
    const score = (best > 0 ? fromIndex / best : 0) + own;
    if (score > 0) scores.set(statement, score);
  }
  return scores;
}

/**
 * Statements matching `filter`, newest first (by said_on, then published); with a topic, the most
 * relevant first and recency among equals. At most `filter.limit` (default 10).
 */
export function selectStatements(
  statements: readonly Statement[],
  index: PassageIndex,
  filter: LatestFilter,
  lexicon: Lexicon,
): Statement[] {
  const limit = filter.limit ?? 10;
  let chosen = statements.filter(
    (s) =>
      (!filter.speaker || speakerMatches(s, filter.speaker, lexicon)) &&
      (!filter.since || (s.said_on ?? s.published ?? '') >= filter.since),
  );
  if (filter.topic && filter.topic.trim()) {
    const scores = rankByTopic(chosen, index, filter.topic);
    // Scores within 5% of each other count as equally relevant, so recency decides between them.
    const tier = (s: Statement) => Math.round((scores.get(s) ?? 0) * 20);
    chosen = chosen.filter((s) => scores.has(s)).sort((a, b) => tier(b) - tier(a) || byRecency(a, b));
  } else {
    chosen = [...chosen].sort(byRecency);
  }
  return chosen.slice(0, Math.max(0, limit));
}

/** Speakers (named people and institutions) with their statement counts, most quoted first. */
export function countStatementsBySpeaker(statements: readonly Statement[]): SpeakerCount[] {
  const bySpeaker = new Map<string, { count: number; roles: Map<string, number> }>();
  for (const statement of statements) {
    if (!statement.speaker) continue;
    const entry = bySpeaker.get(statement.speaker) ?? { count: 0, roles: new Map() };
    entry.count++;
    if (statement.role) entry.roles.set(statement.role, (entry.roles.get(statement.role) ?? 0) + 1);
    bySpeaker.set(statement.speaker, entry);
  }
  return [...bySpeaker.entries()]
    .map(([speaker, { count, roles }]) => ({
      speaker,
      role: [...roles.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null,
      statements: count,
    }))
    .sort((a, b) => b.statements - a.statements || a.speaker.localeCompare(b.speaker));
}
