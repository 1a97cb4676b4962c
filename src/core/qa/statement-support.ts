import type { AnalyzedQuery, PassageIndex } from '../index/index.js';
import { foldText } from '../index/index.js';
import type { Statement } from '../statements/types.js';
import { SAYING_WORDS, type QuestionShape } from './question.js';

const foldedSpeakers = new WeakMap<readonly Statement[], string[]>();

/**
 * Each statement's speaker and role, folded, in statement order; computed once per statement list
 * (a coverage's statements do not change), since folding thousands of them per question is most of its cost.
 */
function foldedSpeakersOf(statements: readonly Statement[]): string[] {
  let folded = foldedSpeakers.get(statements);
  if (!folded) {
    folded = statements.map((s) => foldText(`${s.speaker ?? ''} ${s.role ?? ''}`));
    foldedSpeakers.set(statements, folded);
  }
  return folded;
}

/** Passages that hold a statement of the question's speaker on its topic, found through the statements. */
export function statementSupport(
  index: PassageIndex,
  shape: QuestionShape,
  statements: readonly Statement[],
  query: AnalyzedQuery,
): Set<number> {
  const found = new Set<number>();
  if (!shape.speaker) return found;
  const speakerWords = foldText(shape.speaker)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 2 && !['the', 'his', 'her', 'their'].includes(w));
  if (speakerWords.length === 0) return found;
  const speakers = foldedSpeakersOf(statements);
  const bySpeaker = statements.filter((_, i) => speakerWords.some((w) => speakers[i]!.includes(w)));
  // The topic is the question's other words: its verb of saying ("say", and "tell" added as its
  // synonym) is in nearly every passage that quotes someone.
  const saying = new Set(query.terms.filter((t) => SAYING_WORDS.has(t.text.toLowerCase())).map((t) => t.term));
  const topic = query.terms.filter((t) => t.id >= 0 && !t.proper && !saying.has(t.term) && !(t.synonymOf !== undefined && saying.has(t.synonymOf)));
  for (const statement of bySpeaker.slice(0, 50)) {
    const ordinal = quotePassage(index, statement);
    if (ordinal < 0) continue;
    const quoteTerms = new Set(index.passageTerms(ordinal));
    const onTopic = topic.some((t) => quoteTerms.has(t.id));
    if (onTopic) found.add(ordinal);
  }
  return found;
}

const quotePassages = new WeakMap<PassageIndex, WeakMap<Statement, number>>();

/**
 * The passage of its citing articles that best matches a statement's quote (-1 when none), found
 * once per index: a common speaker's statements come up in question after question, and analyzing
 * a quote (wink tagging) costs more than the search.
 */
function quotePassage(index: PassageIndex, statement: Statement): number {
  let known = quotePassages.get(index);
  if (!known) {
    known = new WeakMap();
    quotePassages.set(index, known);
  }
  let ordinal = known.get(statement);
  if (ordinal === undefined) {
    const articleIds = new Set(statement.citations.map((c) => c.article));
    ordinal = index.searchAnalyzed(index.analyze(statement.quote, { related: false }), { limit: 1, articleIds })[0]?.ordinal ?? -1;
    known.set(statement, ordinal);
  }
  return ordinal;
}

