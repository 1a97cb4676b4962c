import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCorpus, type Article, type Corpus } from '../../../src/core/ingest/index.js';
import { loadCoreConfig } from '../../../src/config/index.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();

/**
 * Hand-written pages in the shapes other outlets export (wire copy, agency datelines, live-site
 * furniture, markdown): the rules that clean the seeds must hold on them too.
 */
const fixtures = path.resolve(import.meta.dirname, '../../fixtures/pages');

let corpus: Corpus;
const page = (id: string): Article => {
  const article = corpus.articles.find((a) => a.id === id);
  if (!article) throw new Error(`${id} was not ingested`);
  return article;
};
const passages = (id: string) => page(id).passages.map((p) => p.text);

beforeAll(async () => {
  corpus = await readCorpus(fixtures, { config: coreConfig });
});

describe('wire copy (AP shape)', () => {
  it('reads the outlet from the "(AP)" dateline tag, the authors from the byline and the date from "Updated …"', () => {
    expect(page('wire-ap')).toMatchObject({
      outlet: 'AP',
      title: 'Ukraine says it shot down dozens of drones in overnight attack',
      author: 'HANNA ARHIROVA and ILLIA NOVIKOV',
      published: '2025-06-04',
    });
  });

  it('drops the headline links listed after the story without a marker', () => {
    expect(page('wire-ap').body).not.toMatch(/Follow AP|Photos: Scenes|security guarantees/);
  });
});

describe('agency copy (TASS shape)', () => {
  it('takes the outlet from the /TASS/ dateline and ignores a weekday-time-zone banner as the date', () => {
    expect(page('agency-tass')).toMatchObject({ outlet: 'TASS', published: null });
  });

  it('drops "Advertisement" and a "Read also:" link line', () => {
    expect(page('agency-tass').body).not.toMatch(/Advertisement|Read also|Erdogan/);
  });
});

describe('live-site furniture (Al Jazeera shape)', () => {
  it('tells the standfirst from the body and reads "Published On" and the "Source:" line', () => {
    const a = page('aljazeera-style');
    expect(a).toMatchObject({
      outlet: 'Al Jazeera',
      title: 'Russia and Ukraine swap hundreds of prisoners of war',
      subtitle: 'Exchange comes days after a second round of direct talks in Istanbul failed to produce a ceasefire.',
      published: '2025-06-09',
    });
  });

  it('drops save/share buttons, the section label and image captions', () => {
    expect(page('aljazeera-style').body).not.toMatch(/Save|share|Russia-Ukraine war|Image caption|Source:/i);
  });
});

describe('markdown (Guardian shape)', () => {
  it('takes the # heading as the headline and the correspondent line as the author', () => {
    expect(page('guardian-style')).toMatchObject({
      title: 'Zelenskyy says Ukraine ready for talks at any level',
      subtitle: 'Ukrainian president repeats offer to meet Putin in person as European leaders push for ceasefire',
      author: 'Shaun Walker',
      published: '2025-06-03',
      outlet: null,
    });
  });

  it('joins hard-wrapped lines into one paragraph and keeps a sub-heading as its own paragraph', () => {
    const a = page('guardian-style');
    expect(a.body.split('\n\n')).toEqual([
      'Volodymyr Zelenskyy has said Ukraine is ready for peace talks "at any level", repeating his offer to meet Vladimir Putin in person as European leaders push for an unconditional 30-day ceasefire.',
      'Speaking in Kyiv on Tuesday, the Ukrainian president said a meeting between the two leaders was the only way to settle the most difficult questions.',
      'A deadline passes',
      'The Kremlin did not respond to the offer, and a European deadline for Russia to accept the ceasefire passed without comment from Moscow.',
    ]);
  });

  it('drops images, photo credits, newsletter prompts and the topic list', () => {
    expect(passages('guardian-style').join(' ')).not.toMatch(/Photograph|newsletter|Explore|Reuse|!\[|\*/);
  });
});
