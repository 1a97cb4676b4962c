import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCorpus, type Article, type Corpus } from '../../../src/core/ingest/index.js';
import { loadCoreConfig } from '../../../src/config/index.js';
import { extractFromHtml } from '../../../src/core/ingest/html-article.js';
import { createOutletDirectory } from '../../../src/core/ingest/outlets.js';

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

describe('extractFromHtml', () => {
  const outlets = createOutletDirectory([{ name: 'Harbour News', domains: ['harbour.example'], aliases: ['The Harbour News'] }]);
  const BODY =
    '<p>Dock workers at the northern port returned to work on Tuesday after a four-day strike over pay ended with a deal that raises wages by six percent this year, the union said.</p>' +
    '<p>The agreement also limits night shifts to three a week and adds two safety inspectors to every terminal, according to a statement from the port authority.</p>';
  const pageWith = (head: string, body = BODY) => `<!DOCTYPE html><html><head>${head}</head><body><article><h1>Cranes back at work</h1>${body}</article></body></html>`;

  it('returns null for an empty page, text with no tag, a lone tag, and markup with no article', () => {
    expect(extractFromHtml('', outlets)).toBeNull();
    expect(extractFromHtml('just words, no markup', outlets)).toBeNull();
    expect(extractFromHtml('<p>', outlets)).toBeNull();
    expect(extractFromHtml('<html><body></body></html>', outlets)).toBeNull();
    expect(extractFromHtml('<html><body><nav><a href="/">Home</a></nav></body></html>', outlets)).toBeNull();
  });

  it('names the outlet from the canonical URL’s domain, and drops a non-http URL', () => {
    const article = extractFromHtml(pageWith('<link rel="canonical" href="https://www.harbour.example/2025/06/03/cranes">'), outlets);
    expect(article).toMatchObject({ outlet: 'Harbour News', url: 'https://www.harbour.example/2025/06/03/cranes' });
    expect(extractFromHtml(pageWith('<link rel="canonical" href="javascript:alert(1)">'), outlets)?.url).toBeNull();
  });

  it('skips broken JSON-LD and takes a byline only when it reads as a name', () => {
    const article = extractFromHtml(
      pageWith('<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script><meta name="author" content="By Jane Doe">'),
      outlets,
    );
    expect(article).toMatchObject({ author: 'Jane Doe', title: 'Cranes back at work' });
    expect(extractFromHtml(pageWith('<meta name="author" content="Posted 3 minutes ago">'), outlets)?.author).toBeNull();
  });

  it('keeps markup injected as text out of the paragraphs and reads odd Unicode as written', () => {
    const article = extractFromHtml(pageWith('', `${BODY}<p>Renée Dupré wrote &lt;script&gt;alert(1)&lt;/script&gt; on a sign by the pier café, and the harbour master left it there for visitors to read.</p>`), outlets);
    expect(article?.paragraphs.at(-1)).toContain('Renée Dupré wrote <script>alert(1)</script>');
    expect(article?.paragraphs.join(' ')).not.toContain('&lt;');
  });
});
