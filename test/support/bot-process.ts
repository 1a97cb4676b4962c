import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { expect, vi } from 'vitest';

const projectRoot = path.resolve(import.meta.dirname, '../..');

/** A whole bot process (src/main.ts) started by a test, with everything it has logged so far. */
export interface BotProcess {
  child: ChildProcess;
  log: () => string;
}

/**
 * Starts src/main.ts with exactly `env` (plus PATH and HOME) and waits until its log contains
 * `readyLine`; rejects with the log if the process exits first.
 */
export async function startBotProcess(name: string, env: NodeJS.ProcessEnv, readyLine: string, timeoutMs: number): Promise<BotProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'src/main.ts')], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += String(chunk)));
  child.stderr!.on('data', (chunk) => (output += String(chunk)));
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`${name} exited with ${code}: ${output}`))));
  await Promise.race([vi.waitFor(() => expect(output).toContain(readyLine), { timeout: timeoutMs, interval: 100 }), exited]);
  return { child, log: () => output };
}

/** Stops a bot process with SIGTERM, if it still runs, and waits for it to exit. */
export async function stopBotProcess(bot: BotProcess): Promise<void> {
  if (bot.child.exitCode !== null) return;
  const exited = new Promise((resolve) => bot.child.once('exit', resolve));
  bot.child.kill('SIGTERM');
  await exited;
}

/** How many times the bot has swapped in a new coverage. */
export function coverageChanges(bot: BotProcess): number {
  return bot.log().split('\n').filter((line) => line.includes('"msg":"coverage changed"')).length;
}
