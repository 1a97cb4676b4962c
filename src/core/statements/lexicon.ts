import type { PersonConfig, SpeechConfig } from '../config.js';
import { foldText } from './text.js';

/** A person of the gazetteer (config/people.json). */
export interface KnownPerson {
  name: string;
  variants: string[];
  surnames: string[];
  roles: string[];
  gender: 'm' | 'f' | null;
}

export interface Organization {
  name: string;
  aliases: string[];
}

/**
 * Everything statement extraction knows about words and people (CoreConfig's `people` and
 * `speech`: config/people.json and config/speech.json), with lookup tables built once. Phrases are keyed by their folded form
 * (lowercase, no diacritics, curly apostrophes straightened, words joined by single spaces).
 */
export interface Lexicon {
  people: KnownPerson[];
  /** Folded full name, variant or surname → people it may name. */
  personByName: Map<string, KnownPerson[]>;
  /** Folded full names and variants (not bare surnames). */
  fullNames: Set<string>;
  /** First words of every name in `personByName`, for a quick "could a name start here?". */
  nameStarts: Set<string>;
  organizationByAlias: Map<string, Organization>;
  clauseVerbs: PhraseSet;
  objectVerbs: PhraseSet;
  participles: PhraseSet;
  passiveVerbs: PhraseSet;
  audiences: PhraseSet;
  roleWords: Set<string>;
  roleHeads: Set<string>;
  relationalRoleHeads: Set<string>;
  notNames: Set<string>;
  clauseOrObjectVerbs: Set<string>;
  infinitiveVerbs: Set<string>;
  auxiliaries: Set<string>;
  /** Folded role word or phrase → the word it stands for, longest phrases first. */
  roleSynonyms: [string, string][];
}

/** Multi-word phrases matched token by token: first folded word → phrases (as word lists), longest first. */
export type PhraseSet = Map<string, string[][]>;

/** Builds the lookup tables from configuration data (see `configured` in src/core/config.ts, which keeps them). */
export function buildLexicon(peopleConfig: readonly PersonConfig[], speech: SpeechConfig): Lexicon {
  const people: KnownPerson[] = peopleConfig.map((p) => {
    const fullNames = [p.name, ...p.variants];
    const surnames = p.surnames ?? [...new Set(fullNames.map((n) => n.split(/\s+/).at(-1) ?? n))];
    return { name: p.name, variants: p.variants, surnames, roles: p.roles, gender: p.gender ?? null };
  });
  const personByName = new Map<string, KnownPerson[]>();
  const fullNames = new Set<string>();
  const addName = (form: string, person: KnownPerson) => {
    const key = foldText(form);
    const list = personByName.get(key) ?? [];
    if (!list.includes(person)) list.push(person);
    personByName.set(key, list);
  };
  for (const person of people) {
    for (const form of [person.name, ...person.variants]) {
      addName(form, person);
      fullNames.add(foldText(form));
      // "Donald J. Trump" is also written without the initial.
      const withoutInitials = form.replace(/\s+\p{Lu}\.(?=\s)/gu, '');
      if (withoutInitials !== form) {
        addName(withoutInitials, person);
        fullNames.add(foldText(withoutInitials));
      }
    }
    for (const surname of person.surnames) addName(surname, person);
  }
  const organizationByAlias = new Map<string, Organization>();
  for (const org of speech.organizations) {
    for (const alias of [org.name, ...org.aliases]) organizationByAlias.set(foldText(alias), org);
  }
  const lower = (words: string[]) => new Set(words.map((w) => foldText(w)));
  return {
    people,
    personByName,
    fullNames,
    nameStarts: new Set([...personByName.keys()].map((k) => k.split(' ')[0]!)),
    organizationByAlias,
    clauseVerbs: phraseSet(speech.clauseVerbs),
    objectVerbs: phraseSet(speech.objectVerbs),
    participles: phraseSet(speech.participles),
    passiveVerbs: phraseSet(speech.passiveVerbs),
    audiences: phraseSet(speech.audiences),
    roleWords: lower(speech.roleWords),
    roleHeads: lower(speech.roleHeads),
    relationalRoleHeads: lower(speech.relationalRoleHeads),
    notNames: lower(speech.notNames),
    clauseOrObjectVerbs: lower(speech.clauseOrObjectVerbs),
    infinitiveVerbs: lower(speech.infinitiveVerbs),
    auxiliaries: lower(speech.auxiliaries),
    roleSynonyms: Object.entries(speech.roleSynonyms)
      .map(([from, to]): [string, string] => [foldText(from).replace(/\./g, ''), foldText(to)])
      .sort((a, b) => b[0].length - a[0].length),
  };
}

/**
 * The gazetteer's spellings of each surname as groups of single words, the canonical spelling
 * first (["zelensky", "zelenskyy", "zelenskiy"]): the search index reads name variants from here,
 * so config/variants.json holds no person's name. Only the last words of full names with the same
 * number of words are paired, so "Kim Jong Un"/"Kim Jong-un" pair nothing.
 */
export function surnameSpellings(people: readonly KnownPerson[]): string[][] {
  const groups: string[][] = [];
  for (const person of people) {
    const words = (name: string) => foldText(name).split(' ');
    const canonical = words(person.name);
    const forms = new Set([canonical.at(-1)!]);
    for (const variant of person.variants) {
      const v = words(variant);
      if (v.length === canonical.length) forms.add(v.at(-1)!);
    }
    if (forms.size > 1) groups.push([...forms]);
  }
  return groups;
}

function phraseSet(phrases: string[]): PhraseSet {
  const set: PhraseSet = new Map();
  for (const phrase of phrases) {
    const words = foldText(phrase).split(' ');
    const first = words[0]!;
    const list = set.get(first) ?? [];
    list.push(words);
    set.set(first, list);
  }
  for (const list of set.values()) list.sort((a, b) => b.length - a.length);
  return set;
}

/** Length in words of the longest phrase of `set` starting at `words[i]`, or 0. */
export function matchPhrase(set: PhraseSet, words: readonly string[], i: number): number {
  const candidates = set.get(words[i] ?? '');
  if (!candidates) return 0;
  for (const phrase of candidates) {
    if (phrase.every((w, k) => words[i + k] === w)) return phrase.length;
  }
  return 0;
}
