import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../../support/cli.js';

let dataDir: string;
const run = (args: string[]) => runCli(args, { env: { DATA_DIR: dataDir } });

const snapshots = () => readdirSync(path.join(dataDir, 'index')).map((name) => path.join(dataDir, 'index', name));

beforeAll(() => {
  assertBuilt();
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
