/** One thing `coverage-bot doctor` checked. */
export interface CheckResult {
  /** Stable name for --json and scripts: 'node', 'environment', 'redis', ... */
  id: string;
  /** What was checked, for people ("Redis", "Telegram webhook"). */
  title: string;
  /** `skip`: not configured, or cannot be checked until an earlier problem is fixed; it does not fail the doctor. */
  status: 'pass' | 'fail' | 'skip';
  /** What was found, in one line. */
  detail: string;
  /** What to do about a failure, in one line. */
  fix?: string;
  /** The particulars, one line each (every bad variable, every file that would be skipped). */
  items?: string[];
}

/** Everything the doctor found; `ok` when nothing failed. */
export interface DoctorReport {
  ok: boolean;
  checks: CheckResult[];
}

export const pass = (id: string, title: string, detail: string, items?: string[]): CheckResult => ({ id, title, status: 'pass', detail, ...(items?.length ? { items } : {}) });
export const fail = (id: string, title: string, detail: string, fix: string, items?: string[]): CheckResult => ({ id, title, status: 'fail', detail, fix, ...(items?.length ? { items } : {}) });
export const skip = (id: string, title: string, detail: string): CheckResult => ({ id, title, status: 'skip', detail });

/**
 * How long a network check waits for an answer. A healthy service answers in well under a
 * second; a few seconds tolerate a slow link without leaving the operator staring at a hung command.
 */
export const NETWORK_TIMEOUT_MS = 5000;
