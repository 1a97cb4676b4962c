import { beforeAll, describe, expect, it } from 'vitest';
import { loadCoreConfig } from '../../../src/config/index.js';
import { configured } from '../../../src/core/config.js';
import { buildIndex, type PassageIndex } from '../../../src/core/index/index.js';
import { shapeQuestion } from '../../../src/core/qa/question.js';
import { statementSupport } from '../../../src/core/qa/statement-support.js';
import type { Statement } from '../../../src/core/statements/index.js';
import { articleFrom } from '../statements/article.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();

const harbour = articleFrom(
  [
    'The harbour council met on Monday to discuss the new ferry timetable.',
    '"The ferries will run every hour from June," according to harbour master Jane Okafor.',
    'In Okafor\'s view the pier repairs would cost two million euros.',
    'Fishermen said the new timetable would crowd the inner basin.',
  ],
  { id: 'harbour' },
);
const weather = articleFrom(
  ['Storms closed the coastal road on Tuesday, police said.', '"Nobody should drive to the coast tonight," according to police chief Ivan Petrov.'],
  { id: 'weather' },
);

let index: PassageIndex;
let statements: Statement[];
/** A statement as extraction gives it; statementSupport reads only its speaker, role, quote and citations. */
const statement = (speaker: string, role: string | null, quote: string, article: string): Statement => ({
  id: `${speaker}:${quote}`,
  speaker,
  role,
  quote,
  kind: 'direct',
  said_on: null,
  published: null,
  citations: [{ article, outlet: 'Test Outlet', title: 'Test article', published: null, url: null }],
});
// The question is analysed as answerQuestion analyses it: its shaped text.
const support = (question: string, list: readonly Statement[] = statements) =>
  [...statementSupport(index, shapeQuestion(question), list, index.analyze(shapeQuestion(question).text))].map((o) => index.passages[o]!.id).sort();

beforeAll(() => {
  index = buildIndex([harbour, weather], { analyzer: configured(coreConfig).analyzer });
  statements = [
    statement('Jane Okafor', 'harbour master', 'The ferries will run every hour from June', 'harbour'),
    statement('Jane Okafor', 'harbour master', 'the pier repairs would cost two million euros', 'harbour'),
    statement('Ivan Petrov', 'police chief', 'Nobody should drive to the coast tonight', 'weather'),
  ];
});

// The quoted passages hold no verb of saying: the question's "say" (and its related "tell") is a
// query term too, so a passage that says "said" would count as on any topic.
describe('statementSupport', () => {
  it('finds the passage holding a statement of the asked speaker on the asked topic', () => {
    expect(support('What did Okafor say about the ferries?')).toEqual(['harbour#1']);
    expect(support('What did Okafor say about the pier repairs?')).toEqual(['harbour#2']);
  });

  it('finds nothing when the speaker said nothing on that topic', () => {
    expect(support('What did Okafor say about the storms?')).toEqual([]);
  });

  it('does not take another speaker’s statements', () => {
    expect(support('What did Petrov say about the ferries?')).toEqual([]);
    expect(support('What did Petrov say about driving to the coast?')).toEqual(['weather#1']);
  });

  it('matches the speaker by any word of the name or role, ignoring case and accents', () => {
    expect(support('What did the police chief say about driving to the coast?')).toEqual(['weather#1']);
    expect(support('What did OKAFÖR say about the ferries?')).toEqual(['harbour#1']);
    expect(support('What did Jane say about the ferries?')).toEqual(['harbour#1']);
  });

  it('finds nothing for a question without a speaker, a speaker of only short words, or no statements', () => {
    expect(shapeQuestion('When will the ferries run?').speaker).toBeNull();
    expect(support('When will the ferries run?')).toEqual([]);
    expect(support('What did he say about the ferries?')).toEqual([]);
    expect(support('What did Okafor say about the ferries?', [])).toEqual([]);
  });
});
