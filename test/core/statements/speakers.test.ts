import { describe, expect, it } from 'vitest';
import { loadCoreConfig } from '../../../src/config/index.js';
import { buildLexicon } from '../../../src/core/statements/index.js';
import { ArticlePeople, knownNameEndingAt, readSubject } from '../../../src/core/statements/speakers.js';
import { tokenize } from '../../../src/core/statements/text.js';

/** The project's word lists (config/speech.json) with a gazetteer of made-up people, so no test leans on a real name. */
const lexicon = buildLexicon(
  [
    { name: 'Anna Lindqvist', variants: ['Ana Lindqvist'], roles: ['Harbour Authority spokeswoman'], gender: 'f' },
    { name: 'Tomas Berglund', variants: [], roles: ['Nordland Prime Minister'], gender: 'm' },
    { name: 'Erik Berglund', variants: [], roles: [], gender: 'm' },
  ],
  loadCoreConfig().speech,
);

const subject = (phrase: string) => {
  const tokens = tokenize(phrase);
  return readSubject(tokens, 0, tokens.length, lexicon);
};

describe('readSubject', () => {
  it('reads a pronoun with its gender', () => {
    expect(subject('she')).toEqual({ kind: 'pronoun', gender: 'f' });
    expect(subject('He')).toEqual({ kind: 'pronoun', gender: 'm' });
  });

  it('reads a name with the role written before it', () => {
    expect(subject('Harbour Authority spokeswoman Anna Lindqvist')).toEqual({
      kind: 'name',
      words: ['anna', 'lindqvist'],
      display: 'Anna Lindqvist',
      role: 'Harbour Authority spokeswoman',
    });
    expect(subject('Jane Doe')).toMatchObject({ kind: 'name', display: 'Jane Doe', role: null });
  });

  it('reads an institution by its alias, with or without "the"', () => {
    expect(subject('the Kremlin')).toEqual({ kind: 'organization', name: 'Kremlin' });
    expect(subject('Kremlin')).toEqual({ kind: 'organization', name: 'Kremlin' });
  });

  it('reads a role without a name as definite or not, singular or plural', () => {
    expect(subject('the foreign minister')).toMatchObject({ kind: 'role', role: 'foreign minister', definite: true, singular: true, determiner: 'the' });
    expect(subject('a senior official')).toMatchObject({ kind: 'role', definite: false, singular: true, determiner: 'a' });
    expect(subject('Western officials')).toMatchObject({ kind: 'role', definite: false, singular: false });
  });

  it('does not take the person a spokesman speaks for as the speaker', () => {
    expect(subject('a spokesman for Anna Lindqvist')).toMatchObject({ kind: 'role', definite: false });
  });

  it('refuses empty ranges, possessives, quotations and phrases that are no speaker', () => {
    expect(readSubject(tokenize('Anna'), 1, 1, lexicon)).toBeNull();
    expect(subject('Lindqvist’s')).toBeNull();
    expect(subject('\uE0000\uE001')).toBeNull();
    expect(subject('the weather')).toBeNull();
  });
});

describe('knownNameEndingAt', () => {
  it('gives the length of the longest gazetteer name ending at a token', () => {
    const tokens = tokenize('spokeswoman Anna Lindqvist said');
    expect(knownNameEndingAt(tokens, 0, 3, lexicon)).toBe(2);
    expect(knownNameEndingAt(tokens, 2, 3, lexicon)).toBe(1);
    expect(knownNameEndingAt(tokens, 0, 4, lexicon)).toBe(0);
  });

  it('does not read a lowercase word as the start of a name', () => {
    expect(knownNameEndingAt(tokenize('anna Lindqvist'), 0, 2, lexicon)).toBe(1);
  });
});

describe('ArticlePeople', () => {
  it('resolves a surname or a variant to the gazetteer’s person, and the same person every time', () => {
    const people = new ArticlePeople(lexicon);
    const first = people.resolveName(['lindqvist'], 'Lindqvist');
    expect(first?.name).toBe('Anna Lindqvist');
    expect(people.resolveName(['ana', 'lindqvist'], 'Ana Lindqvist')).toBe(first);
  });

  it('leaves a surname shared by two known people unresolved until the article names one of them', () => {
    const people = new ArticlePeople(lexicon);
    expect(people.resolveName(['berglund'], 'Berglund')).toBeNull();
    const erik = people.resolveName(['erik', 'berglund'], 'Erik Berglund');
    expect(people.resolveName(['berglund'], 'Berglund')).toBe(erik);
  });

  it('registers a new full name, finds it by its surname and by a shorter form of it, and ignores a lone unknown word', () => {
    const people = new ArticlePeople(lexicon);
    const sandi = people.resolveName(['sandi', 'haber', 'sweeney'], 'Sandi Haber Sweeney');
    expect(sandi).toMatchObject({ name: 'Sandi Haber Sweeney', known: null, gender: null });
    expect(people.resolveName(['sweeney'], 'Sweeney')).toBe(sandi);
    expect(people.resolveName(['haber'], 'Haber')).toBe(sandi);
    expect(people.resolveName(['sandi', 'sweeney'], 'Sandi Sweeney')).toBe(sandi);
    expect(people.resolveName(['nobody'], 'Nobody')).toBeNull();
  });

  it('resolves "he" and "she" to the last speaker of the right gender nearby, and an unnamed speaker to nobody', () => {
    const people = new ArticlePeople(lexicon);
    const anna = people.register('Anna Lindqvist', lexicon.people[0]!);
    const tomas = people.register('Tomas Berglund', lexicon.people[1]!);
    people.mention(anna, 0, 0, null, true);
    people.spoke(tomas, 10, 0);
    expect(people.resolvePronoun('m', 20, 0)).toBe(tomas);
    expect(people.resolvePronoun('f', 20, 0)).toBe(anna);
    people.spoke(null, 30, 1);
    expect(people.resolvePronoun('m', 40, 1)).toBeNull();
    expect(new ArticlePeople(lexicon).resolvePronoun('f', 5, 0)).toBeNull();
  });

  it('resolves a role to the person the article or the gazetteer gives it, through role synonyms', () => {
    const people = new ArticlePeople(lexicon);
    const anna = people.register('Anna Lindqvist', lexicon.people[0]!);
    const jane = people.register('Jane Doe', null);
    people.mention(anna, 0, 0, null);
    people.mention(jane, 50, 1, 'port director');
    expect(people.resolveRole('the Harbour Authority spokesperson', 100, 2)).toBe(anna);
    expect(people.resolveRole('the port director', 100, 2)).toBe(jane);
    expect(jane.roles).toEqual(['port director']);
    expect(people.resolveRole('the ambassador', 100, 2)).toBeNull();
    expect(people.resolveRole('the weather', 100, 2)).toBeNull();
  });

  it('takes a surname after a bare title for a person, not after a role phrase with "of"', () => {
    const people = new ArticlePeople(lexicon);
    expect(people.titled('Subroto', 'Energy Minister')?.name).toBe('Subroto');
    expect(people.titled('Affairs', 'Minister of State for Foreign')).toBeNull();
    expect(people.titled('NATO', 'Secretary')).toBeNull();
    expect(people.titled('Subroto', null)).toBeNull();
  });
});
