import { describe, expect, it } from 'vitest';
import type { Article } from '../../../src/core/ingest/index.js';
import {
  buildIndex,
  createAnalyzer,
  foldText,
  lexiconFromGroups,
  restoreIndex,
  SnapshotMismatchError,
} from '../../../src/core/index/index.js';
import { passagesFromParagraphs } from '../../../eval/distractors.js';
import { loadCoreConfig } from '../../../src/config/index.js';
import { configured } from '../../../src/core/config.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();
const coreAnalyzer = configured(coreConfig).analyzer;

function article(id: string, title: string, paragraphs: string[], extra: Partial<Article> = {}): Article {
  const { body, passages } = passagesFromParagraphs(id, paragraphs);
  return { id, outlet: 'Test Wire', title, subtitle: null, author: null, published: '2025-05-12', url: null, file: `${id}.txt`, body, passages, ...extra };
}

const harbour = article('harbour', 'Harbour cranes return to work after strike', [
  'Dock workers at the northern port returned to work on Tuesday after a four-day strike over pay ended.',
  'The union said the agreement limits night shifts to three a week.',
]);
const grain = article('grain', 'Grain exports rise', [
  'Wheat exports from the port rose sharply in May, traders said.',
  'A strike at the rail terminal had slowed deliveries earlier in the year.',
]);
const kyiv = article('kyiv', 'Talks in Kiev', [
  'Officials met in Kiev on Monday to discuss a 30-day ceasefire with President Zelenskyy.',
  'Delegates from Türkiye joined the meeting at the last minute.',
]);

