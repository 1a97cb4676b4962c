import { createReadStream } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../src/config/index.js';
import readline from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { Article, Passage } from '../src/core/ingest/types.js';
import { nlp } from '../src/core/index/index.js';

/**
 * Reuters-21578 articles as in-memory articles, to bury the coverage among unrelated news when
 * measuring robustness. Research use only: never served to users, never written to the corpus.
 */

/** Reuters-21578 as JSON lines, in the shared folder beside the project (../shared). */
export const REUTERS_FILE = path.join(projectRoot, '..', 'shared', 'corpus', 'reuters21578.jsonl.gz');

interface ReutersRecord {
  id: string;
  outlet?: string;
  title: string;
  published?: string | null;
  paragraphs: string[];
}

/** Splits paragraphs into sentence passages with offsets in the body they are joined into. */
export function passagesFromParagraphs(articleId: string, paragraphs: readonly string[]): { body: string; passages: Passage[] } {
  const passages: Passage[] = [];
  let body = '';
  paragraphs.forEach((paragraph, paragraphIndex) => {
    const text = paragraph.trim();
    if (!text) return;
    if (body) body += '\n\n';
    const paragraphStart = body.length;
    body += text;
    let cursor = 0;
    for (const sentence of nlp().readDoc(text).sentences().out()) {
      const trimmed = sentence.trim();
      if (!trimmed) continue;
      const at = text.indexOf(trimmed, cursor);
      const start = at >= 0 ? at : cursor;
      cursor = start + trimmed.length;
      passages.push({
        id: `${articleId}#${passages.length}`,
        articleId,
        index: passages.length,
        paragraph: paragraphIndex,
        text: trimmed,
        start: paragraphStart + start,
        end: paragraphStart + start + trimmed.length,
      });
    }
  });
  return { body, passages };
}

/** Reads up to `limit` Reuters articles (all when limit is undefined) from the gzipped JSON-lines file. */
export async function readReutersArticles(limit?: number, file: string = REUTERS_FILE): Promise<Article[]> {
  const articles: Article[] = [];
  if (limit !== undefined && limit <= 0) return articles;
  const lines = readline.createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const record = JSON.parse(line) as ReutersRecord;
    const { body, passages } = passagesFromParagraphs(record.id, record.paragraphs);
    articles.push({
      id: record.id,
      outlet: record.outlet ?? 'Reuters',
      title: record.title,
      subtitle: null,
      author: null,
      published: record.published ?? null,
      url: null,
      file,
      body,
      passages,
    });
    if (limit !== undefined && articles.length >= limit) {
      lines.close();
      break;
    }
  }
  return articles;
}
