/**
 * Headless Chromium (Debian's `chromium` package) for tests that check a page as a browser renders
 * it. Started per call with a fresh profile, no network services, and stopped by its PID.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The browser: `CHROMIUM` when set, else /usr/bin/chromium; undefined when missing. */
export function findChromium(): string | undefined {
  for (const candidate of [process.env.CHROMIUM?.trim(), '/usr/bin/chromium'].filter((c): c is string => Boolean(c))) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not this one
    }
  }
  return undefined;
}

/**
 * Skip browser suites only locally when Chromium is not installed; under CI=true they run and fail
 * (with a message saying how to install it), since .ci/run installs it.
 */
export const skipChromiumSuites = findChromium() === undefined && process.env.CI !== 'true';
export const SKIP_CHROMIUM_REASON = 'chromium is not installed (apt-get install chromium); CI installs it and runs these tests';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--hide-scrollbars',
];

/** Why each run gets at most this long: a cold start on a loaded 2-core machine takes a few seconds. */
const RUN_TIMEOUT_MS = 60_000;

function run(args: string[]): Promise<string> {
  const binary = findChromium();
  if (!binary) return Promise.reject(new Error(`chromium not found: ${SKIP_CHROMIUM_REASON}`));
  const profile = mkdtempSync(path.join(os.tmpdir(), 'chromium-profile-'));
  return new Promise<string>((resolve, reject) => {
    execFile(binary, [...FLAGS, `--user-data-dir=${profile}`, ...args], { timeout: RUN_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      rmSync(profile, { recursive: true, force: true });
      if (error) reject(new Error(`chromium failed: ${error.message}\n${stderr.slice(-2000)}`));
      else resolve(stdout);
    });
  });
}

/** The DOM of a local file after Chromium has parsed and laid it out (scripts would have run too). */
export function dumpDom(file: string): Promise<string> {
  return run(['--dump-dom', pathToFileURL(file).href]);
}

/** Screenshots a local file into `png` at the given window size. */
export async function screenshot(file: string, png: string, size = { width: 1200, height: 3200 }): Promise<void> {
  await run([`--screenshot=${png}`, `--window-size=${size.width},${size.height}`, pathToFileURL(file).href]);
}
