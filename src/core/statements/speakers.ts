import type { KnownPerson, Lexicon } from './lexicon.js';
import { foldText, type Token } from './text.js';

/** Who made a statement: a person, an institution, or nobody the article names (name null). */
export interface Speaker {
  name: string | null;
  kind: 'person' | 'organization' | null;
  /** The description the article gives ("Kremlin spokesman"), or null. */
  role: string | null;
}

/** A person an article mentions, with the roles it gives them. */
export interface ArticlePerson {
  name: string;
  known: KnownPerson | null;
  gender: 'm' | 'f' | null;
  /** Roles as the article writes them, in order of appearance. */
  roles: string[];
  /** Folded forms that name this person in the article (full names and surnames). */
  forms: Set<string>;
}

interface Mention {
  person: ArticlePerson;
  offset: number;
  paragraph: number;
  /** The name stands as a clause's subject ("Peskov would neither confirm…"), not inside a phrase ("talks with Peskov"). */
  subject?: boolean;
}

/** A speaker of the article so far: a person, or someone the article does not name (`person` null). */
interface SpeakerTurn {
  person: ArticlePerson | null;
  offset: number;
  paragraph: number;
}

/**
 * What an article has said so far about its people: who is mentioned where, and who has been
 * quoted, so that "Peskov", "he" and "the US president" can be resolved to a full name.
 */
export class ArticlePeople {
  readonly people = new Map<string, ArticlePerson>();
  private readonly mentions: Mention[] = [];
  private readonly speakers: SpeakerTurn[] = [];

  constructor(private readonly lexicon: Lexicon) {}

  /** The person a known gazetteer entry or a new full name stands for, registered on first use. */
  register(name: string, known: KnownPerson | null): ArticlePerson {
    const key = known?.name ?? name;
    let person = this.people.get(key);
    if (!person) {
      const forms = new Set<string>();
      // A double surname ("Mario Rodriguez Montero") is also written with its first part alone.
      const words = name.split(' ');
      const middle = words.length === 3 && /^\p{Lu}\p{Ll}{2,}$/u.test(words[1]!) ? [words[1]!] : [];
      for (const form of known ? [known.name, ...known.variants, ...known.surnames] : [name, words.at(-1)!, ...middle]) {
        forms.add(foldText(form));
      }
      person = { name: key, known, gender: known?.gender ?? null, roles: [], forms };
      this.people.set(key, person);
    }
    return person;
  }

  mention(person: ArticlePerson, offset: number, paragraph: number, role: string | null, subject = false): void {
    if (role && !person.roles.includes(role)) person.roles.push(role);
    this.mentions.push({ person, offset, paragraph, subject });
  }

  /**
   * Records that `person` was quoted at `offset` (null: one unnamed person, "a senior official");
   * "he said" points back to the last speaker, so after an unnamed one it names nobody.
   */
  spoke(person: ArticlePerson | null, offset: number, paragraph: number): void {
    this.speakers.push({ person, offset, paragraph });
  }

  /**
   * A name as written ("Peskov", "Dmitry Peskov", "Sergei Shoigu") → the article's person: one the
   * article already named with that full name or surname, else the gazetteer's, else (for a name of
   * two words or more) a new person. A lone unknown word is not taken for a person.
   */
  resolveName(words: string[], display: string): ArticlePerson | null {
    const key = foldText(words.join(' '));
    const inArticle = [...this.people.values()].filter((p) => p.forms.has(key));
    if (inArticle.length === 1) return inArticle[0]!;
    const known = this.lexicon.personByName.get(key) ?? [];
    if (known.length > 0) {
      const mentioned = known.filter((k) => this.people.has(k.name));
      if (mentioned.length === 1) return this.people.get(mentioned[0]!.name)!;
      if (known.length === 1) return this.register(known[0]!.name, known[0]!);
      return null;
    }
    if (inArticle.length > 1) return null;
    if (words.length >= 2) {
      // "Sandi Sweeney" after "Sandi Haber Sweeney": the same first and last names are the same person.
      const first = foldText(words[0]!);
      const lastWord = foldText(words.at(-1)!);
      const same = [...this.people.values()].filter((p) => {
        const w = foldText(p.name).split(' ');
        return w.length >= 2 && w[0] === first && w.at(-1) === lastWord;
      });
      if (same.length === 1) return same[0]!;
      return this.register(display, null);
    }
    return null;
  }

  /**
   * A lone surname right after a title ("President Reagan", "Energy Minister Subroto") → a person of
   * the article named by that surname. Null when the role is not a bare title ending in a role head
   * ("Minister of State for Foreign Affairs": the word belongs to the role) or the word is an acronym.
   */
  titled(surname: string, role: string | null): ArticlePerson | null {
    if (!role || !/^\p{Lu}\p{Ll}+$/u.test(surname)) return null;
    const words = foldText(role).split(' ');
    if (words.some((w) => ROLE_FILLER.has(w)) || !this.lexicon.roleHeads.has(words.at(-1)!)) return null;
    return this.register(surname, null);
  }

