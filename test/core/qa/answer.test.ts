import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCorpus } from '../../../src/core/ingest/index.js';
import { buildIndex, type PassageIndex } from '../../../src/core/index/index.js';
import { answerQuestion, companionsOf } from '../../../src/core/qa/index.js';
import { extractStatements } from '../../../src/core/statements/index.js';
import type { Statement } from '../../../src/core/statements/index.js';
import { loadCoreConfig } from '../../../src/config/index.js';
import { configured } from '../../../src/core/config.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();
const coreAnalyzer = configured(coreConfig).analyzer;

const seedsDir = path.resolve(import.meta.dirname, '../../../seeds');
const TRT = '000_4febd3ada957fb7c';
const BLOOMBERG = '001_389ba111ca556c41';
const RT = '002_139fa1bb7e812c3d';
const MENAFN = '003_9be217cb5ba1d0f2';
const MOSCOW_TIMES = '004_f199326b91c0929f';

let index: PassageIndex;
let statements: Statement[];
beforeAll(async () => {
  const corpus = await readCorpus(seedsDir, { config: coreConfig });
  index = buildIndex(corpus.articles, { analyzer: coreAnalyzer });
  statements = extractStatements(corpus.articles, { config: coreConfig });
});

describe('input checks', () => {
  it('answers an empty or blank question with a polite error, not confident, no citations', () => {
    for (const question of ['', '   ', '\n\t']) {
      const answer = answerQuestion(index, question);
      expect(answer.error).toMatch(/type a question/i);
      expect(answer.confident).toBe(false);
      expect(answer.citations).toEqual([]);
    }
  });

  it('refuses a 10,000-character question politely', () => {
    const answer = answerQuestion(index, 'What did Peskov say? '.repeat(500));
    expect(answer.error).toMatch(/too long/);
    expect(answer.confident).toBe(false);
  });

  it('refuses a message of only emoji or punctuation', () => {
    for (const question of ['🙂🙂🔥', '?!...', '¯\\_(ツ)_/¯'.replace('ツ', '')]) {
      const answer = answerQuestion(index, question);
      expect(answer.error).toBeDefined();
      expect(answer.confident).toBe(false);
    }
  });

  it('says it only understands English when the question is in another script', () => {
    for (const question of ['Что сказал Песков о переговорах?', '佩斯科夫说了什么？', 'ماذا قال الكرملين؟']) {
      const answer = answerQuestion(index, question);
      expect(answer.error).toMatch(/English/);
      expect(answer.confident).toBe(false);
    }
  });

  it('never throws, whatever the text', () => {
    const odd = ['<script>alert(1)</script>', '\u0000\u0001', 'a'.repeat(999), '"""', 'Zelensky?'.repeat(50), '💣 Putin 💣'];
    for (const question of odd) expect(() => answerQuestion(index, question)).not.toThrow();
  });
});

describe('answers', () => {
  it('answers a when-question with the sentence that holds the date', () => {
    const answer = answerQuestion(index, 'On which day was the proposed round of Istanbul talks?');
    expect(answer.confident).toBe(true);
    expect(answer.answer).toMatch(/Monday/);
    expect(answer.citations[0]?.article).toBe(TRT);
  });

  it('answers a how-many question with a number', () => {
    const answer = answerQuestion(index, 'How many partially occupied regions did Russia want Kyiv to give up?');
    expect(answer.confident).toBe(true);
    expect(answer.answer).toMatch(/four/);
    expect(answer.citations[0]?.article).toBe(BLOOMBERG);
  });

  it('answers a who-question with the name', () => {
    const answer = answerQuestion(index, 'Who is the secretary of the Russian Security Council?');
    expect(answer.answer).toMatch(/Shoygu/);
    expect(answer.type).toBe('who');
  });

  it('answers a yes-no question with the sentence that settles it', () => {
    const answer = answerQuestion(index, 'Did the Kremlin confirm that Putin would attend the Istanbul talks?');
    expect(answer.confident).toBe(true);
    expect(answer.answer).toMatch(/without confirming/);
    expect(answer.citations[0]?.article).toBe(MOSCOW_TIMES);
  });

  it('answers "what did X say about Y" with the quotation', () => {
    const answer = answerQuestion(index, 'What does the Kremlin say about the language of ultimatums?', { statements });
    expect(answer.type).toBe('statement');
    expect(answer.answer).toMatch(/unacceptable/);
  });

  it('joins a quotation with the attribution that follows it', () => {
    const answer = answerQuestion(index, 'What did the Kremlin say about a meeting between Putin, Trump and Zelensky?');
    expect(answer.answer).toMatch(/unlikely/);
    expect(answer.answer).toMatch(/Peskov said/);
  });

  it('keeps every answer within 400 characters', () => {
    for (const question of [
      'Which deals did Shoygu list alongside the Russian-Ukrainian negotiations?',
      'What did Russia present at the talks?',
      'What did the Kremlin say about a meeting between Putin, Trump and Zelensky?',
    ]) {
      expect(answerQuestion(index, question).answer.length).toBeLessThanOrEqual(400);
    }
    const short = answerQuestion(index, 'What did Russia present at the talks?', { maxAnswerLength: 120 });
    expect(short.answer.length).toBeLessThanOrEqual(120);
  });

  it('cites every article that supports the answer, each once, best first', () => {
    const answer = answerQuestion(index, 'Did Moscow resist the 30-day ceasefire?');
    const cited = answer.citations.map((c) => c.article);
    expect(answer.confident).toBe(true);
    expect(cited).toContain(BLOOMBERG);
    expect(cited).toContain(MOSCOW_TIMES);
    expect(new Set(cited).size).toBe(cited.length);
  });

  it('gives each citation the article metadata and the supporting passage', () => {
    const answer = answerQuestion(index, 'What is Russia committed to, according to Peskov in May?');
    expect(answer.citations[0]).toMatchObject({
      article: MOSCOW_TIMES,
      outlet: 'The Moscow Times',
      published: '2025-05-12',
      url: expect.stringContaining('themoscowtimes.com'),
    });
    expect(answer.citations[0]?.quote).toMatch(/peaceful resolution/);
  });

  it('shows passages without markdown link syntax', () => {
    const answer = answerQuestion(index, 'What did Russian senators say on state television?');
    expect(answer.answer).not.toMatch(/\]\(|\*\*/);
    expect(answer.answer).toMatch(/unlikely/);
  });

  it('skips the best passages when asked for more', () => {
    const first = answerQuestion(index, 'What did Peskov say about the talks?');
    const more = answerQuestion(index, 'What did Peskov say about the talks?', { offset: 1 });
    expect(more.answer).not.toBe(first.answer);
  });

  it('returns at most `limit` citations', () => {
    const answer = answerQuestion(index, 'What did the Kremlin say about Putin and Trump?', { limit: 1 });
    expect(answer.citations.length).toBeLessThanOrEqual(1);
  });
});

