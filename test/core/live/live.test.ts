import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCoverage, type Coverage } from '../../../src/core/index.js';
import { watchCoverage, type LiveCoverage } from '../../../src/core/live/index.js';
import { loadCoreConfig, projectRoot } from '../../../src/config/index.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();

const seeds = path.join(projectRoot, 'seeds');

function corpusCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'live-'));
  for (const file of readdirSync(seeds)) copyFileSync(path.join(seeds, file), path.join(dir, file));
  return dir;
}

const extraArticle = `Finland opens new Arctic research station

March 3, 2025

Finnish scientists opened a research station near Utsjoki on Monday to study permafrost thaw, the university of Oulu said.

"The station gives us year-round measurements of the tundra," project leader Aino Virtanen said.
`;

function changed(live: LiveCoverage): Promise<Coverage> {
  return new Promise((resolve) => {
    const off = live.onChange((next) => {
      off();
      resolve(next);
    });
  });
}

let live: LiveCoverage | undefined;
afterEach(() => live?.close());

describe('watchCoverage', () => {
  it('notices a new article file and swaps in a version that has it', async () => {
    const dir = corpusCopy();
    live = await watchCoverage(dir, { debounceMs: 50, load: (dirs) => loadCoverage(dirs, { config: coreConfig }) });
    const before = live.current();
    const next = changed(live);
    writeFileSync(path.join(dir, 'arctic.txt'), extraArticle);
    const after = await next;
    expect(after.version).not.toBe(before.version);
    expect(after.corpus.articles.map((a) => a.id)).toContain('arctic');
    expect(live.current()).toBe(after);
  });

  it('drops a removed article', async () => {
    const dir = corpusCopy();
    writeFileSync(path.join(dir, 'arctic.txt'), extraArticle);
    live = await watchCoverage(dir, { debounceMs: 50, load: (dirs) => loadCoverage(dirs, { config: coreConfig }) });
    expect(live.current().corpus.articles.map((a) => a.id)).toContain('arctic');
    const next = changed(live);
    rmSync(path.join(dir, 'arctic.txt'));
    expect((await next).corpus.articles.map((a) => a.id)).not.toContain('arctic');
  });

  it('answers from the old version while a rebuild is under way', async () => {
    const dir = corpusCopy();
    let release: () => void = () => {};
    let slow = false;
    const load = async (d: string) => {
      if (slow) await new Promise<void>((resolve) => (release = resolve));
      return loadCoverage(d, { config: coreConfig });
    };
    live = await watchCoverage(dir, { load, watch: false });
    const old = live.current();
    slow = true;
    writeFileSync(path.join(dir, 'arctic.txt'), extraArticle);
    const rebuilt = live.reload();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(live.current()).toBe(old);
    release();
    const next = await rebuilt;
    expect(next).not.toBe(old);
    expect(live.current()).toBe(next);
  });

  it('keeps serving the previous version when a rebuild fails', async () => {
    const dir = corpusCopy();
    const errors: Error[] = [];
    let fail = false;
    const load = async (d: string) => {
      if (fail) throw new Error('disk on fire');
      return loadCoverage(d, { config: coreConfig });
    };
    live = await watchCoverage(dir, { load, watch: false, onError: (e) => errors.push(e) });
    const old = live.current();
    fail = true;
    expect(await live.reload()).toBe(old);
    expect(errors.map((e) => e.message)).toEqual(['disk on fire']);
  });
});
