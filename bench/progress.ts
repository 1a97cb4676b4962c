import { createProgress } from '../src/adapters/cli/progress.js';

/**
 * Where the bench says what it is doing. stdout carries the JSON report, so everything here goes
 * to stderr: on an interactive terminal a bar of the sections done (with the rate and time left)
 * under the "bench: …" lines, elsewhere (a pipe, a log file, CI) the plain lines alone.
 */
export const benchProgress = createProgress(Boolean(process.stderr.isTTY) && process.env.TERM !== 'dumb');

/** A "bench: …" line on stderr, above the bar when there is one. */
export function note(message: string): void {
  benchProgress.log(`bench: ${message}`);
}

/**
 * Passes a child process's stderr on line by line (a line at a time keeps the bar whole); call
 * the returned function once more without an argument when the child ends, for a last partial line.
 */
export function forwardLines(): (chunk?: string) => void {
  let pending = '';
  return (chunk) => {
    if (chunk === undefined) {
      if (pending) benchProgress.log(pending);
      pending = '';
      return;
    }
    const lines = (pending + chunk).split('\n');
    pending = lines.pop()!;
    for (const line of lines) benchProgress.log(line);
  };
}
