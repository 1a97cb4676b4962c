import { describe, expect, it } from 'vitest';
import { createOutletDirectory } from '../../../src/core/ingest/outlets.js';
import { extractFromText } from '../../../src/core/ingest/text-article.js';

const outlets = createOutletDirectory([
  { name: 'Reuters', domains: ['reuters.com'], aliases: [] },
  { name: 'The Moscow Times', domains: ['themoscowtimes.com'], aliases: ['Moscow Times'] },
  { name: 'Bloomberg', domains: ['bloomberg.com'], aliases: ['Bloomberg News', 'Bloomberg L.P.'] },
]);

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