describe('buildIndex', () => {
  it('ranks the passage whose words match the query first', () => {
    const index = buildIndex([harbour, grain, kyiv], { analyzer: coreAnalyzer });
    const hits = index.search('union agreement night shifts');
    expect(hits[0]?.passage.id).toBe('harbour#1');
  });

  it('lifts the passages of an article whose headline matches the query', () => {
    // Both articles mention a strike in the body; only one has it in its headline.
    const index = buildIndex([grain, harbour], { analyzer: coreAnalyzer });
    const hits = index.search('strike');
    expect(hits[0]?.article.id).toBe('harbour');
  });

  it('finds a variant spelling listed in the variants data (Kyiv for Kiev, Zelensky for Zelenskyy)', () => {
    const index = buildIndex([harbour, grain, kyiv], { analyzer: coreAnalyzer });
    expect(index.search('Kyiv')[0]?.article.id).toBe('kyiv');
    expect(index.search('Zelensky')[0]?.passage.id).toBe('kyiv#0');
  });

  it('folds diacritics, so Turkiye finds Türkiye', () => {
    const index = buildIndex([harbour, grain, kyiv], { analyzer: coreAnalyzer });
    expect(index.search('Turkiye delegates')[0]?.passage.id).toBe('kyiv#1');
  });

  it('matches "30 day" and "30-day" alike', () => {
    const index = buildIndex([harbour, grain, kyiv], { analyzer: coreAnalyzer });
    expect(index.search('30 day ceasefire')[0]?.passage.id).toBe('kyiv#0');
    expect(index.search('thirty-day truce 30-day')[0]?.passage.id).toBe('kyiv#0');
  });

  it('finds words through their lemma (returned, returns, return)', () => {
    const index = buildIndex([harbour, grain, kyiv], { analyzer: coreAnalyzer });
    expect(index.search('workers return')[0]?.passage.id).toBe('harbour#0');
  });

  it('uses the lexicon it is given, so variants are data and not code', () => {
    const analyzer = createAnalyzer(lexiconFromGroups([['harbor', 'harbour']]));
    const index = buildIndex([harbour], { analyzer });
    expect(index.search('harbor cranes')[0]?.article.id).toBe('harbour');
  });

  it('finds a passage through a WordNet synonym of the query word (truce for ceasefire)', () => {
    const index = buildIndex([harbour, grain, kyiv], { analyzer: coreAnalyzer });
    expect(index.search('truce')[0]?.passage.id).toBe('kyiv#0');
  });

  it('weighs a related word below the word itself, and by how close the two are', () => {
    const index = buildIndex([harbour, grain, kyiv], { analyzer: coreAnalyzer });
    const terms = index.analyze('truce').terms;
    const truce = terms.find((t) => t.text === 'truce')!;
    const ceasefire = terms.find((t) => t.synonymOf === truce.term && t.term === index.analyze('ceasefire').terms[0]!.term)!;
    expect(ceasefire.weight).toBeGreaterThan(0);
    expect(ceasefire.weight).toBeLessThan(truce.weight * 0.5);
  });

  it('finds a passage through a pertainym (Russian for Russia) and a synonym (punishment for penalties)', () => {
    const envoys = article('envoys', 'Envoys gather', ['Russian envoys left the hotel before dawn.', 'The punishment was a fine.']);
    const index = buildIndex([harbour, envoys], { analyzer: coreAnalyzer });
    expect(index.search('envoys from Russia')[0]?.passage.id).toBe('envoys#0');
    expect(index.search('what penalties')[0]?.passage.id).toBe('envoys#1');
  });

  it('leaves out WordNet senses far from the word in use ("three" is not a "leash")', () => {
    const index = buildIndex([harbour, article('dogs', 'Dogs', ['The dog pulled at its leash.'])], { analyzer: coreAnalyzer });
    expect(index.analyze('three ships').terms.map((t) => t.text)).not.toContain('leash');
  });

  it('expands with the lexicon groups only when WordNet is turned off', () => {
    const analyzer = createAnalyzer(lexiconFromGroups([], [['kremlin', 'moscow']]), { wordnet: null });
    const index = buildIndex([harbour, grain, kyiv, article('m', 'Moscow', ['Moscow said no.'])], { analyzer });
    expect(index.search('truce')).toEqual([]);
    expect(index.search('kremlin')[0]?.article.id).toBe('m');
  });

  it('finds an article by its headline even when passages of other articles repeat its common words', () => {
    const results = article('ltx', 'Ltx Corp 2nd Qtr Loss', ['Shr loss 28 cts vs loss 32 cts.', 'Revs 40 mln dlrs.']);
    const others = ['Pico', 'Supreme', 'Solar'].map((name, i) =>
      article(`q${i}`, `${name} Products 2nd Qtr Net`, [`${name} said its 2nd qtr loss narrowed; 2nd qtr revs rose, qtr loss per shr fell.`]),
    );
    const index = buildIndex([...others, results], { analyzer: coreAnalyzer });
    expect(index.search('Ltx Corp 2nd Qtr Loss')[0]?.article.id).toBe('ltx');
  });

  it('ranks a passage holding more of the query words above one holding a rare word many times (coordination)', () => {
    const articles = [
      article('a', 'Port news', ['Gantries, gantries, gantries: the gantries stood idle in the rain.']),
      article('b', 'Port news', ['Dock workers voted on the gantries after the strike.']),
      article('c', 'Farm news', ['The strike ended; workers voted.', 'Nothing else.']),
    ];
    const query = 'gantries strike workers';
    expect(buildIndex(articles, { analyzer: coreAnalyzer }).search(query)[0]?.article.id).toBe('b');
    const lead = (coordination: number) => {
      const hits = buildIndex(articles, { analyzer: coreAnalyzer, ranking: { coordination } }).search(query);
      return hits.find((h) => h.article.id === 'b')!.score / hits.find((h) => h.article.id === 'a')!.score;
    };
    expect(lead(2)).toBeGreaterThan(lead(0));
  });

  it("does not let another article's headline fill in the query words a passage lacks (coordination per field)", () => {
    // The query's words all stand in one passage; another passage holds two of them and its
    // headline the other two. One coordination over both fields ranked that one first.
    const articles = [
      article('sought', 'Council meets', ['Councillors approved the harbour dredging budget on Friday.', 'The vote was close.']),
      article('other', 'Harbour dredging delayed', ['Councillors approved a budget for schools.', 'Harbour dredging waits.']),
    ];
    const index = buildIndex(articles, { analyzer: coreAnalyzer });
    expect(index.search('councillors approved harbour dredging budget')[0]?.passage.id).toBe('sought#0');
  });

  it('prefers, among passages with the same stems, the one that writes the words as the query does', () => {
    const articles = [
      article('a', 'Quarterly figures', ['Figures include results of discontinued operations.']),
      article('b', 'Quarterly figures', ['Figures include resulting discontinued operation.']),
    ];
    const query = 'figures include resulting discontinued operation';
    expect(buildIndex(articles, { analyzer: coreAnalyzer }).search(query)[0]?.article.id).toBe('b');
    const hits = buildIndex(articles, { analyzer: coreAnalyzer, ranking: { exactFormWeight: 0 } }).search(query);
    expect(hits.find((h) => h.article.id === 'b')!.score).toBeLessThanOrEqual(hits.find((h) => h.article.id === 'a')!.score);
  });

  it('returns nothing for a query made only of stopwords or unknown words', () => {
    const index = buildIndex([harbour, grain, kyiv], { analyzer: coreAnalyzer });
    expect(index.search('what is the')).toEqual([]);
    expect(index.search('xylophone')).toEqual([]);
  });

  it('searches only the articles asked for', () => {
    const index = buildIndex([harbour, grain, kyiv], { analyzer: coreAnalyzer });
    const hits = index.search('strike port', { articleIds: new Set(['grain']) });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.article.id === 'grain')).toBe(true);
  });

  it('scores a search confined to some articles exactly as the full search, minus the other articles', () => {
    const empty = article('empty', 'Nothing here', []);
    const index = buildIndex([harbour, empty, grain, kyiv], { analyzer: coreAnalyzer });
    for (const query of ['strike port', 'port workers strike in May', 'meeting in Kiev']) {
      const all = index.search(query, { limit: 20 });
      // Given out of index order, with an unknown id and an article without passages.
      const confined = index.search(query, { limit: 20, articleIds: new Set(['kyiv', 'nowhere', 'empty', 'harbour']) });
      const expected = all.filter((h) => h.article.id === 'harbour' || h.article.id === 'kyiv');
      expect(expected.length).toBeGreaterThan(0);
      expect(confined.map((h) => [h.passage.id, h.score])).toEqual(expected.map((h) => [h.passage.id, h.score]));
    }
  });

  it('returns at most `limit` hits, best first', () => {
    const index = buildIndex([harbour, grain, kyiv], { analyzer: coreAnalyzer });
    const hits = index.search('port strike work', { limit: 2 });
    expect(hits).toHaveLength(2);
    expect(hits[0]!.score).toBeGreaterThanOrEqual(hits[1]!.score);
  });

  it('handles an empty coverage', () => {
    expect(buildIndex([], { analyzer: coreAnalyzer }).search('anything')).toEqual([]);
  });

  it('rewards query words that stand next to each other in the passage', () => {
    const near = article('near', 'One', ['The grain deal was signed in the port yesterday by both sides.']);
    const far = article('far', 'Two', ['The deal on fish was signed after grain talks in the port by both sides.']);
    const index = buildIndex([far, near], { analyzer: coreAnalyzer });
    expect(index.search('grain deal')[0]?.article.id).toBe('near');
  });
});

