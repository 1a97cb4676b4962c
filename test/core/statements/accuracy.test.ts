import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../../src/core/ingest/types.js';
import { readCorpus } from '../../../src/core/ingest/index.js';
import { extractStatements, type Statement } from '../../../src/core/statements/index.js';
import { attributionAccuracy, readExpectedStatements, type ExpectedStatement } from '../../../eval/attribution.js';
import { comparableText } from '../../../src/core/ingest/normalize.js';
import { articleFrom } from './article.js';
import { loadCoreConfig } from '../../../src/config/index.js';
import { configured } from '../../../src/core/config.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();

const root = path.resolve(import.meta.dirname, '../../..');

const readExpected = (file: string): ExpectedStatement[] => readExpectedStatements(path.join(root, 'test/fixtures/eval', file));

/** Articles in other outlets' styles (wire copy, British single quotes, a quote-first lede), written for this test. */
const otherOutlets: Article[] = [
  articleFrom(
    [
      'ANKARA, Turkey (AP) — Turkish Foreign Minister Hakan Fidan said Tuesday that Ankara was ready to host another round of talks between Russia and Ukraine.',
      '“We will continue to do everything we can for a lasting peace,” Fidan told a news conference in the capital.',
      'Fidan, speaking alongside his Ukrainian counterpart Andrii Sybiha, said the prisoner exchanges agreed in Istanbul showed that dialogue could work.',
      'Sybiha said Kyiv was open to a meeting of leaders but would not accept ultimatums.',
    ],
    { id: 'ap-fidan', outlet: 'AP', published: '2025-06-10' },
  ),
  articleFrom(
    [
      'The British prime minister has said Europe must be ready to guarantee any ceasefire in Ukraine.',
      'Speaking in London, Keir Starmer said: ‘We cannot let a ceasefire become a pause before the next invasion.’',
      'The prime minister added that a coalition of countries was preparing plans for a reassurance force.',
      'The Kremlin has repeatedly rejected the idea of European troops in Ukraine.',
    ],
    { id: 'guardian-starmer', outlet: 'The Guardian', published: '2025-03-02' },
  ),
  articleFrom(
    [
      '"There will be no deal without security guarantees," Ukrainian President Volodymyr Zelenskyy said on Sunday in his nightly video address.',
      'The president said he had discussed the next steps with US special envoy Steve Witkoff by phone.',
      'Witkoff told Fox News that the sides were "closer than ever" to an agreement, but did not give details.',
      'Kremlin aide Yuri Ushakov said Moscow had received the proposals and would study them.',
    ],
    { id: 'wire-zelensky', outlet: 'Wire', published: '2025-11-23' },
  ),
  articleFrom(
    [
      'MOSCOW, Aug 8 (Reuters) - Kremlin aide Yuri Ushakov said on Thursday that Russian President Vladimir Putin and U.S. President Donald Trump had agreed to meet in the coming days, though no date had been set.',
      '"At the suggestion of the American side, it was agreed in principle to hold a bilateral summit at the highest level in the coming days," Ushakov told reporters.',
      'Putin, speaking at a separate event in the Kremlin, said the United Arab Emirates could be one of the venues.',
      '"We have many friends who are ready to help us organise events of this kind," the Russian leader said.',
      'Trump, asked by reporters at the White House whether he would meet Zelenskiy as well, said: "They would like to meet me, and I\'ll do whatever I can to stop the killing."',
      'Ukrainian President Volodymyr Zelenskiy said Ukraine should be a part of any talks. "Ukraine is not afraid of meetings and expects the same brave approach from the Russian side," he wrote on Telegram.',
    ],
    { id: 'reuters-summit', outlet: 'Reuters', published: '2025-08-08' },
  ),
  articleFrom(
    [
      'Russia’s foreign ministry spokeswoman Maria Zakharova on Wednesday accused Britain of trying to sabotage the peace process.',
      '“London is once again doing everything to prolong the conflict,” Zakharova told a weekly briefing in Moscow.',
      'British officials dismissed the claim. “That is simply nonsense,” a government spokesperson said.',
      'The Russian foreign minister, Sergei Lavrov, said separately that Moscow would not accept European peacekeepers in Ukraine under any flag.',
      'Lavrov added: “Any such deployment would be a direct involvement of NATO countries in the war against Russia.”',
    ],
    { id: 'guardian-zakharova', outlet: 'The Guardian', published: '2025-03-12' },
  ),
  articleFrom(
    [
      'Kyiv, Ukraine — Ukraine\'s top negotiator Rustem Umerov said Friday the country was ready for a new round of talks in Istanbul.',
      '"We have handed over our proposals; now it is Russia\'s turn," Umerov said in a statement. He added that a prisoner exchange could follow within days.',
      'Andriy Yermak, head of the presidential office, struck a more cautious tone.',
      '"We are not naive about Moscow\'s intentions," Yermak wrote on X.',
      'Meanwhile, Russian Security Council Deputy Chairman Dmitry Medvedev said in a post on Telegram that the negotiations "are not for compromise" but for "a speedy victory."',
    ],
    { id: 'kyiv-umerov', outlet: 'Kyiv daily', published: '2025-06-06' },
  ),
];

