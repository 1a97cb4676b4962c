import { describe, expect, it } from 'vitest';
import type { Answer, Statement } from '../../../src/core/index.js';
import { formatAnswer, formatDate, formatHelp, formatLatest, formatSources, formatStatement } from '../../../src/adapters/telegram/format.js';
import { article } from './harness.js';
import { telegramHtmlProblem } from '../../support/fake-telegram.js';
import { escapeHtml } from '../../../src/adapters/telegram/html.js';
import { PARTIAL_NOTICES } from '../../../src/service/index.js';

/** The line under a result the core marked partial, as Telegram shows it. */
const ARCHIVE_UNREACHABLE_LINE = `<i>${escapeHtml(PARTIAL_NOTICES['archive-unreachable'])}</i>`;

const citation = {
  article: 'a1',
  outlet: 'TRT World',
  title: 'Kremlin <says> & more',
  published: '2025-05-29',
  url: 'https://example.com/a?x=1&y=2',
  quote: 'q',
  passageId: 'a1#0',
};

const answer = (fields: Partial<Answer>): Answer => ({
  question: 'q?',
  answer: 'Okay Memis & <friends>.',
  confident: true,
  citations: [citation],
  type: 'who',
  ...fields,
});

describe('formatAnswer', () => {
  it('puts the answer first, then numbered sources with outlet, linked headline and date', () => {
    const html = formatAnswer(answer({ citations: [citation, { ...citation, outlet: null, url: null, published: null, title: 'Second' }] }));
    expect(html.split('\n')[0]).toBe('Okay Memis &amp; &lt;friends&gt;.');
    expect(html).toContain('1. <b>TRT World</b> — <a href="https://example.com/a?x=1&amp;y=2">Kremlin &lt;says&gt; &amp; more</a> (29 May 2025)');
    expect(html).toContain('2. Second (undated)');
    expect(telegramHtmlProblem(html)).toBeUndefined();
  });

  it('says plainly when the core is not confident and suggests /sources or rephrasing', () => {
    const html = formatAnswer(answer({ confident: false, answer: 'The coverage does not say.' }));
    expect(html).toMatch(/not confident/);
    expect(html).toMatch(/rephras/);
    expect(html).toContain('/sources');
    expect(html).toContain('Possibly related');
  });

  it('shows the core’s message for a question that could not be asked', () => {
    expect(formatAnswer(answer({ error: 'Please ask a <question>.', citations: [] }))).toBe('Please ask a &lt;question&gt;.');
  });
});

describe('formatStatement', () => {
  const statement: Statement = {
    id: 's',
    speaker: 'Dmitry Peskov',
    role: 'Kremlin spokesman',
    quote: 'It is "unacceptable" <really>',
    kind: 'direct',
    said_on: null,
    published: '2025-05-12',
    citations: [{ article: 'a', outlet: 'The Moscow Times', title: 'T', published: '2025-05-12', url: 'https://tmt.example/x' }],
  };

  it('quotes a direct statement and attributes, dates and links it', () => {
    const html = formatStatement(statement);
    expect(html).toBe(
      '“It is &quot;unacceptable&quot; &lt;really&gt;”\n— <b>Dmitry Peskov</b>, Kremlin spokesman · 12 May 2025 · <a href="https://tmt.example/x">The Moscow Times</a>',
    );
  });

  it('marks reported speech as such, without quotation marks', () => {
    const html = formatStatement({ ...statement, kind: 'reported' });
    expect(html).not.toContain('“');
    expect(html).toContain('<i>It is &quot;unacceptable&quot; &lt;really&gt;</i>');
    expect(html).toContain('reported speech');
  });

  it('names the role when the speaker is unknown, and says so when both are', () => {
    expect(formatStatement({ ...statement, speaker: null, role: 'Russian senators' })).toContain('— <b>Russian senators</b> ·');
    expect(formatStatement({ ...statement, speaker: null, role: null })).toContain('— <b>Unattributed</b> ·');
  });
});

