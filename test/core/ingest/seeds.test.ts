import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCorpus, type Article, type Corpus } from '../../../src/core/ingest/index.js';
import { loadCoreConfig } from '../../../src/config/index.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();

const seedsDir = path.resolve(import.meta.dirname, '../../../seeds');

let corpus: Corpus;
const seed = (prefix: string): Article => {
  const article = corpus.articles.find((a) => a.id.startsWith(prefix));
  if (!article) throw new Error(`seed ${prefix} was not ingested`);
  return article;
};

beforeAll(async () => {
  corpus = await readCorpus(seedsDir, { config: coreConfig });
});

describe('the five seed articles', () => {
  it('are all read, with nothing skipped', () => {
    expect(corpus.articles.map((a) => a.id)).toEqual([
      '000_4febd3ada957fb7c',
      '001_389ba111ca556c41',
      '002_139fa1bb7e812c3d',
      '003_9be217cb5ba1d0f2',
      '004_f199326b91c0929f',
    ]);
    expect(corpus.skipped).toEqual([]);
  });

  it('TRT World: outlet from the SOURCE line, headline, standfirst and the article date', () => {
    const a = seed('000');
    expect(a).toMatchObject({
      outlet: 'TRT World',
      title: 'Kremlin says no plans yet for Putin-Trump call',
      published: '2025-05-29',
      url: null,
    });
    expect(a.subtitle).toMatch(/^Kremlin spokesman Peskov said the Russian president prioritises/);
  });

  it('Bloomberg via ArcaMax: outlet and author from the byline, no date because the page gives none', () => {
    expect(seed('001')).toMatchObject({
      outlet: 'Bloomberg',
      title: 'Kremlin douses imminent Putin meeting with Trump and Zelenskyy',
      author: 'Henry Meyer',
      published: null,
      url: null,
    });
  });

  it('RT: outlet from the contact e-mail domain, date from the dateline above the headline', () => {
    const a = seed('002');
    expect(a).toMatchObject({ outlet: 'RT', title: 'Putin ready to talk to Trump – Kremlin', published: '2025-01-24' });
    expect(a.subtitle).toBe('Russia is awaiting signals from the new US administration, spokesman Dmitry Peskov has said');
  });

  it("MENAFN: the article's own date, not the page's 'today' banner", () => {
    expect(seed('003')).toMatchObject({
      outlet: 'MENAFN',
      title: 'Kremlin reacts to Trump being ‘unhappy’ after Putin talks',
      published: '2025-07-22',
    });
  });

  it('The Moscow Times: outlet and URL from the "Original url" line', () => {
    expect(seed('004')).toMatchObject({
      outlet: 'The Moscow Times',
      title: "Kremlin Reiterates Putin's Call for Istanbul Talks, But Remains Silent on Possible Zelensky Meeting",
      published: '2025-05-12',
      url: 'https://www.themoscowtimes.com/2025/05/12/kremlin-reiterates-putins-call-for-istanbul-talks-but-remains-silent-on-possible-zelensky-meeting-a89054',
    });
  });
});

