import { describe, expect, it, vi } from 'vitest';
import { findDateClue } from '../../../src/core/statements/dates.js';

describe('findDateClue', () => {
  it('places weekdays and relative words before the publication date', () => {
    // 2025-05-29 was a Thursday.
    expect(findDateClue('he said on Thursday', '2025-05-29')).toEqual({ date: '2025-05-29', text: 'on thursday' });
    expect(findDateClue('he said last Thursday', '2025-05-29')).toEqual({ date: '2025-05-22', text: 'last thursday' });
    expect(findDateClue('she told reporters on Monday', '2025-05-29')).toEqual({ date: '2025-05-26', text: 'on monday' });
    expect(findDateClue('he said yesterday', '2025-05-29')?.date).toBe('2025-05-28');
    expect(findDateClue('earlier this month, he said', '2025-05-29')?.date).toBe('2025-05-01');
  });

  it('takes a year-less date after publication as last year’s, and a written-out date as it is', () => {
    expect(findDateClue('he said on December 3', '2025-05-29')?.date).toBe('2024-12-03');
    expect(findDateClue('he said on May 12', '2025-05-29')?.date).toBe('2025-05-12');
    expect(findDateClue('he said on 12 May 2023', '2025-05-29')?.date).toBe('2023-05-12');
    expect(findDateClue('he said', '2025-05-29')).toBeUndefined();
  });

  it('without a publication date keeps only dates written out in full, the same on any day it runs', () => {
    const undated = () => [findDateClue('he said on Thursday', null), findDateClue('he said on May 12', null), findDateClue('he said on May 12, 2023', null)];
    const today = undated();
    expect(today).toEqual([
      { date: null, text: 'on thursday' },
      { date: null, text: 'May 12' },
      { date: '2023-05-12', text: 'May 12, 2023' },
    ]);
    vi.useFakeTimers({ now: Date.UTC(2031, 0, 15) });
    try {
      expect(undated()).toEqual(today);
    } finally {
      vi.useRealTimers();
    }
  });
});
