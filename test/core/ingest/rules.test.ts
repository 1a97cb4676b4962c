import { describe, expect, it } from 'vitest';
import { isFurnitureLine, isGluedListItem, isListMarker } from '../../../src/core/ingest/boilerplate.js';
import { datelineDate, dateFromUrl, isPageBanner, parseMachineDate } from '../../../src/core/ingest/dates.js';
import { countWords, normalizeText, unwrapMarkdownInline } from '../../../src/core/ingest/normalize.js';
import { createOutletDirectory } from '../../../src/core/ingest/outlets.js';
import { joinBrokenParagraphs, repairOpeningQuote } from '../../../src/core/ingest/quotes.js';
import { extractFromText } from '../../../src/core/ingest/text-article.js';

const outlets = createOutletDirectory([
  { name: 'Reuters', domains: ['reuters.com'], aliases: [] },
  { name: 'The Moscow Times', domains: ['themoscowtimes.com'], aliases: ['Moscow Times'] },
  { name: 'Bloomberg', domains: ['bloomberg.com'], aliases: ['Bloomberg News', 'Bloomberg L.P.'] },
]);

describe('datelines', () => {
  it.each([
    ['May 29, 2025', '2025-05-29'],
    [' date 2025-05-29 WORLD', '2025-05-29'],
    ['24 Jan, 2025 09:58', '2025-01-24'],
    ['2025-07-22 05:29:53', '2025-07-22'],
    ['Published On 9 Jun 2025', '2025-06-09'],
    ['Tue 3 Jun 2025 15.32 BST', '2025-06-03'],
    ['Updated 6:12 AM GMT+2, June 4, 2025', '2025-06-04'],
    ['Last updated: 12 May 2025 - 14:00 BST', '2025-05-12'],
    ['March 3, 2026 4:18 PM GMT+1 Updated 2 hours ago', '2026-03-03'],
  ])('reads %j as %s', (line, date) => {
    expect(datelineDate(line.trim())?.date).toBe(date);
  });

  it('does not take a sentence that mentions a date for a dateline', () => {
    expect(datelineDate('The talks were held on May 29, 2025 in Istanbul.')).toBeNull();
  });

  it('rejects impossible calendar dates', () => {
    expect(datelineDate('2025-02-30')).toBeNull();
  });

  it('recognises a "today" banner by weekday, time and time zone together', () => {
    expect(isPageBanner('Tuesday, 02 January 2024 12:17 GMT')).toBe(true);
    expect(isPageBanner('24 Jan, 2025 09:58')).toBe(false);
    expect(isPageBanner('May 29, 2025')).toBe(false);
  });

  it('reads machine dates and dates in URL paths', () => {
    expect(parseMachineDate('2025-03-14T08:30:00+01:00')).toBe('2025-03-14');
    expect(parseMachineDate('Mon, 12 May 2025 10:00:00 GMT')).toBe('2025-05-12');
    expect(dateFromUrl('https://www.themoscowtimes.com/2025/05/12/kremlin-a89054')).toBe('2025-05-12');
    expect(dateFromUrl('https://example.org/news/kremlin-a89054')).toBeNull();
  });
});

describe('page furniture', () => {
  it.each([
    '0:00',
    '24:43',
    '2 min read',
    '/',
    'Podcasts',
    'Advertisement',
    '©2025 Bloomberg L.P. Visit bloomberg.com. Distributed by Tribune Content Agency, LLC.',
    'blog comments powered by Disqus',
    'Dear readers! Thank you for your vibrant engagement with our content. Please note that we have switched to a new commenting system.',
    'Trump criticised Putin for refusing ceasefire negotiations. / Reuters',
    'Dmitry Peskov and Vladimir Putin. Sergei Ilnitsky / pool photo via AP',
    'Related article: Russia Launches Drone Strikes Across Ukraine',
    'READ MORE: Kremlin says talks are on hold',
    'Image caption, Freed soldiers arrive in Chernihiv',
    'Sign up to our Europe newsletter for the latest news every morning',
    'Published in News & Features',
    'icon bookmark-bicon bookmarkicon cameraicon checkicon chevron downicon chevron lefticon',
    'https://example.org/a/b',
  ])('%j is furniture', (line) => {
    expect(isFurnitureLine(line)).toBe(true);
  });

  it.each([
    'Russian President Vladimir Putin currently has no plans to speak to US President Donald Trump, Kremlin spokesman Dmitry Peskov said on Thursday.',
    '“Putin is ready, we are waiting for signals,” he told reporters.',
    'Istanbul ‘main platform’ for diplomatic talks',
    'Support for the plan grew after the vote, officials said.',
    'More than 100 people were evacuated from the area, the governor said.',
  ])('%j is article text', (line) => {
    expect(isFurnitureLine(line)).toBe(false);
  });

  it('knows headline-list markers, alone or glued to the first headline', () => {
    expect(isListMarker('Explore')).toBe(true);
    expect(isListMarker('Recommended')).toBe(true);
    expect(isListMarker('You may also like')).toBe(true);
    expect(isListMarker('Explore more on these topics')).toBe(true);
    expect(isListMarker('Explorers found the wreck in 1985.')).toBe(false);
    expect(isGluedListItem('RelatedTRT Global - NATO commander: Türkiye a pillar of alliance')).toBe(true);
    expect(isGluedListItem('Related talks are planned for next week.')).toBe(false);
  });
});

