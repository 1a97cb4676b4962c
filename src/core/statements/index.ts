export type { LatestFilter, SpeakerCount, Statement, StatementCitation } from './types.js';
import type { Article } from '../ingest/types.js';
import type { PassageIndex } from '../index/types.js';
import type { LatestFilter, SpeakerCount, Statement } from './types.js';

export function extractStatements(_articles: readonly Article[]): Statement[] {
  // Placeholder until statement extraction lands.
  return [];
}

export function selectLatest(
  statements: readonly Statement[],
  _index: PassageIndex,
  filter: LatestFilter = {},
): Statement[] {
  return statements.slice(0, filter.limit ?? 10);
}

export function countSpeakers(_statements: readonly Statement[]): SpeakerCount[] {
  return [];
}