  /**
   * "he"/"she" at `offset` → the most recent compatible speaker of this or the previous paragraph,
   * else the most recently mentioned compatible person there. Null when nobody fits.
   */
  resolvePronoun(gender: 'm' | 'f', offset: number, paragraph: number): ArticlePerson | null {
    const fitsGender = (person: ArticlePerson | null) => person === null || person.gender === null || person.gender === gender;
    const near = (m: { offset: number; paragraph: number }) => m.offset < offset && m.paragraph >= paragraph - 1;
    // The subject of the passage, not the nearest name: first the last speaker of this or the
    // previous paragraph (an unnamed one names nobody), then the last person standing as a subject
    // there, then the last speaker however far back (wire copy quotes one source for several
    // paragraphs), then anyone named there.
    const recentSpeaker = this.speakers.filter((m) => near(m) && fitsGender(m.person)).at(-1);
    if (recentSpeaker) return recentSpeaker.person;
    const subject = this.mentions.filter((m) => near(m) && m.subject && fitsGender(m.person)).at(-1);
    if (subject) return subject.person;
    const speaker = this.speakers.filter((m) => m.offset < offset && fitsGender(m.person)).at(-1);
    if (speaker) return speaker.person;
    return this.mentions.filter((m) => near(m) && fitsGender(m.person)).at(-1)?.person ?? null;
  }

  /**
   * A role without a name ("the US president", "Kremlin spokesman") → the person the article names
   * in that role (from the article's own descriptions or the gazetteer's roles of people it
   * mentions): the latest mentioned before `offset`, else the first after. Null when no one fits.
   */
  resolveRole(role: string, offset: number, paragraph: number, anaphoric = false): ArticlePerson | null {
    const wanted = roleWords(role, this.lexicon);
    if (!wanted) return null;
    const matches = (person: ArticlePerson) =>
      [...person.roles, ...(person.known?.roles ?? [])].some((r) => roleMatches(wanted, roleWords(r, this.lexicon)));
    const before = this.mentions.filter((m) => m.offset < offset && matches(m.person)).at(-1);
    if (before) return before.person;
    const after = this.mentions.find((m) => matches(m.person))?.person;
    if (after) return after;
    // "The Swiss banker said" right after "Rainer Gut, chairman of Credit Suisse, told…": a description
    // with "the" (`anaphoric`) and no matching role means the one person the text has just named, if only one.
    if (!anaphoric) return null;
    const recent = new Set(this.speakers.filter((m) => m.offset < offset && m.paragraph >= paragraph - 1).map((m) => m.person));
    return recent.size === 1 ? [...recent][0]! : null;
  }
}

interface RoleWords {
  head: string;
  modifiers: string[];
}

const ROLE_FILLER = new Set(['the', 'a', 'an', 'his', 'her', 'their', 'its', 'of', 'for', 'to', 'on', 'and', "'s"]);

function roleWords(role: string, lexicon: Lexicon): RoleWords | null {
  let text = foldText(role).replace(/\./g, '');
  for (const [from, to] of lexicon.roleSynonyms) text = text.replace(new RegExp(`(^|\\s)${escape(from)}(?=\\s|$)`, 'g'), `$1${to}`);
  const words = text.split(' ').filter((w) => w && !ROLE_FILLER.has(w));
  const headAt = words.findLastIndex((w) => lexicon.roleHeads.has(w));
  if (headAt < 0) return null;
  return { head: words[headAt]!, modifiers: words.filter((_, i) => i !== headAt) };
}

