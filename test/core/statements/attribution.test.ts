import { describe, expect, it } from 'vitest';
import { extractStatements, type Statement } from '../../../src/core/statements/index.js';
import { articleFrom } from './article.js';
import { loadCoreConfig } from '../../../src/config/index.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();

// Wire-copy attribution styles, on made-up text in the shapes Reuters uses (none of these sentences
// or names comes from an eval set).
const extract = (paragraphs: string[]) => extractStatements([articleFrom(paragraphs)], { config: coreConfig });
const by = (statements: Statement[], words: string) => statements.filter((s) => s.quote.includes(words)).map((s) => s.speaker);

describe('speaker spans', () => {
  it('keeps a middle initial in the name and finds the person by surname later', () => {
    const statements = extract([
      'Oil demand will keep rising for a decade, Jane Q. Roe, an energy director at Acme Oil, told reporters.',
      '"Nothing is going to change that trend," Roe said.',
    ]);
    expect(by(statements, 'keep rising for a decade')).toEqual(['Jane Q. Roe']);
    expect(by(statements, 'Nothing is going to change')).toEqual(['Jane Q. Roe']);
  });

  it('credits the person, not the firm, in "Name of Firm said" and "said Name of Firm"', () => {
    const statements = extract([
      'John Doe of Acme Securities Inc said the bank rate would stay where it is for months.',
      '"The numbers were a little disappointing," said Richard Poe of First Harbor National Bank of Boston.',
    ]);
    expect(by(statements, 'would stay where it is')).toEqual(['John Doe']);
    expect(by(statements, 'a little disappointing')).toEqual(['Richard Poe']);
  });

  it('reads the surname after a firm\'s possessive', () => {
    const statements = extract([
      '"Rates are drifting lower," said Mark Stone of Harbor Capital.',
      '"We expect the trend to continue into the summer," added Harbor\'s Stone.',
    ]);
    expect(by(statements, 'trend to continue into the summer')).toEqual(['Mark Stone']);
  });

  it('keeps "Chancellor of the Exchequer" in the role, not in the name', () => {
    const [s] = extract(['Intervention is proof of our resolve to keep rates stable, Chancellor of the Exchequer Tom Hale said.']);
    expect(s).toMatchObject({ speaker: 'Tom Hale', role: 'Chancellor of the Exchequer' });
  });
});

describe('attribution frames', () => {
  it('reads "according to" at the end of a sentence, with a role before the name', () => {
    const [s] = extract(['Trading in the new contract will grow sharply over the next five years, according to outgoing chairman Peter Vale.']);
    expect(s).toMatchObject({ speaker: 'Peter Vale', quote: expect.stringContaining('will grow sharply') });
  });

  it('reads "according to" followed by an apposition', () => {
    const [s] = extract(['Four more banks signed today, according to senior Harbor Bank executive Ann Wick, who chairs the committee.']);
    expect(s).toMatchObject({ speaker: 'Ann Wick', quote: expect.stringContaining('Four more banks signed today') });
  });

  it('credits "X was quoted as saying" and "sources quoted X as saying" to X', () => {
    const statements = extract([
      'Finance Minister Carl Brandt was quoted as saying the sale of the stake could be delayed.',
      'Diplomatic sources quoted Brandt as saying that any deal must be reached before the summit.',
    ]);
    expect(by(statements, 'could be delayed')).toEqual(['Carl Brandt']);
    expect(by(statements, 'must be reached before the summit')).toEqual(['Carl Brandt']);
  });

  it('credits words relayed by officials to the person whose words they are', () => {
    const [s] = extract(['Ministry officials said Foreign Minister Ken Obata said exports to Japan were rising.']);
    expect(s).toMatchObject({ speaker: 'Ken Obata', quote: expect.stringContaining('exports to Japan were rising') });
  });

  it('reads "Name, who told reporters that…"', () => {
    const statements = extract(['Lena Moreau, who told reporters that she wanted talks with the creditor banks, left for Paris on Friday.']);
    expect(by(statements, 'wanted talks with the creditor banks')).toEqual(['Lena Moreau']);
  });

  it('skips an aside between "said" and "that"', () => {
    const statements = extract([
      'Hugo Brandt is the chairman of Delta Oil.',
      'Brandt said, in response to a question, that no more large fields would be found.',
    ]);
    expect(by(statements, 'no more large fields')).toEqual(['Hugo Brandt']);
  });

  it('gives a quotation running over two paragraphs the speaker its closing attribution names', () => {
    const statements = extract([
      'Finance minister Paulo Sousa signed the loan today.',
      '"Those who supported us can be sure that we will remain open to them.',
      '"Those who refused have turned their backs on this effort," Sousa said.',
    ]);
    expect(by(statements, 'we will remain open to them')).toEqual(['Paulo Sousa']);
  });
});

describe('pronouns and roles', () => {
  it('resolves "he said" to the subject of the passage, not the last name mentioned', () => {
    const statements = extract([
      '"We are ready for talks," President Alan Marsh said.',
      'Marsh met Prime Minister Ivo Kral on Monday, and the two discussed trade.',
      '"Our markets must stay open," he said.',
    ]);
    expect(by(statements, 'must stay open')).toEqual(['Alan Marsh']);
  });

  it('keeps "he said" after an unnamed source unattributed', () => {
    const statements = extract([
      'Governor Ruth Adler has ruled out another rate cut.',
      'One bank official said he could not deny the possibility of intervention in the market.',
      '"But we do not think they are short of yen yet," he said.',
    ]);
    expect(by(statements, 'short of yen yet')).toEqual([null]);
    expect(statements.find((s) => s.quote.includes('short of yen yet'))?.speaker_kind).toBe('unnamed');
  });

  it('lets a pronoun skip a person the text has shown to be of the other gender', () => {
    const statements = extract([
      'Governor Mary Lund told reporters that growth was weak. She said inflation was under control.',
      'Economist Tom Berg of Harbor Bank said output would rise in the summer months.',
      'He said the rise came from smaller industries such as paper.',
    ]);
    expect(by(statements, 'smaller industries such as paper')).toEqual(['Tom Berg']);
  });

  it('resolves "the <role> said" to the one person just quoted', () => {
    const statements = extract([
      'Ralf Weiss, chairman of Alpen Bank, told the press club that the dollar would keep falling.',
      'The Swiss banker said the indicators point to slower growth.',
    ]);
    expect(by(statements, 'indicators point to slower growth')).toEqual(['Ralf Weiss']);
  });

  it('never credits words of unnamed officials or groups to a person', () => {
    const statements = extract([
      'Finance Minister Dora Vell will meet the banks on Monday.',
      'Western diplomats said the talks were likely to fail over the weekend.',
      'A senior central bank official said rates could rise again before the summer.',
    ]);
    for (const words of ['likely to fail', 'could rise again']) {
      const s = statements.find((st) => st.quote.includes(words));
      expect(s?.speaker ?? null).toBeNull();
      expect(s?.speaker_kind).toBe('unnamed');
    }
  });
});