describe('companionsOf', () => {
  const ranked = (entries: [article: string, ordinal: number, score: number][]) =>
    entries.map(([article, ordinal, score]) => ({ hit: { article: { id: article }, ordinal }, score }));

  it('takes the next best sentence of the best one\'s article however far below it scores, and others within the margin', () => {
    // Best first. The article's next best (a/2) is taken though it scores 4 below; a/7 is not.
    expect(companionsOf(ranked([['a', 10, 5], ['b', 3, 4.9], ['a', 2, 1], ['a', 7, 0.5]]))).toEqual([2]);
    // a/12 is the next best and within one unit; a/2 and a/7 come in only with a wider margin.
    const withClose = ranked([['a', 10, 5], ['b', 3, 4.9], ['a', 12, 4.5], ['a', 2, 1], ['a', 7, 0.5]]);
    expect(companionsOf(withClose)).toEqual([12]);
    expect(companionsOf(withClose, 5)).toEqual([12, 2, 7]);
  });

  it('takes nothing when the best sentence\'s article has no other candidate, or there is none', () => {
    expect(companionsOf(ranked([['a', 1, 3], ['b', 2, 2.9], ['c', 3, 2.8]]))).toEqual([]);
    expect(companionsOf([])).toEqual([]);
  });

  it('gives answers of the best sentence and the next best of its article, within 400 characters', () => {
    const answer = answerQuestion(index, 'When did Putin and Trump last speak?', { statements });
    expect(answer.confident).toBe(true);
    expect(answer.answer.length).toBeLessThanOrEqual(400);
    const quoted = index.passages.filter((p) => p.articleId === answer.citations[0]!.article && answer.answer.includes(p.text.slice(0, 40)));
    expect(quoted.length).toBeGreaterThanOrEqual(2);
  });
});

describe('abstention', () => {
  it.each([
    'Who is the CEO of Tesla?',
    'What is the weather in Moscow today?',
    'Which missile system did China ask the US and Japan to withdraw?',
    'Which far-right group did German police raid?',
    'What did the UNICEF report say about Gaza City?',
    'How much did Google pledge to invest in the UK?',
    'What is the population of Istanbul?',
  ])('says the coverage does not say for "%s"', (question) => {
    const answer = answerQuestion(index, question);
    expect(answer.confident).toBe(false);
    expect(answer.answer).toMatch(/coverage does not say/i);
    expect(answer.error).toBeUndefined();
  });
});

describe('follow-ups', () => {
  it('resolves "he" from the previous question', () => {
    const answer = answerQuestion(index, 'Whom did he meet?', { previous: 'What did Shoygu say about Istanbul?' });
    expect(answer.confident).toBe(true);
    expect(answer.answer).toMatch(/Memis/);
  });

  it('answers an elliptic question in the frame of the previous one', () => {
    const answer = answerQuestion(index, 'And how did he describe the call?', { previous: 'Who is Yury Ushakov?' });
    expect(answer.citations[0]?.article).toBe(MENAFN);
    expect(answer.answer).toMatch(/businesslike/);
  });

  it('ignores the previous question when the new one stands on its own', () => {
    const answer = answerQuestion(index, 'How long would the demilitarized zone be?', { previous: 'What did Shoygu say about Istanbul?' });
    expect(answer.citations[0]?.article).toBe(RT);
  });
});
