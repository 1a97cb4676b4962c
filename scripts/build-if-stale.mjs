#!/usr/bin/env node
/**
 * `npm start`'s pre-step: builds dist/ with tsc only when it is missing or older than what it is
 * built from (any file or folder under src/, the tsconfig files, package.json), so a start over
 * a current build takes no compile time. A folder's time changes when a file in it is added or
 * removed, so deletions count too.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
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
const sources = Math.max(...['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json'].map((p) => newest(path.join(root, p))));
if (built > 0 && built >= sources) process.exit(0);
const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(root, 'tsconfig.build.json')], {
  stdio: 'inherit',
});
if (tsc.status === 0) writeFileSync(stamp, `${new Date().toISOString()}\n`);
process.exit(tsc.status ?? 1);