describe('boilerplate never reaches a passage', () => {
  const furniture: Array<[string, RegExp]> = [
    ['related-list markers', /\b(?:Explore|Recommended)\b|^Related/],
    ['comment systems', /Disqus|Dear readers|commenting system|^Comments$/i],
    ['icon-font junk', /\bicon\b/i],
    ['player timecodes', /^\d{1,2}:\d{2}$/],
    ['podcast labels', /^Podcasts$/],
    ['copyright and distribution lines', /©|Distributed by|Bloomberg L\.P\./],
    ['image credits', /\/ Reuters|pool photo via AP|Ilnitsky/],
    ['reading time', /min read/],
    ['navigation crumbs', /^(?:Current News|\/|ArcaMax)$|Published in News/],
    ['SOURCE lines', /SOURCE:/],
    ['language switch links', /عربي/],
    ['URL lines', /Original url|https?:\/\//],
    ['markdown link syntax', /\]\(|\[|\*\*/],
    ['page banners and datelines', /January 2024|2025-07-22|24 Jan, 2025|^May \d+, 2025$/],
  ];
  for (const [what, pattern] of furniture) {
    it(`drops ${what}`, () => {
      const offending = corpus.articles.flatMap((a) => a.passages).filter((p) => pattern.test(p.text));
      expect(offending.map((p) => p.text)).toEqual([]);
    });
  }

  it("drops the TRT 'Explore' headline list, including a byline inside it", () => {
    const body = seed('000').body;
    for (const headline of [
      "Israel arms and funds Druze militias in Syria's Sweida: report",
      'Zelenskyy is going to have to make a deal with Russia: Trump',
      "Is Russia's drone tactic in Eastern Europe an attempt to drag NATO into Ukraine war?",
      'By Murat Sofuoglu',
      "Google pledges $6.8B in UK investment ahead of Trump's landmark state visit",
      'NATO commander: Türkiye a pillar of alliance, key to Russia-Ukraine peace',
    ]) {
      expect(body).not.toContain(headline);
    }
  });

  it('drops the "Related article" link line of The Moscow Times', () => {
    expect(seed('004').body).not.toContain('Russia Launches Drone Strikes Across Ukraine');
  });

  it('keeps the headline and standfirst out of the body although the page repeats them', () => {
    for (const a of corpus.articles) {
      expect(a.body.startsWith(a.title)).toBe(false);
      if (a.subtitle) expect(a.body).not.toContain(a.subtitle);
    }
  });

  it('drops the "(MENAFN)" dateline tag from the first paragraph', () => {
    expect(seed('003').body.startsWith('The Kremlin has stated that it takes US President')).toBe(true);
  });

  it('unwraps markdown links into their text', () => {
    expect(seed('004').body).toContain('The Kremlin on Monday repeated President Vladimir Putin');
    expect(seed('004').body).toContain('An anonymous Ukrainian official told Axios');
  });
});

describe('repairs', () => {
  it('adds the missing opening quotation mark of an RT quote', () => {
    const quote = seed('002').passages.find((p) => p.text.includes('Putin is ready, we are waiting for signals.'));
    expect(quote?.text.startsWith('“Putin is ready')).toBe(true);
  });

  it('keeps a quotation and its attribution together when the page split them into two paragraphs', () => {
    const passage = seed('004').passages.find((p) => p.text.includes('Overall, we remain committed'));
    expect(passage?.text).toBe(
      '"Overall, we remain committed to a serious effort toward a long-term peaceful resolution," Peskov said, without confirming whether Putin would attend the proposed talks.',
    );
  });

  it('replaces non-breaking spaces and keeps curly quotes as written', () => {
    for (const a of corpus.articles) expect(a.body).not.toMatch(/[\u00A0\u200B\uFEFF]/);
    expect(seed('002').body).toContain('“immediately.”');
  });
});

describe('passages', () => {
  it('point into the body: body.slice(start, end) is the passage text', () => {
    for (const a of corpus.articles) {
      for (const p of a.passages) expect(a.body.slice(p.start, p.end)).toBe(p.text);
    }
  });

  it('are numbered in reading order with ids of the form article#index', () => {
    for (const a of corpus.articles) {
      a.passages.forEach((p, i) => {
        expect(p).toMatchObject({ id: `${a.id}#${i}`, articleId: a.id, index: i });
        if (i > 0) expect(p.start).toBeGreaterThan(a.passages[i - 1]!.start);
      });
    }
  });

  it('are sentences: a paragraph of two sentences gives two passages with the same paragraph number', () => {
    const a = seed('001');
    const [first, second] = a.passages.filter((p) => p.paragraph === 1);
    expect(first?.text).toBe(
      '“Truth be told, this is unlikely to happen in the near future,” Kremlin spokesman Dmitry Peskov said Tuesday, according to the Interfax news service.',
    );
    expect(second?.text).toBe('“President Putin supports such contacts but thinks they should be well prepared.”');
  });

  it('keep the paragraph number of the cleaned body', () => {
    for (const a of corpus.articles) {
      const paragraphs = a.body.split('\n\n');
      for (const p of a.passages) expect(paragraphs[p.paragraph]).toContain(p.text);
    }
  });
});
