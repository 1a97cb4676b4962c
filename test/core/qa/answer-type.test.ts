import { describe, expect, it } from 'vitest';
import { expectedAnswerOf, holdsCount, holdsNovelAnswer, sentenceFactsOf } from '../../../src/core/qa/answer-type.js';
import { shapeQuestion } from '../../../src/core/qa/question.js';

const expected = (q: string) => expectedAnswerOf(shapeQuestion(q));

describe('expected answer type', () => {
  it.each([
    ['Who leads the dockworkers union?', 'person'],
    ['Which country hosted the talks?', 'place'],
    ['Where did the talks take place?', 'place'],
    ['When will the bridge reopen?', 'date'],
    ['In what year did the war start?', 'date'],
    ['How many dockworkers are on strike?', 'number'],
    ['How long did the strike last?', 'duration'],
    ['Why did the council close the bridge?', 'reason'],
    ['Did Peskov resign?', 'yes-no'],
    ['What did Peskov say about the talks?', 'statement'],
    ['Which company bought the port?', 'organisation'],
  ])('reads "%s" as asking for a %s', (q, type) => {
    expect(expected(q)).toBe(type);
  });
});

describe('echo avoidance', () => {
  const words = (q: string) => new Set(q.toLowerCase().split(/\W+/));
  it('takes a sentence naming a new person as answering a who-question, not one that repeats the question', () => {
    const q = 'Who leads the dockworkers union?';
    expect(holdsNovelAnswer(sentenceFactsOf('The union is led by Darnell Whitaker, a former crane operator.'), 'person', words(q))).toBe(true);
    expect(holdsNovelAnswer(sentenceFactsOf('The leader of the dockworkers union spoke on Monday.'), 'person', words(q))).toBe(false);
  });
  it('needs a duration for "how long", and a time the question does not name for "when"', () => {
    expect(holdsNovelAnswer(sentenceFactsOf('The strike lasted three weeks.'), 'duration', words('How long did the strike last?'))).toBe(true);
    expect(holdsNovelAnswer(sentenceFactsOf('The strike ended with a deal.'), 'duration', words('How long did the strike last?'))).toBe(false);
    expect(holdsNovelAnswer(sentenceFactsOf('Talks resumed in March 2022.'), 'date', words('When did talks resume in 2022?'))).toBe(true);
    expect(holdsNovelAnswer(sentenceFactsOf('Talks resumed in 2022.'), 'date', words('When did talks resume in 2022?'))).toBe(false);
  });
  it('finds amounts, places and reasons', () => {
    expect(holdsNovelAnswer(sentenceFactsOf('About 9,500 workers walked out.'), 'number', new Set())).toBe(true);
    expect(holdsNovelAnswer(sentenceFactsOf('The talks were held in Istanbul.'), 'place', new Set(['talks']))).toBe(true);
    expect(holdsNovelAnswer(sentenceFactsOf('The bridge closed because its cables had corroded.'), 'reason', new Set())).toBe(true);
  });
});

describe('holdsCount', () => {
  const words = ['prisoners', 'troops', 'seats'];
  it('finds an amount next to the thing the question counts', () => {
    expect(holdsCount('The party won 11 seats, up from five.', words)).toBe(true);
    expect(holdsCount('About 9,500 troops crossed the border.', words)).toBe(true);
    expect(holdsCount('Three prisoners were freed.', words)).toBe(true);
  });
  it('does not take a year, a day of a month or "one of" for an amount', () => {
    expect(holdsCount('Russia invaded in February 2022, sending troops.', words)).toBe(false);
    expect(holdsCount('Troops arrived on Sept. 30.', words)).toBe(false);
    expect(holdsCount('One of its largest prisoner swaps took place.', words)).toBe(false);
  });
  it('does not take an amount of something else far from the counted thing', () => {
    expect(holdsCount('Four regions were named in a demand that, among many other points, limits troops.', words)).toBe(false);
  });
});
