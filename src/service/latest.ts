import type { Coverage, LatestStatements } from '../core/index.js';

/** How a typed /latest query was read: as a speaker, as a topic, or absent (every speaker). */
export interface LatestRequest {
  /** What the user asked for, as typed; undefined for "all speakers". */
  query?: string;
  /** Whether `query` was matched as a speaker or used as a topic. */
  matchedAs: 'speaker' | 'topic' | 'all';
}

/**
 * The statements for a typed `/latest QUERY` (Telegram, the terminal chat) or a subscription's
 * query (src/notify), newest first, at most `limit` (default the coverage's): "speaker:NAME" and
 * "topic:WORDS" (Discord's option names, which users of both platforms type) say which they mean;
 * otherwise a name the coverage knows is a speaker and anything else is a topic; nothing is the
 * newest statements of everyone.
 */
export function latestFor(coverage: Coverage, typed: string, limit?: number): { statements: LatestStatements; request: LatestRequest } {
  const [, prefix, rest] = /^(speaker|topic)\s*:\s*([\s\S]*)$/i.exec(typed.trim()) ?? [];
  const query = (rest ?? typed).trim();
  if (!query) return { statements: coverage.latest({ limit }), request: { matchedAs: 'all' } };
  const as = prefix?.toLowerCase();
  if (as !== 'topic') {
    const bySpeaker = coverage.latest({ speaker: query, limit });
    if (bySpeaker.length > 0 || as === 'speaker') return { statements: bySpeaker, request: { query, matchedAs: 'speaker' } };
  }
  return { statements: coverage.latest({ topic: query, limit }), request: { query, matchedAs: 'topic' } };
}

/** Why a typed /latest query cannot be read (longer than the question limit), or undefined. */
export function latestQueryProblem(query: string, maxLength: number): string | undefined {
  return query.length > maxLength ? `That is ${query.length} characters; please name a speaker or topic in up to ${maxLength}.` : undefined;
}
