/**
 * Scoring statement attribution against a labelled list (evaluation code: the eval and the
 * statements tests read it; the bot never does).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { comparableText } from '../src/core/ingest/normalize.js';
import type { Statement } from '../src/core/statements/types.js';

/** One statement an eval list expects: who made it, a distinctive piece of its text, and the article quoting it. */
export interface ExpectedStatement {
  article: string;
  speaker: string;
  contains: string;
}

export interface AttributionReport {
  expected: number;
  found: number;
  /** found / expected (1 for an empty list). */
  accuracy: number;
  missed: ExpectedStatement[];
}

const listSchema = z.object({
  statements: z.array(z.object({ article: z.string().min(1), speaker: z.string().min(1), contains: z.string().min(1) })),
});

/** Reads an eval list such as test/fixtures/eval/dev-statements.json ({"statements": [{article, speaker, contains}]}). */
export function readExpectedStatements(file: string): ExpectedStatement[] {
  return listSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).statements;
}

/**
 * Attribution accuracy as issue 5 defines it: an expected statement counts when a statement citing
 * its article has a quote containing the listed words and names the listed person as its speaker.
 */
export function attributionAccuracy(statements: readonly Statement[], expected: readonly ExpectedStatement[]): AttributionReport {
  const missed = expected.filter(
    (e) =>
      !statements.some(
        (s) => s.speaker === e.speaker && s.citations.some((c) => c.article === e.article) && comparableText(s.quote).includes(comparableText(e.contains)),
      ),
  );
  const found = expected.length - missed.length;
  return { expected: expected.length, found, accuracy: expected.length === 0 ? 1 : found / expected.length, missed };
}
