import * as chrono from 'chrono-node';

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const DAY_MS = 86_400_000;

/** A date the text gives for when something was said: `date` (YYYY-MM-DD, or null when it cannot be placed). */
export interface DateClue {
  date: string | null;
  text: string;
}

const toIso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const parseIso = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

/**
 * Finds the first expression of when something was said in `text` (the attribution words of a
 * sentence, never the statement itself) and resolves it against the publication date:
 * a weekday ("on Thursday", "Tuesday") is the latest such day on or before publication ("last
 * Monday": strictly before); "yesterday", "today", "last week", "earlier this week", "earlier this
 * month" (the month's first day: the earliest it can be), "last month"; explicit dates ("May 12",
 * "12 May 2025"). Returns undefined when the text has no such expression.
 */
export function findDateClue(text: string, published: string | null): DateClue | undefined {
  const lower = text.toLowerCase();
  const pub = published ? parseIso(published) : NaN;
  const known = !Number.isNaN(pub);
  const relative: [RegExp, (m: RegExpExecArray) => number | null][] = [
    [/\b(last|this past|this|on)?\s*(sunday|monday|tuesday|wednesday|thursday|friday|saturday)\b/, (m) => {
      if (!known) return null;
      const target = WEEKDAYS.indexOf(m[2]!);
      let back = (new Date(pub).getUTCDay() - target + 7) % 7;
      if (back === 0 && m[1] === 'last') back = 7;
      return pub - back * DAY_MS;
    }],
    [/\byesterday\b/, () => (known ? pub - DAY_MS : null)],
    [/\b(today|this morning|this afternoon|this evening|tonight|earlier in the day)\b/, () => (known ? pub : null)],
    [/\blast week\b/, () => (known ? pub - 7 * DAY_MS : null)],
    [/\bearlier this week\b/, () => {
      if (!known) return null;
      const sinceMonday = (new Date(pub).getUTCDay() + 6) % 7;
      return pub - Math.max(sinceMonday, 1) * DAY_MS;
    }],
    [/\bearlier this month\b/, () => {
      if (!known) return null;
      const d = new Date(pub);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    }],
    [/\blast month\b/, () => {
      if (!known) return null;
      const d = new Date(pub);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1);
    }],
  ];
  let best: { index: number; clue: DateClue } | undefined;
  for (const [pattern, resolve] of relative) {
    const m = pattern.exec(lower);
    if (m && (!best || m.index < best.index)) {
      const ms = resolve(m);
      best = { index: m.index, clue: { date: ms === null ? null : toIso(ms), text: m[0].trim() } };
    }
  }
  const explicit = explicitDate(text, known ? pub : NaN);
  if (explicit && (!best || explicit.index < best.index)) best = explicit;
  return best?.clue;
}

function explicitDate(text: string, pub: number): { index: number; clue: DateClue } | undefined {
  // Only dates with a month and day written out; chrono's relative words are handled above.
  const month = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?';
  if (!new RegExp(`${month}\\s+\\d|\\d\\s+${month}|\\d{4}-\\d{2}-\\d{2}|\\d{1,2}/\\d{1,2}`, 'i').test(text)) return undefined;
  // Without a publication date only dates with their year written out are kept (below), and those do
  // not depend on the reference: a fixed one keeps the output the same on any day it runs.
  const reference = new Date(Number.isNaN(pub) ? 0 : pub + DAY_MS / 2);
  for (const result of chrono.parse(text, reference, { forwardDate: false })) {
    const start = result.start;
    if (!start.isCertain('day') || !start.isCertain('month')) continue;
    if (!start.isCertain('year') && Number.isNaN(pub)) return { index: result.index, clue: { date: null, text: result.text } };
    let ms = Date.UTC(start.get('year')!, start.get('month')! - 1, start.get('day')!);
    // A date without a year, later than publication, was last year's.
    if (!start.isCertain('year') && ms > pub) ms = Date.UTC(start.get('year')! - 1, start.get('month')! - 1, start.get('day')!);
    return { index: result.index, clue: { date: toIso(ms), text: result.text } };
  }
  return undefined;
}
