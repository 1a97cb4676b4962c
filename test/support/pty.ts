import { execFileSync, spawn } from 'node:child_process';
import { bin, root, seeds } from './cli.js';

/**
 * Runs the built CLI on a pseudo-terminal, as an operator at a terminal would, through util-linux
 * `script` (no native module). stdin, stdout and stderr of the command are all the terminal, so
 * `output` holds both streams as the terminal got them, control sequences included.
 */
export interface PtyRun {
  code: number | null;
  output: string;
}

/** Why pty tests cannot run here (no `script` from util-linux), or undefined when they can. */
export const ptyUnavailable: string | undefined = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return '`script` (util-linux) is not installed, so no pseudo-terminal can be made';
  }
})();

const quote = (arg: string): string => `'${arg.replace(/'/g, `'\\''`)}'`;

export function runCliInPty(args: string[], env: NodeJS.ProcessEnv = {}): Promise<PtyRun> {
  const command = [process.execPath, bin, ...args].map(quote).join(' ');
  return new Promise((resolve, reject) => {
    // -q: no "Script started" lines; -e: the command's exit code; -f: flush as it comes; log to /dev/null.
    const child = spawn('script', ['-qefc', command, '/dev/null'], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'silent', CORPUS_DIR: seeds, TERM: 'xterm', COLUMNS: '120', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}
