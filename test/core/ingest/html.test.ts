import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCorpus, type Article, type Corpus } from '../../../src/core/ingest/index.js';
import { loadCoreConfig } from '../../../src/config/index.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/html');

let corpus: Corpus;
const page = (id: string): Article => {
  const article = corpus.articles.find((a) => a.id === id);
  if (!article) throw new Error(`${id} was not ingested`);
  return article;
};

beforeAll(async () => {
  corpus = await readCorpus(fixtures, { config: coreConfig });
});

describe('HTML pages', () => {
  it('JSON-LD NewsArticle inside an @graph gives headline, date, authors, publisher and URL', () => {
    expect(page('jsonld-graph')).toMatchObject({
      title: 'Grain corridor talks resume in Geneva after three-month pause',
      published: '2025-03-14',
      author: 'Lena Okafor, Tomas Reyes',
      outlet: 'Harbour Ledger',
      url: 'https://www.harbourledger.example/world/grain-corridor-talks-resume',
    });
  });

  it('keeps only the article text: no navigation, cookie banner, caption, share buttons, related list or footer', () => {
    const body = page('jsonld-graph').body;
    expect(body.startsWith('Negotiators from the three shipping nations met in Geneva')).toBe(true);
    expect(body.endsWith('circulated by the end of next week.')).toBe(true);
    for (const furniture of ['cookies', 'Home', 'Cargo ships wait', 'Share on', 'Wheat prices climb', '©', 'By Lena Okafor']) {
      expect(body).not.toContain(furniture);
    }
  });

  it('OpenGraph and article:published_time give title, outlet, date and the canonical URL', () => {
    expect(page('opengraph')).toMatchObject({
      title: 'Finland opens new border crossing for freight traffic',
      outlet: 'Reuters',
      published: '2025-02-03',
      author: 'Anne Kauranen',
      url: 'https://www.reuters.com/world/europe/finland-opens-new-border-crossing-2025-02-03/',
      subtitle: 'The crossing near Vaalimaa will handle up to 400 lorries a day, the interior ministry said.',
    });
  });

  it('drops "Read more:" links, reading time and the reporting credits of a wire story', () => {
    const body = page('opengraph').body;
    expect(body).not.toMatch(/Read more|min read|Reporting by|Finland extends closure/);
    expect(body).toContain('Customs officials said the first vehicles were processed');
  });

  it('a <time datetime> element gives the date, the <title> suffix the site name', () => {
    expect(page('time-element')).toMatchObject({
      title: 'Library reopens after flood repairs',
      published: '2024-11-08',
      outlet: 'Riverside Gazette',
      author: null,
    });
    expect(page('time-element').body).not.toMatch(/Comments|Posted/);
  });

  it('a page with no metadata at all still gives its headline and body, with null date, outlet and URL', () => {
    const a = page('no-metadata');
    expect(a).toMatchObject({
      title: 'Ferry service to the islands cut to one crossing a day',
      published: null,
      outlet: null,
      url: null,
      author: null,
    });
    expect(a.passages.length).toBe(3);
  });

  it('a page with no article (a sign-in form) is skipped with a reason', () => {
    expect(corpus.skipped).toEqual([{ file: path.join(fixtures, 'no-article.html'), reason: 'HTML page has no article text in it' }]);
  });

  it('passage offsets point into the body for HTML articles too', () => {
    for (const a of corpus.articles) for (const p of a.passages) expect(a.body.slice(p.start, p.end)).toBe(p.text);
  });
});

describe('HTML page descriptions', () => {
  it('keep the lead paragraph in the body when the description repeats it, and are not taken for a standfirst', async () => {
    const a = corpus.articles.find((x) => x.id === 'lead-description');
    expect(a).toMatchObject({
      title: 'Kremlin rules out quick summit',
      subtitle: null,
      published: '2025-06-11',
      author: 'Example Wire staff',
      outlet: 'Example Wire',
      url: 'https://wire.example/2025/06/11/kremlin-summit',
    });
    expect(a?.body.startsWith('The Kremlin on Wednesday ruled out a quick summit')).toBe(true);
    expect(a?.passages).toHaveLength(3);
  });
});