describe('results the core marked partial (the archive was unreachable)', () => {
  it('adds the service’s line under an answer, in valid HTML, and nothing under a whole answer', () => {
    const html = formatAnswer(answer({ partial: 'archive-unreachable' }));
    const lines = html.split('\n');
    expect(lines.indexOf(ARCHIVE_UNREACHABLE_LINE)).toBe(2);
    expect(html.indexOf(ARCHIVE_UNREACHABLE_LINE)).toBeLessThan(html.indexOf('<b>Sources</b>'));
    expect(telegramHtmlProblem(html)).toBeUndefined();
    expect(formatAnswer(answer({}))).not.toContain(ARCHIVE_UNREACHABLE_LINE);
    expect(formatAnswer(answer({ confident: false, citations: [], partial: 'archive-unreachable' }))).toContain(ARCHIVE_UNREACHABLE_LINE);
  });

  it('adds it under /latest, found or not, and under /sources', () => {
    const statement: Statement = {
      id: 's',
      speaker: 'Dmitry Peskov',
      role: null,
      quote: 'No plans yet.',
      kind: 'direct',
      said_on: null,
      published: '2025-05-12',
      citations: [{ article: 'a', outlet: 'RT', title: 'T', published: '2025-05-12', url: null }],
    };
    const partial = { partial: 'archive-unreachable' as const };
    const found = formatLatest(Object.assign([statement], partial), { matchedAs: 'all' }, []);
    expect(found.endsWith(`\n\n${ARCHIVE_UNREACHABLE_LINE}`)).toBe(true);
    expect(telegramHtmlProblem(found)).toBeUndefined();
    expect(formatLatest(Object.assign([], partial), { query: 'Peskov', matchedAs: 'speaker' }, [])).toContain(ARCHIVE_UNREACHABLE_LINE);
    expect(formatLatest([statement], { matchedAs: 'all' }, [])).not.toContain(ARCHIVE_UNREACHABLE_LINE);
    const sources = formatSources([article('new', { title: 'New', body: 'x', published: '2025-01-01' })], 8, 50, 'archive-unreachable');
    expect(sources.endsWith(ARCHIVE_UNREACHABLE_LINE)).toBe(true);
    expect(telegramHtmlProblem(sources)).toBeUndefined();
  });
});

describe('formatLatest', () => {
  it('names the people the coverage quotes when nothing matched', () => {
    const html = formatLatest([], { query: 'Nobody <x>', matchedAs: 'topic' }, [{ speaker: 'Dmitry Peskov', role: null, statements: 3 }]);
    expect(html).toContain('no statements about Nobody &lt;x&gt;');
    expect(html).toContain('Dmitry Peskov');
  });
});

describe('formatHelp', () => {
  it('gives one date when the coverage spans a single day and drawn examples from its speakers', () => {
    const html = formatHelp(
      { articles: 1, passages: 3, outlets: ['RT'], from: '2025-01-24', to: '2025-01-24' },
      [{ speaker: 'Dmitry Peskov', role: null, statements: 2 }],
      'MyBot',
    );
    expect(html).toContain('<b>1 news article</b> from RT, published on 24 Jan 2025');
    expect(html).toContain('/latest Dmitry Peskov');
    expect(html).toContain('@MyBot');
    expect(telegramHtmlProblem(html)).toBeUndefined();
  });
});

describe('formatDate', () => {
  it('writes an ISO date as day, month and year and leaves anything else as it is, escaped', () => {
    expect(formatDate('2025-07-02')).toBe('2 Jul 2025');
    expect(formatDate('2025-13-02')).toBe('2025-13-02');
    expect(formatDate('<soon>')).toBe('&lt;soon&gt;');
  });
});

describe('formatSources', () => {
  it('lists the page it is given in order, up to the cap, and says how many more the coverage holds', () => {
    const articles = [
      article('new', { title: 'New', body: 'x', published: '2025-01-01' }),
      article('old', { title: 'Old', body: 'x', published: '2024-01-01' }),
      article('undated', { title: 'Undated', body: 'x', published: null }),
    ];
    const html = formatSources(articles, 5000, 2);
    expect(html).toContain('<b>5000 articles in the coverage</b>');
    expect(html.indexOf('New')).toBeLessThan(html.indexOf('Old'));
    expect(html).not.toContain('Undated');
    expect(html).toContain('…and 4998 more.');
    expect(formatSources([], 0)).toBe('The coverage has no articles yet.');
  });
});