function roleMatches(wanted: RoleWords, candidate: RoleWords | null): boolean {
  return !!candidate && candidate.head === wanted.head && wanted.modifiers.every((m) => candidate.modifiers.includes(m));
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Function words that never belong to a speaker's description, even capitalised at a sentence start. */
export const FUNCTION_WORDS = new Set(
  ('but and or if when while after before on in at as by for from meanwhile however earlier later also still then according ' +
    'despite following speaking asked overall both neither with without since although though because that this these those ' +
    'it we i you there here what which who whom where why how so yet not no nor instead additionally moreover separately ' +
    'now today yesterday once during amid until unless whether than though into over under about against between through even just')
    .split(' '),
);
export const DETERMINERS = new Set(['the', 'a', 'an', 'one', 'another', 'his', 'her', 'their', 'its', 'our', 'my', 'your']);
export const PRONOUNS: Record<string, 'm' | 'f'> = { he: 'm', she: 'f' };

/** A speaker phrase read from tokens: a name, an institution, a role, a pronoun, or nothing usable. */
export type SubjectPhrase =
  | { kind: 'pronoun'; gender: 'm' | 'f' }
  | { kind: 'name'; words: string[]; display: string; role: string | null }
  | { kind: 'organization'; name: string }
  | { kind: 'role'; role: string; definite: boolean; singular: boolean; determiner: string | null };

export const isNameWord = (t: Token, lexicon: Lexicon) =>
  t.capitalized && !t.punctuation && t.quote < 0 && !lexicon.roleWords.has(t.word) && !lexicon.notNames.has(t.word) && !FUNCTION_WORDS.has(t.word);

/** Length of the longest gazetteer name ending at tokens[end - 1] (0 when none). */
export function knownNameEndingAt(tokens: readonly Token[], start: number, end: number, lexicon: Lexicon): number {
  for (let n = Math.min(5, end - start); n >= 1; n--) {
    if (!lexicon.nameStarts.has(tokens[end - n]!.word)) continue;
    const words = tokens.slice(end - n, end);
    if (words.some((t) => t.quote >= 0 || t.punctuation) || !words[0]!.capitalized) continue;
    if (words.slice(0, -1).some((t) => t.possessive)) continue;
    if (lexicon.personByName.has(words.map((t) => t.word).join(' '))) return n;
  }
  return 0;
}

/**
 * Reads a speaker phrase ("Kremlin spokesman Dmitry Peskov", "the Kremlin", "the US president",
 * "he", "An anonymous Ukrainian official") from tokens[start, end).
 */
export function readSubject(tokens: readonly Token[], start: number, end: number, lexicon: Lexicon): SubjectPhrase | null {
  if (end <= start) return null;
  const phrase = tokens.slice(start, end);
  const last = phrase.at(-1)!;
  if (phrase.length === 1 && PRONOUNS[last.word]) return { kind: 'pronoun', gender: PRONOUNS[last.word]! };
  if (last.possessive || last.quote >= 0) return null;
  const text = foldText(phrase.map((t) => t.text).join(' '));
  const organization = lexicon.organizationByAlias.get(text) ?? lexicon.organizationByAlias.get(text.replace(/^the /, ''));
  if (organization) return { kind: 'organization', name: organization.name };
  let nameLength = knownNameEndingAt(tokens, start, end, lexicon);
  if (nameLength === 0) {
    // A possessive ends the name: "First Chicago's Johnson" is Johnson of First Chicago.
    while (nameLength < Math.min(5, phrase.length) && isNameWord(phrase[phrase.length - 1 - nameLength]!, lexicon) && !(nameLength > 0 && phrase[phrase.length - 1 - nameLength]!.possessive)) nameLength++;
  }
  // "Chancellor of the Exchequer Nigel Lawson": after "of the", the first of three capitalised words ends the role.
  while (nameLength >= 3 && ['the', 'of', 'for'].includes(phrase[phrase.length - nameLength - 1]?.word ?? '')) nameLength--;
  const described = phrase.slice(0, phrase.length - nameLength);
  const determiner = described[0] && DETERMINERS.has(described[0].word) ? described[0].word : null;
  const roleTokens = determiner ? described.slice(1) : described;
  const roleText = roleTokens.map((t) => t.text).join(' ').replace(/\s+([,.])/g, '$1').trim();
  const head = [...roleTokens].reverse().find((t) => lexicon.roleHeads.has(t.word) || lexicon.roleHeads.has(t.word.replace(/s$/, '')));
  const isRole = !!head && !lexicon.relationalRoleHeads.has(head.word);
  // "aides to Lyng", "a spokesman for Zelensky": the named person is not the one speaking.
  if (nameLength > 0 && ['to', 'for', 'of', 'with'].includes(described.at(-1)?.word ?? '')) {
    return { kind: 'role', role: phrase.slice(determiner ? 1 : 0).map((t) => t.text).join(' '), definite: false, singular: !/s$/.test(described[0]?.word ?? ''), determiner };
  }
  if (nameLength > 0) {
    const nameTokens = phrase.slice(phrase.length - nameLength);
    return {
      kind: 'name',
      words: nameTokens.map((t) => t.word),
      display: nameTokens.map((t) => t.text).join(' '),
      role: isRole ? roleText : null,
    };
  }
  if (!isRole) return null;
  const plural = !lexicon.roleHeads.has(head.word) || (head.word.endsWith('s') && lexicon.roleHeads.has(head.word.slice(0, -1)));
  const definite = !plural && (determiner === null || determiner === 'the');
  return { kind: 'role', role: roleText, definite, singular: !plural, determiner };
}
