/**
 * What a live reload costs the bots while they run: a corpus folder of Reuters articles (written
 * as plain article files), loaded as the bots load it (createCoverageLoader with the build worker,
 * watchCoverage), then one article file added. Reports the reload's time and the longest stall of
 * the event loop (the questions' thread) for an update of the loaded coverage (what a running bot
 * does: in the build worker, from the previous version's snapshot) and for a full build in the
 * worker (what a loader without an earlier version does: a restart, or changed config files).
 * Research use of Reuters-21578 only: files in a temp folder, removed at the end.
 *
 *   nice -n 10 npx tsx bench/reload.ts [articles, default 9972]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadCoreConfig } from '../src/config/index.js';
import { createCoverageLoader, watchCoverage, type Coverage } from '../src/core/index.js';
import { reutersRecords } from './corpus.js';

const wanted = Number(process.argv[2] ?? 9972);
const root = mkdtempSync(path.join(os.tmpdir(), 'bench-reload-'));
const corpusDir = path.join(root, 'corpus');
const dataDir = path.join(root, 'data');

/** A Reuters record as an article file the ingestion reads (dateline, headline, paragraphs). */
function articleFile(record: { title: string; published: string | null; paragraphs: string[] }): string {
  return [`date ${record.published ?? ''} WORLD`.replace('date  ', ''), record.title, '', ...record.paragraphs.flatMap((p) => [p, ''])].join('\n');
}

async function main(): Promise<void> {
  const { mkdirSync } = await import('node:fs');
  mkdirSync(corpusDir, { recursive: true });
  let written = 0;
  let extra: string | undefined;
  for await (const record of reutersRecords()) {
    if (record.paragraphs.length === 0) continue;
    if (written === wanted) {
      extra = articleFile(record);
      break;
    }
    writeFileSync(path.join(corpusDir, `r${record.id}.txt`), articleFile(record));
    written++;
  }
  const results: Record<string, unknown> = { articles: written };
  for (const mode of ['update', 'full build in the worker'] as const) {
    rmSync(dataDir, { recursive: true, force: true });
    for (const round of [1, 2]) rmSync(path.join(corpusDir, `added-${round}.txt`), { force: true });
    const loaders: ReturnType<typeof createCoverageLoader>[] = [];
    const fresh = () => {
      loaders.push(createCoverageLoader({ config: loadCoreConfig(), dataDir, worker: true }));
      return loaders.at(-1)!;
    };
    const first = fresh();
    // 'update': one loader for both loads; the other mode gives the reload a loader of its own.
    const load = (dir: string) => (mode === 'update' || loaders.length > 1 ? loaders.at(-1)! : first)(dir);
    let started = performance.now();
    const live = await watchCoverage(corpusDir, { watch: false, load: (dir) => (mode === 'update' || loaders.length === 0 ? load(dir) : fresh()(dir)) });
    const initial = live.current();
    results[`${mode}: first load (s)`] = +((performance.now() - started) / 1000).toFixed(1);
    results.passages = initial.summary().passages;
    await Promise.all(loaders.map((l) => l.saved()));
    // Twice: the first reload in this thread also loads what extracting statements needs (the language data).
    for (const round of [1, 2]) {
      writeFileSync(path.join(corpusDir, `added-${round}.txt`), extra!.replace(/\n/, ` (${round})\n`));
      let last = performance.now();
      let longest = 0;
      const tick = setInterval(() => {
        const now = performance.now();
        longest = Math.max(longest, now - last);
        last = now;
        live.current().ask('What did the finance minister say about the budget?');
      }, 10);
      started = performance.now();
      let next: Coverage;
      try {
        next = await live.reload();
        await new Promise((resolve) => setTimeout(resolve, 50));
      } finally {
        clearInterval(tick);
      }
      results[`${mode}: reload ${round} (s)`] = +((performance.now() - started) / 1000).toFixed(2);
      results[`${mode}: reload ${round} longest event-loop stall (s)`] = +(longest / 1000).toFixed(2);
      if (!next.corpus.articles.some((a) => a.id === `added-${round}`)) throw new Error('the reload did not pick up the added file');
      await Promise.all(loaders.map((l) => l.saved()));
    }
    await Promise.all(loaders.map((l) => l.saved()));
    live.close();
  }
  console.log(JSON.stringify(results, null, 2));
}

try {
  await main();
} finally {
  rmSync(root, { recursive: true, force: true });
}
