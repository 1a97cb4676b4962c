import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The project root, the built CLI and the seeds, for tests that spawn the CLI as a user would. */
export const root = path.resolve(import.meta.dirname, '../..');
export const bin = path.join(root, 'dist/adapters/cli/bin.js');
export const seeds = path.join(root, 'seeds');

/** A data folder of this test file's own, so that spawned commands never write into the project. */
const dataDir = mkdtempSync(path.join(tmpdir(), 'cli-data-'));
process.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Fails a suite early with a useful message when the build is missing. */
export function assertBuilt(): void {
  if (!existsSync(bin)) throw new Error('dist/ is missing: run `npm run build` first (npm test does it)');
}

/**
 * Runs `coverage-bot ARGS…` in a child process over the seeds (unless env names another corpus),
 * silent logs, with `input` on its standard input.
 */
export function runCli(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'silent', CORPUS_DIR: seeds, DATA_DIR: dataDir, ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
