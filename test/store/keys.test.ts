import { describe, expect, it } from 'vitest';
import {
  conversationHash,
  hashUserId,
  isAnswerId,
  isHashedUserId,
  keys,
  newAnswerId,
  normalizeQuestion,
  normalizeSubscriptionQuery,
  utcDay,
} from '../../src/store/keys.js';

const chat = { platform: 'telegram', id: '-100987654321' } as const;

describe('hashed ids', () => {
  it('hashes a user id stably, per platform, and never shows the raw id', () => {
    const hashed = hashUserId('telegram', '424242');
    expect(hashed).toMatch(/^u[0-9a-f]{32}$/);
    expect(hashUserId('telegram', '424242')).toBe(hashed);
    expect(hashUserId('discord', '424242')).not.toBe(hashed);
    expect(hashUserId('telegram', '424243')).not.toBe(hashed);
    expect(hashed).not.toContain('424242');
  });

  it('does not let the parts of an id run into each other', () => {
    expect(conversationHash({ platform: 'telegram', id: '1' })).not.toBe(conversationHash({ platform: 'discord', id: '1' }));
    expect(keys.context({ platform: 'telegram', id: '1' }, '23')).not.toBe(keys.context({ platform: 'telegram', id: '12' }, '3'));
  });

  it('tells a hashed user id from anything else', () => {
    expect(isHashedUserId(hashUserId('discord', '1'))).toBe(true);
    for (const value of ['424242', '', `u${'0'.repeat(31)}`, `u${'A'.repeat(32)}`, `${hashUserId('discord', '1')}0`]) expect(isHashedUserId(value)).toBe(false);
  });

  it('keeps every id out of every key', () => {
    const user = hashUserId('telegram', '424242');
    const all = [
      keys.context(chat, '777'),
      keys.userContexts(user),
      keys.rateBucket(user),
      keys.answer('v1', 'Who is Peskov?'),
      keys.subscriptions(chat),
      keys.claim(`notify:${chat.id}`),
      keys.feedbackField('20250603abcdef0123', user),
    ];
    for (const key of all) {
      expect(key).not.toContain('987654321');
      expect(key).not.toContain('424242');
    }
  });
});

describe('normalizeQuestion', () => {
  it('lets the same question in other case, spacing and end punctuation share one answer', () => {
    expect(normalizeQuestion('  Who is   Peskov?! ')).toBe('who is peskov');
    expect(normalizeQuestion('who is peskov…')).toBe('who is peskov');
    expect(keys.answer('v1', 'Who is Peskov?')).toBe(keys.answer('v1', 'who is  peskov'));
    expect(keys.answer('v1', 'Who is Peskov?')).not.toBe(keys.answer('v2', 'Who is Peskov?'));
  });

  it('folds compatibility forms (full-width letters, ligatures) and keeps inner punctuation', () => {
    expect(normalizeQuestion('ＷＨＯ is ﬁne?')).toBe('who is fine');
    expect(normalizeQuestion('What did the U.S. say?')).toBe('what did the u.s. say');
  });

  it('reduces empty and punctuation-only questions to an empty string', () => {
    expect(normalizeQuestion('')).toBe('');
    expect(normalizeQuestion(' ?!… ')).toBe('');
  });

  it('normalizes subscription queries without dropping their punctuation', () => {
    expect(normalizeSubscriptionQuery('  Dmitry   PESKOV ')).toBe('dmitry peskov');
    expect(normalizeSubscriptionQuery('U.S.?')).toBe('u.s.?');
  });
});

describe('answer ids', () => {
  const june3 = Date.UTC(2025, 5, 3, 23, 59);

  it('start with the UTC day and carry 40 random bits', () => {
    expect(utcDay(june3)).toBe('20250603');
    const id = newAnswerId(june3);
    expect(id).toMatch(/^20250603[0-9a-f]{10}$/);
    expect(new Set(Array.from({ length: 50 }, () => newAnswerId(june3))).size).toBe(50);
  });

  it('are recognised, and anything else from a button is refused', () => {
    expect(isAnswerId(newAnswerId())).toBe(true);
    for (const value of ['', '20250603', '20250603abcdef012', '20250603abcdef01234', '19990603abcdef0123', '20250603ABCDEF0123', '20250603abcdef0123\n', '../../etc/passwd']) {
      expect(isAnswerId(value), JSON.stringify(value)).toBe(false);
    }
  });

  it('give the day keys of the question log and ratings', () => {
    expect(keys.questionLog('20250603')).toBe('qlog:20250603');
    expect(keys.feedback('20250603')).toBe('votes:20250603');
  });
});
