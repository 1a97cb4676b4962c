import { FEEDBACK_REASONS, isAnswerId, type FeedbackReason, type FeedbackVote } from '../store/index.js';

/** A press of a rating button: which answer, 👍 or 👎, and for 👎 optionally why. */
export interface VotePress {
  answerId: string;
  vote: FeedbackVote;
  reason?: FeedbackReason;
}

/** The reasons a 👎 may carry, with the label a button shows. */
export const REASON_LABELS: Record<FeedbackReason, string> = {
  'wrong-answer': 'Wrong answer',
  'wrong-source': 'Wrong source',
  'should-have-answered': 'Should have answered',
  'should-not-have-answered': 'Should not have answered',
};

const REASON_CODES: Record<FeedbackReason, string> = {
  'wrong-answer': 'wa',
  'wrong-source': 'ws',
  'should-have-answered': 'sa',
  'should-not-have-answered': 'sn',
};

const PREFIX = 'fb1';
/** Longer than any payload encodeVote makes; anything longer is not ours and is not even parsed. */
const PAYLOAD_MAX_LENGTH = 40;

/**
 * The payload of a rating button, the same on both platforms (a Telegram callback_data of at most
 * 64 bytes, a Discord custom_id of at most 100 characters): `fb1:<answer id>:<u|d>[:<reason>]`.
 */
export function encodeVote(press: VotePress): string {
  const parts = [PREFIX, press.answerId, press.vote === 'up' ? 'u' : 'd'];
  if (press.vote === 'down' && press.reason) parts.push(REASON_CODES[press.reason]);
  return parts.join(':');
}

/** True when a payload is meant as a rating (so an adapter routes it here, even if it is hostile). */
export function isVotePayload(payload: unknown): boolean {
  return typeof payload === 'string' && payload.startsWith(`${PREFIX}:`);
}

/** The press a payload stands for, or null for anything encodeVote did not make (never throws). */
export function parseVote(payload: unknown): VotePress | null {
  if (typeof payload !== 'string' || payload.length > PAYLOAD_MAX_LENGTH) return null;
  const match = /^fb1:([0-9a-f]{18}):(u|d)(?::(wa|ws|sa|sn))?$/.exec(payload);
  if (!match || !isAnswerId(match[1]!)) return null;
  if (match[2] === 'u') return match[3] ? null : { answerId: match[1]!, vote: 'up' };
  const reason = FEEDBACK_REASONS.find((r) => REASON_CODES[r] === match[3]);
  return reason ? { answerId: match[1]!, vote: 'down', reason } : { answerId: match[1]!, vote: 'down' };
}

/**
 * A rating typed in the terminal chat: `good`, `bad`, or `bad` with a reason in words
 * ("bad wrong source"). Undefined when the line is not a rating.
 */
export function parseTypedVote(line: string): Omit<VotePress, 'answerId'> | undefined {
  const words = line.trim().toLowerCase().replace(/[.!]+$/, '').replace(/\s+/g, ' ');
  if (words === 'good' || words === '👍') return { vote: 'up' };
  const bad = /^(?:bad|👎)(?: (.+))?$/.exec(words);
  if (!bad) return undefined;
  if (!bad[1]) return { vote: 'down' };
  const reason = FEEDBACK_REASONS.find((r) => REASON_LABELS[r].toLowerCase() === bad[1] || r === bad[1]);
  return reason ? { vote: 'down', reason } : undefined;
}
