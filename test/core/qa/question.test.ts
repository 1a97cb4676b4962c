import { describe, expect, it } from 'vitest';
import { followUpNeed, shapeQuestion } from '../../../src/core/qa/question.js';

describe('shapeQuestion', () => {
  it.each([
    ['Who leads the union?', 'who'],
    ['When will the bridge reopen?', 'when'],
    ['On which day were the talks?', 'when'],
    ['Where were the talks held?', 'where'],
    ['In which city were the talks held?', 'where'],
    ['How many troops crossed?', 'how-many'],
    ['What share of voters backed him?', 'how-many'],
    ['Did Peskov resign?', 'yes-no'],
    ['What did Peskov say about the talks?', 'statement'],
    ['Why did the council close the bridge?', 'what'],
  ])('reads "%s" as a %s question', (question, type) => {
    expect(shapeQuestion(question).type).toBe(type);
  });

  it('drops a leading filler word and the closing punctuation', () => {
    expect(shapeQuestion('And so, who leads the union?!').text).toBe('who leads the union');
  });

  it('reads the speaker and topic of "what did X say about Y"', () => {
    expect(shapeQuestion('What did Kremlin spokesman Dmitry Peskov say about the Istanbul talks?')).toMatchObject({
      type: 'statement',
      speaker: 'Kremlin spokesman Dmitry Peskov',
      topic: 'the Istanbul talks',
    });
    expect(shapeQuestion('What did Peskov say?')).toMatchObject({ speaker: 'Peskov', topic: null });
  });

  it('finds the word that names the kind of answer, by part of speech', () => {
    expect([...shapeQuestion('Which Middle Eastern country hosted the talks?').answerTypeWords]).toEqual(['country']);
    expect(shapeQuestion('What kind of status did Moscow want?').answerTypeWords).toEqual(new Set(['kind', 'status']));
    expect(shapeQuestion('How long did the strike last?').answerTypeWords).toEqual(new Set(['long', 'last']));
  });

  it('marks count, time and byline questions', () => {
    expect(shapeQuestion('How many prisoners were swapped?').asksForCount).toBe(true);
    expect(shapeQuestion('When did the talks start?').asksForTime).toBe(true);
    expect(shapeQuestion('How soon will they meet?').asksForTime).toBe(false);
    expect(shapeQuestion('Who wrote the story about the bridge?').asksForByline).toBe(true);
    expect(shapeQuestion('Who leads the union?').asksForByline).toBe(false);
  });
});

describe('followUpNeed', () => {
  it('borrows the whole previous question for an elliptic one, names for a pronoun, nothing otherwise', () => {
    expect(followUpNeed('and what about Trump?', 1)).toBe('context');
    expect(followUpNeed('What did he say about Istanbul?', 3)).toBe('names');
    expect(followUpNeed('What did Peskov say about Istanbul?', 3)).toBe('none');
  });
});
