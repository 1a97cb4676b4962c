import { describe, expect, it } from 'vitest';
import { encodeVote, isVotePayload, parseTypedVote, parseVote } from '../../src/service/index.js';
import { FEEDBACK_REASONS, newAnswerId } from '../../src/store/index.js';

describe('rating button payloads', () => {
  const answerId = newAnswerId(Date.UTC(2026, 0, 2));

  it('round-trip every vote and reason, within Telegram’s 64 bytes', () => {
    const presses = [{ answerId, vote: 'up' as const }, { answerId, vote: 'down' as const }, ...FEEDBACK_REASONS.map((reason) => ({ answerId, vote: 'down' as const, reason }))];
    for (const press of presses) {
      const payload = encodeVote(press);
      expect(Buffer.byteLength(payload)).toBeLessThanOrEqual(64);
      expect(parseVote(payload)).toEqual(press);
      expect(isVotePayload(payload)).toBe(true);
    }
  });

  it('refuses hostile or foreign payloads without throwing', () => {
    const hostile: unknown[] = [
      undefined, null, 42, {}, '', 'fb1:', `fb1:${answerId}`, `fb1:${answerId}:x`, `fb1:${answerId}:u:wa`, `fb1:${answerId}:d:zz`,
      `fb1:${answerId}:d:wa:extra`, `fb1:../../etc/passwd:u`, `fb1:${answerId.slice(0, 8)}ABCDEF0123:u`, `fb1:19990101abcdefabcd:u`,
      `fb1:${answerId}:u\n`, `fb1:${'a'.repeat(5000)}:u`, `fb1:${answerId}:d:__proto__`, 'cb1:more:3:', '<script>alert(1)</script>',
    ];
    for (const payload of hostile) expect(parseVote(payload)).toBeNull();
  });

  it('reads "good" and "bad [reason]" typed in the terminal', () => {
    expect(parseTypedVote('good')).toEqual({ vote: 'up' });
    expect(parseTypedVote('Bad.')).toEqual({ vote: 'down' });
    expect(parseTypedVote('bad wrong source')).toEqual({ vote: 'down', reason: 'wrong-source' });
    expect(parseTypedVote('bad should not have answered')).toEqual({ vote: 'down', reason: 'should-not-have-answered' });
    expect(parseTypedVote('bad idea to ask about Peskov?')).toBeUndefined();
    expect(parseTypedVote('goodbye')).toBeUndefined();
  });
});
