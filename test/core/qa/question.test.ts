import { describe, expect, it } from 'vitest';
import { followUpNeed, shapeQuestion } from '../../../src/core/qa/question.js';

describe('question shapes', () => {
  it.each([
    ['Who is the secretary of the Russian Security Council?', 'who'],
    ['When did Russia invade Ukraine?', 'when'],
    ['On which day was the proposed round of Istanbul talks?', 'when'],
    ['Where did the talks take place?', 'where'],
    ['In which city were the talks held?', 'where'],
    ['How many regions did Russia demand?', 'how-many'],
    ['For how many years would Ukraine delay joining NATO?', 'how-many'],
    ['Did the Kremlin confirm that Putin would attend?', 'yes-no'],
    ['What did Peskov say about the ceasefire?', 'statement'],
    ['What role has Trump positioned himself in?', 'what'],
  ])('reads "%s" as a %s question', (question, type) => {
    expect(shapeQuestion(question).type).toBe(type);
  });

  it('finds the speaker and topic of a "what did X say about Y" question', () => {
    const shape = shapeQuestion('What did the White House say about Trump meeting Putin?');
    expect(shape.speaker).toBe('the White House');
    expect(shape.topic).toBe('Trump meeting Putin');
  });

  it('knows the answer-type noun of a which-question, past its adjectives', () => {
    expect([...shapeQuestion('Which Middle Eastern country came up in the call?').answerTypeWords]).toEqual(['country']);
  });

  it('takes "kind of" in "what kind of X" for part of the answer type, not a thing to find', () => {
    expect([...shapeQuestion('What kind of deal did the union accept?').answerTypeWords].sort()).toEqual(['deal', 'kind']);
  });
});

describe('shapeQuestion: the rest of a question\'s shape', () => {
  it('reads "what share of" as a count, and "why" as a what-question', () => {
    expect(shapeQuestion('What share of voters backed him?').type).toBe('how-many');
    expect(shapeQuestion('Why did the council close the bridge?').type).toBe('what');
  });

  it('drops a leading filler word and the closing punctuation', () => {
    expect(shapeQuestion('And so, who leads the union?!').text).toBe('who leads the union');
  });

  it('reads a speaker without a topic, and the duration words of "how long … last"', () => {
    expect(shapeQuestion('What did Peskov say?')).toMatchObject({ type: 'statement', speaker: 'Peskov', topic: null });
    expect(shapeQuestion('How long did the strike last?').answerTypeWords).toEqual(new Set(['long', 'last']));
  });

  it('marks count and time questions (byline questions: compose.test.ts)', () => {
    expect(shapeQuestion('How many prisoners were swapped?').asksForCount).toBe(true);
    expect(shapeQuestion('Who leads the union?').asksForCount).toBe(false);
    expect(shapeQuestion('When did the talks start?').asksForTime).toBe(true);
    expect(shapeQuestion('How soon will they meet?').asksForTime).toBe(false);
  });
});

describe('followUpNeed', () => {
  it('borrows the whole previous question for an elliptic one, names for a pronoun, nothing otherwise', () => {
    expect(followUpNeed('and what about Trump?', 1)).toBe('context');
    expect(followUpNeed('What did he say about Istanbul?', 3)).toBe('names');
    expect(followUpNeed('What did Peskov say about Istanbul?', 3)).toBe('none');
  });
});