const otherExpected: ExpectedStatement[] = [
  { article: 'reuters-summit', speaker: 'Yury Ushakov', contains: 'agreed to meet in the coming days' },
  { article: 'reuters-summit', speaker: 'Yury Ushakov', contains: 'bilateral summit at the highest level' },
  { article: 'reuters-summit', speaker: 'Vladimir Putin', contains: 'United Arab Emirates could be one of the venues' },
  { article: 'reuters-summit', speaker: 'Vladimir Putin', contains: 'We have many friends' },
  { article: 'reuters-summit', speaker: 'Donald Trump', contains: 'stop the killing' },
  { article: 'reuters-summit', speaker: 'Volodymyr Zelensky', contains: 'Ukraine is not afraid of meetings' },
  { article: 'guardian-zakharova', speaker: 'Maria Zakharova', contains: 'prolong the conflict' },
  { article: 'guardian-zakharova', speaker: 'Sergey Lavrov', contains: 'European peacekeepers' },
  { article: 'guardian-zakharova', speaker: 'Sergey Lavrov', contains: 'direct involvement of NATO countries' },
  { article: 'kyiv-umerov', speaker: 'Rustem Umerov', contains: 'ready for a new round of talks' },
  { article: 'kyiv-umerov', speaker: 'Rustem Umerov', contains: 'now it is Russia' },
  { article: 'kyiv-umerov', speaker: 'Rustem Umerov', contains: 'prisoner exchange could follow' },
  { article: 'kyiv-umerov', speaker: 'Andriy Yermak', contains: 'not naive' },
  { article: 'kyiv-umerov', speaker: 'Dmitry Medvedev', contains: 'not for compromise' },
  { article: 'ap-fidan', speaker: 'Hakan Fidan', contains: 'ready to host another round of talks' },
  { article: 'ap-fidan', speaker: 'Hakan Fidan', contains: 'everything we can for a lasting peace' },
  { article: 'ap-fidan', speaker: 'Hakan Fidan', contains: 'dialogue could work' },
  { article: 'ap-fidan', speaker: 'Andrii Sybiha', contains: 'would not accept ultimatums' },
  { article: 'guardian-starmer', speaker: 'Keir Starmer', contains: 'pause before the next invasion' },
  { article: 'guardian-starmer', speaker: 'Keir Starmer', contains: 'reassurance force' },
  { article: 'wire-zelensky', speaker: 'Volodymyr Zelensky', contains: 'no deal without security guarantees' },
  { article: 'wire-zelensky', speaker: 'Volodymyr Zelensky', contains: 'discussed the next steps' },
  { article: 'wire-zelensky', speaker: 'Steve Witkoff', contains: 'closer than ever' },
  { article: 'wire-zelensky', speaker: 'Yury Ushakov', contains: 'would study them' },
];

/**
 * A second set of hand-written articles in styles the seeds and the set above do not use (AP's
 * "X, the Y minister, told reporters on Tuesday that…", British "Mr"/"Ms" titles, a quotation over
 * two paragraphs after "she said:", guillemets with and without inner spaces, the attribution in
 * the middle of a quotation or of reported speech, "according to a statement from…", "told the
 * Commons: ‘…’"), written after the extractor, to check that it generalizes.
 */
