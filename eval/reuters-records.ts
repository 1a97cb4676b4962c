import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { projectRoot } from '../src/config/index.js';
import { REUTERS_FILE } from './distractors.js';

/**
 * Reuters-21578 records (../shared/corpus, research use only) as a coverage folder, for question
 * sets over them: the repository holds only the records' ids (a JSON list); the stories are written
 * once, in the layout of the statements development corpus (outlet, headline, date, a blank line,
 * paragraphs with the dateline before the first), into a cache folder that readCorpus reads like
 * any other coverage.
 */
const CACHE_ROOT = path.join(projectRoot, 'node_modules', '.cache', 'coverage-bot');

const listSchema = z.object({ records: z.array(z.string().regex(/^reuters-\d+$/)).min(1) });
const recordSchema = z.object({
  id: z.string(),
  title: z.string(),
  published: z.string().nullish(),
  dateline: z.string().nullish(),
  paragraphs: z.array(z.string()),
});

/**
 * The folder of the records a list names, written from the Reuters file when missing (by default a
 * cache folder named after the list); null when the list or that file is absent.
 */
export function reutersRecordsFolder(list: string, source: string = REUTERS_FILE, dir: string = path.join(CACHE_ROOT, path.basename(list, '.json'))): string | null {
  if (!existsSync(list) || !existsSync(source)) return null;
  const { records } = listSchema.parse(JSON.parse(readFileSync(list, 'utf8')));
  if (records.every((id) => existsSync(path.join(dir, `${id}.txt`)))) return dir;
  const wanted = new Set(records);
  const found = new Map<string, string>();
  for (const line of gunzipSync(readFileSync(source)).toString('utf8').split('\n')) {
    if (!line.trim()) continue;
    // Only records whose id is wanted are parsed: the file has 17,156 of them.
    const id = /"id":\s*"([^"]+)"/.exec(line)?.[1];
    if (!id || !wanted.has(id)) continue;
    const record = recordSchema.parse(JSON.parse(line));
    const [first = '', ...rest] = record.paragraphs;
    const opening = record.dateline ? `${record.dateline} ${first}` : first;
    found.set(id, ['Reuters', record.title, record.published ?? '', '', [opening, ...rest].join('\n\n'), ''].join('\n'));
  }
  const missing = records.filter((id) => !found.has(id));
  if (missing.length > 0) throw new Error(`${list}: ${missing.join(', ')} not in ${source}`);
  mkdirSync(dir, { recursive: true });
  for (const [id, text] of found) {
    const file = path.join(dir, `${id}.txt`);
    // Test workers may write the folder at once: each through its own temporary name, renamed whole.
    const temporary = `${file}.${process.pid}.${threadId}.tmp`;
    writeFileSync(temporary, text);
    renameSync(temporary, file);
  }
  return dir;
}
