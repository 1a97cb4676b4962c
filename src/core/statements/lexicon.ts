import { z } from 'zod';
import { configFile, readConfigJson } from '../../config/index.js';
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
 * Everything statement extraction knows about words and people, read from config/people.json and
 * config/speech.json, with lookup tables built once. Phrases are keyed by their folded form
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

const personSchema = z.object({
  name: z.string().min(1),
  variants: z.array(z.string().min(1)).default([]),
  surnames: z.array(z.string()).optional(),
  roles: z.array(z.string().min(1)).default([]),
  gender: z.enum(['m', 'f']).nullable().optional(),
});

const peopleSchema = z.object({ people: z.array(personSchema) });

const speechSchema = z.object({
  clauseVerbs: z.array(z.string().min(1)),
  objectVerbs: z.array(z.string().min(1)),
  participles: z.array(z.string().min(1)),
  passiveVerbs: z.array(z.string().min(1)),
  audiences: z.array(z.string().min(1)),
  roleWords: z.array(z.string().min(1)),
  roleHeads: z.array(z.string().min(1)),
  relationalRoleHeads: z.array(z.string().min(1)),
  organizations: z.array(z.object({ name: z.string().min(1), aliases: z.array(z.string().min(1)) })),
  notNames: z.array(z.string().min(1)),
  roleSynonyms: z.record(z.string(), z.string()).default({}),
  clauseOrObjectVerbs: z.array(z.string().min(1)).default([]),
  infinitiveVerbs: z.array(z.string().min(1)).default([]),
  auxiliaries: z.array(z.string().min(1)).default([]),
});

export type PeopleConfig = z.input<typeof peopleSchema>;
export type SpeechConfig = z.input<typeof speechSchema>;

let cached: { key: string; lexicon: Lexicon } | undefined;

/**
 * The lexicon from the config folder (`CONFIG_DIR`, default config/), read once per folder.
 * A missing or malformed file is a ConfigError naming the file.
 */
export function defaultLexicon(): Lexicon {
  const peopleFile = configFile('people.json');
  const speechFile = configFile('speech.json');
  const key = `${peopleFile}\n${speechFile}`;
  if (cached?.key !== key) {
    cached = {
      key,
      lexicon: buildLexicon(readConfigJson(peopleFile, peopleSchema), readConfigJson(speechFile, speechSchema)),
    };
  }
  return cached.lexicon;
}

/** Builds the lookup tables from already-read config data (tests pass their own). */
export function buildLexicon(peopleConfig: PeopleConfig, speechConfig: SpeechConfig): Lexicon {
  const peopleData = peopleSchema.parse(peopleConfig);
  const speech = speechSchema.parse(speechConfig);
  const people: KnownPerson[] = peopleData.people.map((p) => {
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
