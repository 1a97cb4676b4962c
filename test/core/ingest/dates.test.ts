import { describe, expect, it } from 'vitest';
import { datelineDate, dateFromUrl, findDate, isPageBanner, parseMachineDate } from '../../../src/core/ingest/dates.js';

describe('datelines', () => {
  it.each([
    ['May 29, 2025', '2025-05-29'],
    [' date 2025-05-29 WORLD', '2025-05-29'],
    ['24 Jan, 2025 09:58', '2025-01-24'],
    ['2025-07-22 05:29:53', '2025-07-22'],
    ['Published On 9 Jun 2025', '2025-06-09'],
    ['Tue 3 Jun 2025 15.32 BST', '2025-06-03'],
    ['Updated 6:12 AM GMT+2, June 4, 2025', '2025-06-04'],
    ['Last updated: 12 May 2025 - 14:00 BST', '2025-05-12'],
    ['March 3, 2026 4:18 PM GMT+1 Updated 2 hours ago', '2026-03-03'],
  ])('reads %j as %s', (line, date) => {
    expect(datelineDate(line.trim())?.date).toBe(date);
  });

  it('does not take a sentence that mentions a date for a dateline', () => {
    expect(datelineDate('The talks were held on May 29, 2025 in Istanbul.')).toBeNull();
  });

  it('rejects impossible calendar dates', () => {
    expect(datelineDate('2025-02-30')).toBeNull();
  });

  it('recognises a "today" banner by weekday, time and time zone together', () => {
    expect(isPageBanner('Tuesday, 02 January 2024 12:17 GMT')).toBe(true);
    expect(isPageBanner('24 Jan, 2025 09:58')).toBe(false);
    expect(isPageBanner('May 29, 2025')).toBe(false);
  });

  it('reads machine dates and dates in URL paths', () => {
    expect(parseMachineDate('2025-03-14T08:30:00+01:00')).toBe('2025-03-14');
    expect(parseMachineDate('Mon, 12 May 2025 10:00:00 GMT')).toBe('2025-05-12');
    expect(dateFromUrl('https://www.themoscowtimes.com/2025/05/12/kremlin-a89054')).toBe('2025-05-12');
    expect(dateFromUrl('https://example.org/news/kremlin-a89054')).toBeNull();
  });
});

describe('findDate', () => {
  it('finds the first full date in ISO, month-day-year and day-month-year order, with where it stands', () => {
    expect(findDate('The talks on 2025-05-29T10:00:00Z ended')).toEqual({ date: '2025-05-29', text: '2025-05-29T10:00:00Z', index: 13 });
    expect(findDate('Signed on Sept. 3rd, 2024 in Oslo')).toMatchObject({ date: '2024-09-03', text: 'Sept. 3rd, 2024' });
    expect(findDate('Signed on the 3rd of September 2024')).toMatchObject({ date: '2024-09-03' });
  });

  it('refuses impossible dates and dates without a year', () => {
    expect(findDate('February 30, 2025')).toBeNull();
    expect(findDate('2025-13-01')).toBeNull();
    expect(findDate('on May 29 the talks ended')).toBeNull();
    expect(findDate('in the year 1850')).toBeNull();
  });

  it('returns null for empty and odd input', () => {
    expect(findDate('')).toBeNull();
    expect(findDate('\u200B\u00A0 ☃ 2025')).toBeNull();
  });
});

describe('parseMachineDate on bad input', () => {
  it('returns null for missing, empty and unparseable values', () => {
    expect(parseMachineDate(null)).toBeNull();
    expect(parseMachineDate(undefined)).toBeNull();
    expect(parseMachineDate('')).toBeNull();
    expect(parseMachineDate('last Tuesday')).toBeNull();
  });
});