const newsStyles: Article[] = [
  articleFrom(
    [
      'WARSAW, Poland (AP) — Radoslaw Sikorski, the Polish foreign minister, told reporters on Tuesday that Warsaw would keep supplying Kyiv with weapons for as long as necessary.',
      'Mr Sikorski said the latest Russian drone incursion was a deliberate test of NATO’s resolve.',
      '“This was not an accident,” he said. “Sixteen drones do not stray by accident.”',
    ],
    { id: 'ap-sikorski', outlet: 'AP', published: '2025-09-16' },
  ),
  articleFrom(
    [
      'The EU’s foreign policy chief, Kaja Kallas, said on Monday that Europe had to prepare for a long confrontation with Moscow.',
      'Speaking to reporters in Brussels, she said: “We must be ready for Russia to keep testing us.',
      '“Every sanctions package makes the war more expensive for the Kremlin, and we will not stop.”',
      'According to Ms Kallas, a 19th package of sanctions is being prepared.',
    ],
    { id: 'bbc-kallas', outlet: 'BBC', published: '2025-09-15' },
  ),
  articleFrom(
    [
      '«We will respond to any provocation», Dmitry Medvedev wrote on Telegram on Friday.',
      '“The door to peace is open,” said Mark Rutte, the NATO secretary general, “but Moscow has to walk through it.”',
      'Ukraine’s foreign minister, Andrii Sybiha, said Kyiv would not trade territory for promises. “We cannot accept a ceasefire that rewards aggression,” Sybiha said.',
      '« We are ready for a meeting at any level », Kremlin spokesman Dmitry Peskov said, according to the TASS news agency.',
    ],
    { id: 'reuters-guillemets', outlet: 'Reuters', published: '2025-09-19' },
  ),
  articleFrom(
    [
      'The prime minister, Keir Starmer, told MPs that Britain would send more air defence systems to Ukraine.',
      'The prime minister told the Commons: ‘We will stand with Ukraine for as long as it takes.’',
      'In a statement, the White House press secretary, Karoline Leavitt, said the president was “disappointed” by the lack of progress.',
      'Turkish President Recep Tayyip Erdogan told a news conference in Ankara on Wednesday that Turkey was ready to host a leaders’ summit.',
      'The Russian side, Erdogan added, had signalled it was open to a meeting in Istanbul.',
    ],
    { id: 'guardian-commons', outlet: 'The Guardian', published: '2025-09-18' },
  ),
  articleFrom(
    [
      'KYIV (Reuters) - Oleksiy Honcharenko, a Ukrainian lawmaker, said the parliament would vote on the new mobilisation rules next week.',
      'Lavrov said the West was prolonging the war. But US Secretary of State Marco Rubio said Washington wanted a quick end to the fighting.',
      '“The ball is in Russia’s court,” Rubio told the BBC’s Laura Kuenssberg in an interview broadcast on Sunday.',
      'Russia’s position had not changed, according to a statement from the Kremlin.',
      '“We will not,” the Ukrainian president said, “give away a single inch of our land.”',
    ],
    { id: 'wire-kyiv', outlet: 'Wire', published: '2025-08-11' },
  ),
];

const newsStylesExpected: ExpectedStatement[] = [
  { article: 'ap-sikorski', speaker: 'Radoslaw Sikorski', contains: 'keep supplying Kyiv with weapons' },
  { article: 'ap-sikorski', speaker: 'Radoslaw Sikorski', contains: 'deliberate test of NATO' },
  { article: 'ap-sikorski', speaker: 'Radoslaw Sikorski', contains: 'Sixteen drones do not stray by accident' },
  { article: 'bbc-kallas', speaker: 'Kaja Kallas', contains: 'prepare for a long confrontation' },
  { article: 'bbc-kallas', speaker: 'Kaja Kallas', contains: 'keep testing us. Every sanctions package' },
  { article: 'bbc-kallas', speaker: 'Kaja Kallas', contains: '19th package of sanctions' },
  { article: 'reuters-guillemets', speaker: 'Dmitry Medvedev', contains: 'respond to any provocation' },
  { article: 'reuters-guillemets', speaker: 'Mark Rutte', contains: 'door to peace is open, but Moscow has to walk through it' },
  { article: 'reuters-guillemets', speaker: 'Andrii Sybiha', contains: 'would not trade territory' },
  { article: 'reuters-guillemets', speaker: 'Andrii Sybiha', contains: 'rewards aggression' },
  { article: 'reuters-guillemets', speaker: 'Dmitry Peskov', contains: 'meeting at any level' },
  { article: 'guardian-commons', speaker: 'Keir Starmer', contains: 'air defence systems' },
  { article: 'guardian-commons', speaker: 'Keir Starmer', contains: 'stand with Ukraine for as long as it takes' },
  { article: 'guardian-commons', speaker: 'Karoline Leavitt', contains: 'disappointed' },
  { article: 'guardian-commons', speaker: 'Recep Tayyip Erdogan', contains: 'ready to host a leaders' },
  { article: 'guardian-commons', speaker: 'Recep Tayyip Erdogan', contains: 'The Russian side had signalled' },
  { article: 'wire-kyiv', speaker: 'Oleksiy Honcharenko', contains: 'vote on the new mobilisation rules' },
  { article: 'wire-kyiv', speaker: 'Sergey Lavrov', contains: 'West was prolonging the war' },
  { article: 'wire-kyiv', speaker: 'Marco Rubio', contains: 'quick end to the fighting' },
  { article: 'wire-kyiv', speaker: 'Marco Rubio', contains: 'ball is in Russia' },
  { article: 'wire-kyiv', speaker: 'Kremlin', contains: 'position had not changed' },
];

