import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { readCorpus } from '../../src/core/ingest/index.js';
import { reutersRecordsFolder } from '../../eval/reuters-records.js';
import { coreConfig } from '../../eval/sets.js';

const record = (id: string, title: string) =>
  JSON.stringify({
    id,
    outlet: 'Reuters',
    title,
    published: '1987-03-11',
    dateline: 'HELSINKI, March 11 -',
    paragraphs: [`${title} was announced by the company on Wednesday in a statement.`, 'The chairman said the plan would take two years.'],
  });

describe('reutersRecordsFolder', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function setUp(ids: string[]): { list: string; source: string; out: string } {
    dir = mkdtempSync(path.join(tmpdir(), 'reuters-records-'));
    const source = path.join(dir, 'reuters.jsonl.gz');
    writeFileSync(source, gzipSync([record('reuters-1', 'Outokumpu Restructures Copper Division'), record('reuters-2', 'Mexico Halts Swaps'), ''].join('\n')));
    const list = path.join(dir, 'list.json');
    writeFileSync(list, JSON.stringify({ records: ids }));
    return { list, source, out: path.join(dir, 'corpus') };
  }

  it('writes only the listed records, in the corpus layout readCorpus reads, with the dateline before the first paragraph', async () => {
    const { list, source, out } = setUp(['reuters-2']);
    expect(reutersRecordsFolder(list, source, out)).toBe(out);
    expect(readFileSync(path.join(out, 'reuters-2.txt'), 'utf8')).toBe(
      'Reuters\nMexico Halts Swaps\n1987-03-11\n\nHELSINKI, March 11 - Mexico Halts Swaps was announced by the company on Wednesday in a statement.\n\nThe chairman said the plan would take two years.\n',
    );
    const corpus = await readCorpus(out, { config: coreConfig });
    expect(corpus.articles.map((a) => [a.id, a.title, a.published?.slice(0, 10)])).toEqual([['reuters-2', 'Mexico Halts Swaps', '1987-03-11']]);
  });

  it('names the records the source lacks, and gives null when the source file is absent', () => {
    const { list, source, out } = setUp(['reuters-2', 'reuters-9']);
    expect(() => reutersRecordsFolder(list, source, out)).toThrow(/reuters-9 not in/);
    expect(reutersRecordsFolder(list, path.join(dir, 'absent.gz'), out)).toBeNull();
  });
});