describe('index snapshots', () => {
  it('restores an index that answers exactly like the one it was taken from', () => {
    const articles = [harbour, grain, kyiv];
    const index = buildIndex(articles, { analyzer: coreAnalyzer });
    const restored = restoreIndex(structuredClone(index.snapshot()), articles, { analyzer: coreAnalyzer });
    for (const query of ['strike', 'Kyiv ceasefire', 'union night shifts', 'wheat exports in May']) {
      expect(restored.search(query).map((h) => [h.passage.id, h.score])).toEqual(index.search(query).map((h) => [h.passage.id, h.score]));
    }
  });

  it('refuses a snapshot taken from other articles', () => {
    const snapshot = buildIndex([harbour, grain], { analyzer: coreAnalyzer }).snapshot();
    expect(() => restoreIndex(snapshot, [harbour, kyiv], { analyzer: coreAnalyzer })).toThrow(SnapshotMismatchError);
  });
});

describe('foldText', () => {
  it('lowercases, strips diacritics and unifies quotes and dashes', () => {
    expect(foldText('Türkiye’s “Erdoğan” – 30‑day')).toBe('turkiye\'s "erdogan" - 30-day');
  });
});

describe('buildIndex over an earlier index (an update)', () => {
  /** The default analysis, counting the texts it analyses. */
  function countingAnalyzer() {
    const base = createAnalyzer(lexiconFromGroups([['harbor', 'harbour']]));
    const analyzer = Object.create(base) as typeof base & { analysed: string[] };
    analyzer.analysed = [];
    analyzer.terms = (text: string) => {
      analyzer.analysed.push(text);
      return base.terms(text);
    };
    return analyzer;
  }
  const edited = article('grain', 'Grain exports rise', [
    'Wheat exports from the port rose sharply in May, traders said.',
    'Barley shipments through the northern harbour doubled.',
  ]);

  it('analyses only the new and changed articles and gives the very index a build from scratch gives', () => {
    const analyzer = countingAnalyzer();
    const before = buildIndex([harbour, grain], { analyzer });
    analyzer.analysed = [];
    // grain edited, kyiv added, harbour unchanged (a copy, not the same object).
    const after = buildIndex([{ ...harbour }, edited, kyiv], { analyzer, previous: before });
    expect(analyzer.analysed).toHaveLength(1 + edited.passages.length + 1 + kyiv.passages.length);
    expect(analyzer.analysed).not.toContain(harbour.passages[0]!.text);
    const fresh = buildIndex([harbour, edited, kyiv], { analyzer });
    expect(after.snapshot()).toEqual(fresh.snapshot());
    expect(after.search('northern harbour barley')).toEqual(fresh.search('northern harbour barley'));
  });

  it('drops a removed article exactly as a build without it does', () => {
    const analyzer = countingAnalyzer();
    const before = buildIndex([harbour, grain, kyiv], { analyzer });
    analyzer.analysed = [];
    const after = buildIndex([harbour, kyiv], { analyzer, previous: before });
    expect(analyzer.analysed).toEqual([]);
    expect(after.snapshot()).toEqual(buildIndex([harbour, kyiv], { analyzer }).snapshot());
  });

  it('analyses everything again when the earlier index was built with another analyzer', () => {
    const before = buildIndex([harbour, grain], { analyzer: countingAnalyzer() });
    const analyzer = countingAnalyzer();
    const after = buildIndex([harbour, grain], { analyzer, previous: before });
    expect(analyzer.analysed).toHaveLength(2 + harbour.passages.length + grain.passages.length);
    expect(after.snapshot()).toEqual(buildIndex([harbour, grain], { analyzer }).snapshot());
  });
});
