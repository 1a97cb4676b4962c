import { createRequire } from 'node:module';
import type cliProgress from 'cli-progress';
import type { ProgressCallback, ProgressStep } from '../../core/index.js';

/**
 * A progress bar for long work on an interactive terminal: what is being done, a bar, done /
 * total, the rate and the time left. It draws on stderr only when it is wanted (see
 * `progressWanted`); otherwise every call does nothing, so commands use it unconditionally.
 * Drawing is cli-progress's (a maintained library: throttled redraws, terminal width, cursor
 * and line-wrap handling, clearing the bar when done); the rate and time left are the average
 * over the current step, steadier than the library's estimate over the last few updates.
 */
export interface ProgressDisplay {
  /** Pass to the core's long operations; each new step starts the bar afresh. */
  onProgress: ProgressCallback;
  /** Sets the bar by hand, for work the core does not report (the bench's sections). */
  update(done: number, total: number, label: string, unit?: string): void;
  /** Prints a line above the bar without garbling it (the bar is redrawn below). */
  log(line: string): void;
  /** Removes the bar; call before printing results, and on failure too. */
  stop(): void;
}

/** What a step counts, for the rate ("1,200 files/s"). */
const STEP_UNITS: Record<ProgressStep, string> = {
  'reading files': 'files',
  'adding files': 'files',
  indexing: 'articles',
  'finding statements': 'articles',
};

/**
 * Whether a command should draw progress: never with --json or --quiet, never when stdout or
 * stderr is not a terminal (output piped, redirected or captured by a supervisor, whose logs
 * stay plain lines) and never on a terminal that cannot move the cursor (TERM=dumb).
 */
export function progressWanted(
  options: { json?: boolean; quiet?: boolean },
  streams: { stdout: { isTTY?: boolean }; stderr: { isTTY?: boolean } } = process,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  return !options.json && !options.quiet && Boolean(streams.stdout.isTTY) && Boolean(streams.stderr.isTTY) && env.TERM !== 'dumb';
}

/** A progress display drawing on `stream` when `enabled`, and a silent one otherwise. */
export function createProgress(enabled: boolean, stream: NodeJS.WriteStream = process.stderr): ProgressDisplay {
  if (!enabled) return { onProgress: () => undefined, update: () => undefined, log: (line) => void stream.write(`${line}\n`), stop: () => undefined };
  // Loaded only when a bar is drawn: it costs tens of milliseconds, which every piped command would pay at start.
  const { SingleBar } = createRequire(import.meta.url)('cli-progress') as typeof cliProgress;
  let bar: cliProgress.SingleBar | undefined;
  let current = { label: '', total: 0, started: 0 };

  const update = (done: number, total: number, label: string, unit = 'items'): void => {
    if (total <= 0) return;
    if (!bar || label !== current.label || total !== current.total) {
      bar?.stop();
      bar = new SingleBar({
        stream,
        format: '{label} [{bar}] {value}/{total} {unit} | {rate} | {left}',
        barsize: 24,
        hideCursor: true,
        clearOnComplete: true,
        // The CLI's own handlers decide what Ctrl-C does; the bar is cleared in `stop`.
        gracefulExit: false,
      });
      current = { label, total, started: performance.now() };
      bar.start(total, done, { label, unit, ...pace(0, total, 0) });
    }
    bar.update(done, { ...pace(done, total, performance.now() - current.started), unit });
  };

  return {
    onProgress: (done, total, step) => update(done, total, step, STEP_UNITS[step]),
    update,
    log(line) {
      if (!bar) return void stream.write(`${line}\n`);
      stream.write(`\r\x1b[2K${line}\n`);
      bar.render();
    },
    stop() {
      bar?.stop();
      bar = undefined;
      current = { label: '', total: 0, started: 0 };
    },
  };
}

/** Rate and time left from the average pace since the step began; blank until there is a pace to speak of. */
export function pace(done: number, total: number, elapsedMs: number): { rate: string; left: string } {
  // Under a quarter second the average says little (the first files are often the slow ones).
  if (done === 0 || elapsedMs < 250) return { rate: '…/s', left: '… left' };
  const perSecond = (done * 1000) / elapsedMs;
  // Slow work (the bench's sections) reads better per minute than as "0.0/s".
  const rate =
    perSecond >= 10 ? `${Math.round(perSecond).toLocaleString('en')}/s` : perSecond >= 1 ? `${perSecond.toFixed(1)}/s` : `${(perSecond * 60).toFixed(1)}/min`;
  return { rate, left: `${formatDuration(((total - done) / perSecond) * 1000)} left` };
}

/** "4 s", "2 min 05 s", "1 h 02 min". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 1) return 'under 1 s';
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}
