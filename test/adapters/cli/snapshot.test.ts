import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(root, 'dist/adapters/cli/bin.js');
const seeds = path.join(root, 'seeds');
let dataDir: string;

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'silent', CORPUS_DIR: seeds, DATA_DIR: dataDir },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end('');
  });
}

const snapshots = () => readdirSync(path.join(dataDir, 'index')).map((name) => path.join(dataDir, 'index', name));

beforeAll(() => {
  if (!existsSync(bin)) throw new Error('dist/ is missing: run `npm run build` first (npm test does it)');
  dataDir = mkdtempSync(path.join(tmpdir(), 'cli-snapshot-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the CLI and the index snapshot', () => {
  it('writes the snapshot into DATA_DIR and answers the same from it', async () => {
    const question = ['ask', '--json', 'What is Russia committed to, according to Peskov in May?'];
    const first = await run(question);
    expect(first.code).toBe(0);
    expect(snapshots()).toHaveLength(1);
    const written = statSync(snapshots()[0]!).mtimeMs;
    const second = await run(question);
    expect(second).toEqual(first);
    // Loaded, not rebuilt: the snapshot was not written again.
    expect(statSync(snapshots()[0]!).mtimeMs).toBe(written);
    const latest = await run(['latest', '--json', '--speaker', 'peskov']);
    expect(latest.code).toBe(0);
    expect(JSON.parse(latest.stdout)).not.toEqual([]);
    expect(snapshots()).toHaveLength(1);
  });

  it('answers from a rebuilt coverage with a note on stderr when the snapshot is damaged', async () => {
    const question = ['ask', '--json', 'What must Kiev recognize, according to Russia?'];
    const good = await run(question);
    for (const file of snapshots()) writeFileSync(file, 'damaged');
    const damaged = await run(question);
    expect(damaged.code).toBe(0);
    expect(damaged.stdout).toBe(good.stdout);
    expect(damaged.stderr).toMatch(/^coverage-bot: note: index snapshot is unreadable; rebuilding it \(.+\)\n$/);
    const repaired = await run(question);
    expect(repaired).toEqual(good);
  });
});
