export type { LatestFilter, SpeakerCount, SpeakerKind, Statement, StatementCitation, StatementQuery } from './types.js';
export type { ArticleStatement, ExtractOptions } from './extract.js';
export type { Lexicon } from './lexicon.js';
export { buildLexicon, surnameSpellings } from './lexicon.js';
import type { Article } from '../ingest/types.js';
import type { PassageIndex } from '../index/types.js';
import type { ProgressCallback } from '../progress.js';
import { configured, type CoreConfig } from '../config.js';
import { extractArticleStatements, type ArticleStatement, type ExtractOptions } from './extract.js';
import type { Lexicon } from './lexicon.js';
import { mergeStatements } from './merge.js';
import { countStatementsBySpeaker, selectStatements, speakerMatches } from './select.js';
import { foldText } from './text.js';
import type { LatestFilter, SpeakerCount, SpeakerKind, Statement, StatementQuery } from './types.js';

/** Options of `extractStatements`: the configuration (people, speech verbs, roles) and the limits of `ExtractOptions`. */
export interface StatementOptions extends Omit<ExtractOptions, 'lexicon'> {
  config: CoreConfig;
  onProgress?: ProgressCallback;
}

/**
 * The statements the coverage quotes: direct quotations and attributed reported speech from every
 * article body, with the speaker's canonical name (or an institution, or null when the article
 * does not say), the role the article gives, when it was said, and every article quoting the same
 * words. Reading order within an article; articles in the order given.
 */
export function extractStatements(articles: readonly Article[], options: StatementOptions): Statement[] {
  return mergeArticleStatements(articles, statementsByArticle(articles, options));
}

/**
 * Each article's own statements, before statements of several articles are merged (the costly
 * step of extractStatements). `known(article)` hands over an article's statements found earlier
 * (an unchanged article of a previous version), which are then not extracted again.
 */
export function statementsByArticle(
  articles: readonly Article[],
  options: StatementOptions & { known?: (article: Article) => readonly ArticleStatement[] | undefined },
): Map<string, readonly ArticleStatement[]> {
  const { onProgress, config, known, ...extractOptions } = options;
  const lexicon = configured(config).speakers;
  const byArticle = new Map<string, readonly ArticleStatement[]>();
  onProgress?.(0, articles.length, 'finding statements');
  articles.forEach((article, i) => {
    byArticle.set(article.id, known?.(article) ?? extractArticleStatements(article, { ...extractOptions, lexicon }));
    onProgress?.(i + 1, articles.length, 'finding statements');
  });
  return byArticle;
}

/** The statements of the coverage from each article's own (statementsByArticle), merged across articles in the order given. */
export function mergeArticleStatements(articles: readonly Article[], byArticle: ReadonlyMap<string, readonly ArticleStatement[]>): Statement[] {
  const statements = mergeStatements(articles.map((article) => ({ article, statements: byArticle.get(article.id) ?? [] })));
  // The same words from different speakers stay two statements: keep their ids apart.
  const seen = new Map<string, number>();
  for (const statement of statements) {
    const n = seen.get(statement.id) ?? 0;
    seen.set(statement.id, n + 1);
    if (n > 0) statement.id = `${statement.id}-${n + 1}`;
  }
  return statements;
}

/**
 * The statements for `/latest`: filtered by speaker (any alias, part of a name, or role; case and
 * diacritics ignored) and `since` (said on or after, or published then when the day is unknown),
 * newest first by said_on then published; with `topic`, ranked by relevance through the index,
 * then recency. At most `limit` (default 10).
 */
export function selectLatest(statements: readonly Statement[], index: PassageIndex, filter: LatestFilter, lexicon: Lexicon): Statement[] {
  return selectStatements(statements, index, filter, lexicon);
}

/** Speakers with their statement counts, most quoted first (feeds autocomplete). */
export function countSpeakers(statements: readonly Statement[]): SpeakerCount[] {
  return countStatementsBySpeaker(statements);
}

/**
 * Statements answering "What did Shoygu say about Istanbul?": those of `query.speaker` (when given),
 * the most relevant to `query.topic` first (when given), else the newest. At most `limit` (default 5).
 *
 * @example findStatements(statements, index, { speaker: 'Shoygu', topic: 'Istanbul' })
 */
export function findStatements(statements: readonly Statement[], index: PassageIndex, query: StatementQuery, lexicon: Lexicon): Statement[] {
  return selectStatements(statements, index, { ...query, limit: query.limit ?? 5 }, lexicon);
}

/**
 * The speaker a question names, as the canonical name the statements use ("What did Shoigu say…"
 * → "Sergey Shoygu"), matched on full names, gazetteer spellings, surnames and institution names,
 * else on a role the statements give ("the Kremlin spokesman" → the speaker most quoted in that
 * role); null when the text names none of the statements' speakers.
 */
export function speakerInText(text: string, statements: readonly Statement[], lexicon: Lexicon): string | null {
  const plain = (t: string) => foldText(t).replace(/[.'’]/g, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  const folded = ` ${plain(text)} `;
  const counts = countSpeakers(statements);
  let best: { speaker: string; length: number } | null = null;
  for (const { speaker } of counts) {
    const known = lexicon.people.find((p) => p.name === speaker);
    const forms = [speaker, ...(known ? [...known.variants, ...known.surnames] : [speaker.split(' ').at(-1)!])];
    for (const form of forms) {
      const f = plain(form);
      if (f && folded.includes(` ${f} `) && (!best || f.length > best.length)) best = { speaker, length: f.length };
    }
  }
  // The longest match wins ("the Kremlin spokesman" over "Kremlin"); among equals the most quoted,
  // so a shared role ("Kremlin aide") goes to the one the coverage quotes most.
  for (const { speaker } of counts) {
    const roles = statements.filter((s) => s.speaker === speaker && s.role).map((s) => plain(s.role!));
    for (const r of roles) {
      if (r.includes(' ') && folded.includes(` ${r} `) && (!best || r.length > best.length)) best = { speaker, length: r.length };
    }
  }
  return best?.speaker ?? null;
}

/** Whether a statement's speaker is the one `query` names (alias, part of the name, or role). */
export function statementBy(statement: Statement, query: string, lexicon: Lexicon): boolean {
  return speakerMatches(statement, query, lexicon);
}

/** What a statement's speaker is; statements stored before `speaker_kind` existed count as persons when named. */
export function speakerKindOf(statement: Statement): SpeakerKind {
  return statement.speaker_kind ?? (statement.speaker === null ? 'unnamed' : 'person');
}
