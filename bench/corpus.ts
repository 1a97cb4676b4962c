import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { loadCoreConfig, projectRoot } from '../src/config/index.js';
import { configured, type Article, type Corpus } from '../src/core/index.js';
import { readCorpus, shareBodyText } from '../src/core/ingest/index.js';
import { passagesFromParagraphs } from '../eval/distractors.js';

/**
 * The bench's inputs: the seeds (read by the real ingestion) and the Reuters-21578 scale corpus
 * (research use only: read straight from the gzip file, never unpacked on disk, never served).
 */

export const SEEDS_DIR = path.join(projectRoot, 'seeds');

/** The configuration every bench reads and indexes with: the project's (CONFIG_DIR, else config/), read once. */
export const coreConfig = loadCoreConfig();
/** Its text analyzer, for the benches that build an index alone. */
export const analyzer = configured(coreConfig).analyzer;
export const REUTERS_FILE =
  process.env.BENCH_REUTERS_FILE ?? path.resolve(projectRoot, '..', 'shared', 'corpus', 'reuters21578.jsonl.gz');

/** One line of reuters21578.jsonl.gz. */
export interface ReutersRecord {
  id: string;
  outlet: string;
  title: string;
  published: string | null;
  dateline: string | null;
  paragraphs: string[];
}

export async function readSeeds(): Promise<Corpus> {
  return readCorpus(SEEDS_DIR, { config: coreConfig });
}

/** Streams the Reuters records in file order; stop early by breaking out of the loop. */
export async function* reutersRecords(file = REUTERS_FILE): AsyncGenerator<ReutersRecord> {
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() !== '') yield JSON.parse(line) as ReutersRecord;
  }
}

export interface ReutersSelection {
  articles: Article[];
  passages: number;
}

/**
 * Reuters articles in file order until they hold at least `maxPassages` passages (all of them
 * when `maxPassages` is Infinity). File order is the collection's own, so every run and every
 * scale point picks the same articles and a smaller point is a prefix of a larger one.
 */
export async function readReuters(maxPassages = Infinity, file = REUTERS_FILE): Promise<ReutersSelection> {
  const articles: Article[] = [];
  let passages = 0;
  if (maxPassages <= 0) return { articles, passages };
  for await (const record of reutersRecords(file)) {
    const article = articleFromReuters(record);
    if (article.passages.length === 0) continue;
    articles.push(article);
    passages += article.passages.length;
    if (passages >= maxPassages) break;
  }
  return { articles, passages };
}

/**
 * Builds an in-memory Article from a Reuters record with the core's own sentence passages
 * (`passagesFromParagraphs`, the splitter `npm run eval -- --distractors` uses; the ingestion's
 * splitter is not public). The paragraphs are already clean, so no boilerplate removal is due.
 * Passage texts point into the body, as the ingestion's do (`shareBodyText`), so the bench holds
 * the text once, as a bot does.
 */
export function articleFromReuters(record: ReutersRecord): Article {
  const { body, passages } = passagesFromParagraphs(record.id, record.paragraphs);
  return {
    id: record.id,
    outlet: record.outlet,
    title: record.title,
    subtitle: null,
    author: null,
    published: record.published,
    url: null,
    file: `${path.basename(REUTERS_FILE)}#${record.id}`,
    body,
    passages: shareBodyText(body, passages),
  };
}

/**
 * The articles repeated `copies` times with distinct ids (`reuters-1~2#0`), for synthetic scale
 * points beyond the real corpus. Texts are shared strings, so the input costs less memory than a
 * real archive of that size would; every index structure still grows with the copies.
 */
export function repeatArticles(articles: readonly Article[], copies: number, maxPassages = Infinity): Article[] {
  const out: Article[] = [...articles];
  let passages = articles.reduce((n, a) => n + a.passages.length, 0);
  for (let copy = 2; copy <= copies; copy++) {
    for (const article of articles) {
      if (passages >= maxPassages) return out;
      const id = `${article.id}~${copy}`;
      out.push({
        ...article,
        id,
        passages: article.passages.map((p) => ({ ...p, id: `${id}#${p.index}`, articleId: id })),
      });
      passages += article.passages.length;
    }
  }
  return out;
}

export const countPassages = (articles: readonly Article[]): number =>
  articles.reduce((n, a) => n + a.passages.length, 0);
