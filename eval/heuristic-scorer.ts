import type { AnswerScorer, CandidateFeatures } from '../src/core/qa/index.js';

/**
 * The hand-set rules answering used before the learned scorer (commit 84e6bb4), restated over the
 * new features, kept only to compare with in `npm run eval`. Its numbers are the old hand-set ones:
 * rank = 0.7 · coverage + 0.3 · BM25 ratio, bonuses and penalties as listed; it answers when the
 * coverage reaches a support bar raised for each missing key term.
 */
const OLD = {
  coverageMix: 0.7,
  bm25Mix: 0.3,
  typeBonus: 0.08,
  statementBonus: 0.1,
  missingNamePenalty: 0.3,
  missingKeyPenalty: 0.2,
  minCoverage: 0.45,
  missingKeyBar: 0.25,
  /** Old match weights: a term in the paragraph counted 0.6, in the headline 0.75. */
  paragraphMatch: 0.6,
  headlineMatch: 0.75,
} as const;

function coverageOf(f: CandidateFeatures): number {
  return (
    f.coverSentence +
    OLD.paragraphMatch * Math.max(0, f.coverParagraph - f.coverSentence) +
    OLD.headlineMatch * Math.max(0, f.coverContext - f.coverParagraph)
  );
}

function rankOf(f: CandidateFeatures): number {
  return (
    OLD.coverageMix * coverageOf(f) +
    OLD.bm25Mix * f.bm25RatioBest +
    (f.expectsType && f.typeInSentence ? OLD.typeBonus : 0) +
    OLD.statementBonus * f.statementSupport -
    OLD.missingNamePenalty * f.nameMissingArticle -
    OLD.missingKeyPenalty * (f.keyMissingContext + f.staleForPresent)
  );
}

export const heuristicScorer: AnswerScorer = {
  name: 'heuristic (old hand-set rules)',
  threshold: 0.5,
  rank: (features) => features.map(rankOf),
  confidence: (ranked) => {
    const best = ranked[0];
    if (!best) return 0;
    const bar = OLD.minCoverage + (best.keyMissingContext > 0 ? OLD.missingKeyBar : 0);
    const supported = coverageOf(best) >= bar && best.nameMissingArticle === 0 && best.keyMissingContext <= 0.5;
    return supported ? 1 : 0;
  },
};