let seeds: Article[];
let statements: Statement[];
beforeAll(async () => {
  seeds = (await readCorpus(path.join(root, 'seeds'), { config: coreConfig })).articles;
  statements = extractStatements([...seeds, ...otherOutlets, ...newsStyles], { config: coreConfig });
});

describe('attribution accuracy', () => {
  it('counts a statement only with the listed speaker, article and words', () => {
    const statement = extractStatements([articleFrom(['“We are ready for talks,” Kremlin spokesman Dmitry Peskov said.'], { id: 'a' })], { config: coreConfig })[0]!;
    const report = attributionAccuracy(
      [statement],
      [
        { article: 'a', speaker: 'Dmitry Peskov', contains: 'ready for TALKS' },
        { article: 'a', speaker: 'Sergey Lavrov', contains: 'ready for talks' },
        { article: 'b', speaker: 'Dmitry Peskov', contains: 'ready for talks' },
        { article: 'a', speaker: 'Dmitry Peskov', contains: 'ready for peace' },
      ],
    );
    expect(report).toMatchObject({ expected: 4, found: 1, accuracy: 0.25 });
    expect(report.missed.map((m) => m.speaker)).toEqual(['Sergey Lavrov', 'Dmitry Peskov', 'Dmitry Peskov']);
  });

  it('finds the dev set statements with the right speaker', () => {
    const { accuracy, missed } = attributionAccuracy(statements, readExpected('dev-statements.json'));
    expect(missed).toEqual([]);
    expect(accuracy).toBe(1);
  });

  it('reaches at least 0.9 on the other seed articles', () => {
    const { accuracy, missed } = attributionAccuracy(statements, readExpected('extra-statements.json'));
    expect(missed, `accuracy ${accuracy}`).toEqual([]);
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('reaches at least 0.9 on articles in other outlets’ styles', () => {
    const { accuracy, missed } = attributionAccuracy(statements, otherExpected);
    expect(accuracy, JSON.stringify(missed)).toBeGreaterThanOrEqual(0.9);
  });
});

describe('generality', () => {
  it('reaches at least 0.9 on news styles written after the extractor', () => {
    const { accuracy, missed } = attributionAccuracy(statements, newsStylesExpected);
    expect(accuracy, JSON.stringify(missed)).toBeGreaterThanOrEqual(0.9);
  });

  it('keeps the statement of a role the article names nobody in, without a speaker', () => {
    const s = statements.find((st) => st.quote.includes('single inch'));
    expect(s).toMatchObject({ speaker: null, role: 'Ukrainian president', quote: 'We will not, give away a single inch of our land.' });
  });
});

describe('safety', () => {
  it('names as speaker only people the citing article names', () => {
    const lexicon = configured(coreConfig).speakers;
    const byId = new Map([...seeds, ...otherOutlets, ...newsStyles].map((a) => [a.id, a]));
    for (const s of statements.filter((st) => st.speaker_kind === 'person')) {
      const known = lexicon.people.find((p) => p.name === s.speaker);
      const forms = [s.speaker!, ...(known ? [...known.variants, ...known.surnames] : [s.speaker!.split(' ').at(-1)!])].map(comparableText);
      for (const c of s.citations) {
        expect(forms.some((f) => comparableText(byId.get(c.article)!.body).includes(f)), `${s.speaker} in ${c.article}`).toBe(true);
      }
    }
  });

  it('takes no statement from the seeds’ boilerplate', () => {
    const boilerplate = ['make a deal with Russia: Trump', 'Dear readers', 'commenting policy', 'Disqus', 'buyer for TikTok', 'NATO commander: Türkiye', 'Tribune Content Agency'];
    for (const s of statements) for (const b of boilerplate) expect(s.quote).not.toContain(b);
  });

  it('quotes only words that are in the citing article', () => {
    const byId = new Map([...seeds, ...otherOutlets, ...newsStyles].map((a) => [a.id, a]));
    for (const s of statements) {
      // Every word in the article's order (an attribution in the middle of a quotation is left out).
      const body = comparableText(byId.get(s.citations[0]!.article)!.body).split(' ');
      let at = 0;
      for (const word of comparableText(s.quote).split(' ')) {
        at = body.indexOf(word, at) + 1;
        expect(at, `${word} of "${s.quote}"`).toBeGreaterThan(0);
      }
    }
  });
});
