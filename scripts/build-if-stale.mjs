#!/usr/bin/env node
/**
 * `npm start`'s pre-step: runs the build (`npm run build`: the lexicon data, then tsc) only when
 * dist/ is missing or older than what it is built from (any file or folder under src/, the build
 * scripts, the tsconfig files, package.json), so a start over a current build takes no compile time. A folder's time changes when a file in it is added or
 * removed, so deletions count too.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Written after each build this script runs (tsc leaves its own files alone when nothing changed).
const stamp = path.join(root, 'dist', '.build-stamp');

function newest(target) {
  let info;
  try {
    info = statSync(target);
  } catch {
    return 0;
  }
  let time = info.mtimeMs;
  if (info.isDirectory()) for (const name of readdirSync(target)) time = Math.max(time, newest(path.join(target, name)));
  return time;
}

const built = newest(stamp);
const sources = Math.max(...['src', 'scripts', 'tsconfig.json', 'tsconfig.build.json', 'package.json'].map((p) => newest(path.join(root, p))));
if (built > 0 && built >= sources && existsSync(path.join(root, 'dist', 'lexicon'))) process.exit(0);
const build = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status === 0) writeFileSync(stamp, `${new Date().toISOString()}\n`);
process.exit(build.status ?? 1);