describe('quotations', () => {
  it('adds an opening curly quote when the first one in a paragraph closes', () => {
    expect(repairOpeningQuote('Putin is ready, we are waiting for signals,” he told reporters.')).toBe(
      '“Putin is ready, we are waiting for signals,” he told reporters.',
    );
  });

  it('adds an opening straight quote when the first of an odd number clearly closes', () => {
    expect(repairOpeningQuote('We will not accept it," the minister said.')).toBe('"We will not accept it," the minister said.');
  });

  it('leaves balanced quotations alone', () => {
    const text = 'He said the Kremlin “is, of course, not satisfied” with the plan.';
    expect(repairOpeningQuote(text)).toBe(text);
    expect(repairOpeningQuote('The 12-inch "screen" was fine.')).toBe('The 12-inch "screen" was fine.');
  });

  it('joins a quotation ending in a comma with the attribution in the next paragraph', () => {
    expect(joinBrokenParagraphs(['"We remain committed,"', 'Peskov said.', 'Next paragraph.'])).toEqual([
      '"We remain committed," Peskov said.',
      'Next paragraph.',
    ]);
  });
});

describe('text normalization', () => {
  it('turns odd spaces into spaces, drops invisible characters and keeps curly quotes', () => {
    expect(normalizeText('a\u00A0b\u200Bc \u201Cq\u201D\r\nnext\u2028line')).toBe('a bc “q”\nnext\nline');
  });

  it('unwraps markdown links, images and emphasis', () => {
    expect(unwrapMarkdownInline('The Kremlin [repeated](#) the **call** for _direct_ talks ![x](y.png)')).toBe(
      'The Kremlin repeated the call for direct talks',
    );
    expect(unwrapMarkdownInline('snake_case_name stays')).toBe('snake_case_name stays');
  });

  it('counts words with abbreviations and hyphenated words as one', () => {
    expect(countWords('The U.S. proposal for a 30-day ceasefire isn’t new.')).toBe(9);
  });
});

describe('outlets', () => {
  it('resolve a host (with sub-domains) and a written name to one display name', () => {
    expect(outlets.byDomain('www.reuters.com')).toBe('Reuters');
    expect(outlets.byDomain('graphics.reuters.com')).toBe('Reuters');
    expect(outlets.byDomain('notreuters.com')).toBeNull();
    expect(outlets.byName('Bloomberg News')).toBe('Bloomberg');
    expect(outlets.byName('the moscow times')).toBe('The Moscow Times');
    expect(outlets.byName('Bloombergers Weekly')).toBeNull();
  });
});

describe('article structure', () => {
  it('takes the longer line under a short section label as the headline', () => {
    const article = extractFromText(
      'War in Ukraine\nKyiv says talks with Moscow must start with a ceasefire\n\nUkraine will only sit down with Russia once a full ceasefire is in place, the foreign minister said on Monday.\n\nHe added that a meeting of leaders could follow within weeks.\n',
      { outlets },
    );
    expect(article.title).toBe('Kyiv says talks with Moscow must start with a ceasefire');
  });

  it('takes the line right above the byline and dateline as the headline, not a tagline above it', () => {
    const article = extractFromText(
      'Skip to main content\nIndependent reporting on shipping and the sea for industry professionals\nWorld\nBusiness\n\nHarbour pilots end strike after pay deal with port authority\nBy Jane Doe\nMay 4, 2025 9:10 AM GMT Updated 3 hours ago\n\nHarbour pilots at the port returned to work on Sunday after a three-day strike ended with a pay deal, the union said.\n\nShips that had waited at anchor began moving in the afternoon.\n',
      { outlets },
    );
    expect(article).toMatchObject({ title: 'Harbour pilots end strike after pay deal with port authority', author: 'Jane Doe', published: '2025-05-04' });
  });

  it('uses the first sentence as the headline when the text has none', () => {
    const article = extractFromText(
      'Ukraine will only sit down with Russia once a full ceasefire is in place, the minister said. He added more.\n\nA second paragraph of the story follows here, with more detail.\n',
      { outlets },
    );
    expect(article.title).toBe('Ukraine will only sit down with Russia once a full ceasefire is in place, the minister said.');
  });

  it('reads a "Name, Outlet News" byline and a copyright line as outlet signals', () => {
    const article = extractFromText(
      'Markets slide as talks stall\n\nJane Doe, Bloomberg News on\n\nStocks fell on Tuesday as investors weighed the chance of a longer stalemate in the talks.\n\nBonds rose.\n\n©2025 Bloomberg L.P.\n',
      { outlets },
    );
    expect(article).toMatchObject({ author: 'Jane Doe', outlet: 'Bloomberg', published: null });
    expect(article.paragraphs).toEqual(['Stocks fell on Tuesday as investors weighed the chance of a longer stalemate in the talks.', 'Bonds rose.']);
  });

  it('keeps a last paragraph of quoted sentences that ends in a sign-off, and still drops trailing headlines', () => {
    const article = extractFromText(
      'Minister sees steady rates\n\nThe minister said on Tuesday that rates would stay where they are for now.\n\n"Rates will move when they must," the minister said. "We are ready to act." WIRE\n\nMarkets rally on rate hopes\n',
      { outlets },
    );
    expect(article.paragraphs).toEqual([
      'The minister said on Tuesday that rates would stay where they are for now.',
      '"Rates will move when they must," the minister said. "We are ready to act." WIRE',
    ]);
  });
});
