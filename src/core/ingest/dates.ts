import * as chrono from 'chrono-node';

/**
 * Date recognition for article headers. Explicit formats first (fast and unambiguous), chrono-node
 * for the long tail of English date spellings. Only lines that are mostly a date count: a date
 * mentioned in a sentence is not the article's publication date.
 */

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};
const MONTH_NAME = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const ISO_DATE = /\b(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b/;
const MONTH_DAY_YEAR = new RegExp(`\\b${MONTH_NAME}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'i');
const DAY_MONTH_YEAR = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_NAME},?\\s+(\\d{4})\\b`, 'i');
const WEEKDAY = /\b(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?/i;
const CLOCK = /\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?/i;
// GMT, UTC, MSK, CEST, EDT...: an all-capitals abbreviation, or an offset such as +03:00.
const TIMEZONE = /\b[A-Z]{2,5}\b|[+-]\d{2}:?\d{2}\b/;
// Words that may surround a date on a dateline without making it prose.
const DATELINE_WORDS = /^(?:date|dated|published|posted|updated|last|modified|on|at|am|pm|a\.m\.|p\.m\.|gmt|utc|[a-z]{2,4}t|[|•·,:–—-])$/i;
// "Updated 2 hours ago": sites print how long ago a page changed next to its date.
const TIME_AGO = /\b\d+\s+(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago\b/i;
// An all-capitals section label ("WORLD") or a time zone next to the date.
const LABEL_WORD = /^\p{Lu}{2,}$/u;

export interface DateMatch {
  /** YYYY-MM-DD */
  date: string;
  /** The matched text within the line. */
  text: string;
  index: number;
}

function isoDate(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1 || day > 31) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Finds the first full calendar date (with a year) in `text`, or null. */
export function findDate(text: string): DateMatch | null {
  let m = ISO_DATE.exec(text);
  if (m) {
    const date = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
    if (date) return { date, text: m[0], index: m.index };
  }
  m = MONTH_DAY_YEAR.exec(text);
  if (m) {
    const date = isoDate(Number(m[3]), MONTHS[m[1]!.slice(0, 3).toLowerCase()] ?? 0, Number(m[2]));
    if (date) return { date, text: m[0], index: m.index };
  }
  m = DAY_MONTH_YEAR.exec(text);
  if (m) {
    const date = isoDate(Number(m[3]), MONTHS[m[2]!.slice(0, 3).toLowerCase()] ?? 0, Number(m[1]));
    if (date) return { date, text: m[0], index: m.index };
  }
  if (!/\d{4}/.test(text)) return null;
  for (const result of chrono.strict.parse(text)) {
    if (!result.start.isCertain('year') || !result.start.isCertain('month') || !result.start.isCertain('day')) continue;
    const date = isoDate(result.start.get('year')!, result.start.get('month')!, result.start.get('day')!);
    if (date) return { date, text: result.text, index: result.index };
  }
  return null;
}

/** Parses a machine date (ISO 8601, RFC 2822, "2025-05-12T10:00:00Z") to YYYY-MM-DD, or null. */
export function parseMachineDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const text = value.trim();
  const found = findDate(text);
  if (found) return found.date;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return null;
  const d = new Date(ms);
  return isoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/**
 * The date of a line that is a dateline (a date with at most a few label words around it, such
 * as "Published", a time or a section name), or null for any other line.
 */
export function datelineDate(line: string): DateMatch | null {
  if (line.length > 80 || !/\d/.test(line)) return null;
  const found = findDate(line);
  if (!found) return null;
  const rest = (line.slice(0, found.index) + ' ' + line.slice(found.index + found.text.length))
    .replace(WEEKDAY, ' ')
    .replace(CLOCK, ' ')
    .replace(TIME_AGO, ' ')
    .split(/\s+/)
    .map((w) => w.replace(/^[(\[]+|[),:;.\]]+$/g, ''))
    .filter((w) => w !== '' && !/^(?:GMT|UTC)?[+-]\d{1,2}(?::?\d{2})?$/.test(w) && !/^\d{1,2}[.:]\d{2}$/.test(w));
  const extra = rest.filter((w) => !DATELINE_WORDS.test(w) && !LABEL_WORD.test(w));
  return extra.length <= 1 && rest.length <= 4 ? found : null;
}

/**
 * True for a page's "today" banner: weekday, date, clock time and time zone together, as sites
 * print above every page regardless of when the article appeared.
 */
export function isPageBanner(line: string): boolean {
  return WEEKDAY.test(line) && CLOCK.test(line) && TIMEZONE.test(line) && findDate(line) !== null;
}

/** A date written in an article URL's path (/2025/05/12/ or /2025-05-12/), or null. */
export function dateFromUrl(url: string | null): string | null {
  if (!url) return null;
  const m = /\/(\d{4})[/-](\d{2})[/-](\d{2})(?:[/-]|$)/.exec(url);
  return m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}
