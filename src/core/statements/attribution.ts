import { matchPhrase, type Lexicon } from './lexicon.js';
import { DETERMINERS, FUNCTION_WORDS, PRONOUNS, isNameWord, readSubject, type SubjectPhrase } from './speakers.js';
import type { Token } from './text.js';

/**
 * One "who said" of a sentence: the speaker phrase, the speech verb, and the tokens that hold what
 * was said (`content`, [start, end) token indices; empty when the sentence only names the speaker,
 * as in `Peskov said, without confirming…` after a quotation paragraph).
 */
export interface Attribution {
  subject: SubjectPhrase | null;
  /** Token range of the speaker phrase; for a participle, the main attribution's. */
  subjectStart: number;
  subjectEnd: number;
  verbStart: number;
  verbEnd: number;
  /** The verb names an act on a noun phrase ("described the call as…"), so it stays in the statement. */
  keepVerb: boolean;
  content: [number, number];
  /** A second content range (the quotation continued after `he said, “…”`). */
  contentAfter?: [number, number];
  /** The attribution ends with a colon and no content: what was said follows. */
  colon: boolean;
  participle: boolean;
  /** Said in a relative clause ("Funaro, who told reporters that…"): background, not the passage's current speaker. */
  relative?: boolean;
}

const SKIP_BEFORE_VERB = new Set(
  ('also further later again reportedly previously earlier then once repeatedly separately recently subsequently has have had ' +
    'was were is are been being would on yesterday today last this week month morning evening afternoon night himself herself ' +
    'themselves publicly privately openly bluntly flatly firmly explicitly clearly simply only even however meanwhile too first ' +
    'initially ultimately finally immediately monday tuesday wednesday thursday friday saturday sunday in a statement separately')
    .split(' '),
);
const WEEKDAYS = new Set(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);
const ADJUNCT_START = new Set(['on', 'in', 'at', 'during', 'to', 'via', 'through', 'after', 'before', 'from', 'while', 'with', 'late', 'earlier', 'later', 'last', 'this', 'yesterday', 'today', 'again', 'also', 'repeatedly', 'previously', 'recently', 'publicly', 'separately']);
const SUBORDINATORS = new Set(['while', 'although', 'though', 'as', 'if', 'because', 'when', 'after', 'before', 'since', 'once', 'unless', 'whereas']);
const AUXILIARIES = new Set(['was', 'were', 'is', 'are', 'been', 'being', 'has', 'have', 'had']);

/**
 * Words opening an adjunct rather than what was said ("Despite Trump's dissatisfaction, Ushakov
 * described…", "On Thursday, Peskov said…"); "This would limit…, he said" opens a statement.
 */
const ADJUNCT_OPENERS = new Set(
  ('after before on in at as by for from meanwhile however earlier later according despite following speaking asked overall ' +
    'with without since although though because while when if during amid until unless whether into over under about against between through once instead additionally moreover separately')
    .split(' '),
);

/** Words a full stop follows inside a name ("Shearson Lehman Brothers Inc., told"), not ending the sentence. */
const ABBREVIATION_ENDS = new Set(['inc', 'corp', 'co', 'ltd', 'jr', 'sr', 'bros', 'dept']);

const isWord = (t: Token | undefined) => !!t && t.quote < 0 && !t.punctuation;

/**
 * Start of the noun phrase that ends at tokens[end - 1]: names, role words and possessives back to
 * a determiner ("the", "his"), punctuation, a quotation or a function word. "of the"/"to the"
 * inside a role ("Secretary of the Russian Security Council") does not end it.
 */
export function phraseStartBefore(tokens: readonly Token[], end: number, lexicon: Lexicon): number {
  let s = end;
  while (s > 0 && end - s < 12) {
    const t = tokens[s - 1]!;
    if (!isWord(t)) break;
    if (DETERMINERS.has(t.word)) {
      if (t.word === 'the' && ['of', 'to', 'for'].includes(tokens[s - 2]?.word ?? '') && s < end) {
        s -= 2;
        continue;
      }
      s--;
      break;
    }
    if (PRONOUNS[t.word]) {
      if (s === end) s--;
      break;
    }
    if (FUNCTION_WORDS.has(t.word) && !lexicon.roleWords.has(t.word)) break;
    if ((t.capitalized && !t.text.includes('\uE000')) || lexicon.roleWords.has(t.word)) {
      s--;
      continue;
    }
    break;
  }
  // "the White House budget chief", "a U.S. monetary official": a role ending the phrase takes the
  // plain words before it back to its determiner (up to four of them).
  if (s > 0 && s < end && lexicon.roleHeads.has(tokens[end - 1]!.word) && !DETERMINERS.has(tokens[s - 1]!.word)) {
    let k = s;
    while (k > 0 && s - k < 4 && isWord(tokens[k - 1]) && !DETERMINERS.has(tokens[k - 1]!.word) && !FUNCTION_WORDS.has(tokens[k - 1]!.word) && !lexicon.clauseVerbs.has(tokens[k - 1]!.word)) k--;
    if (k > 0 && k < s && DETERMINERS.has(tokens[k - 1]!.word) && !PRONOUNS[tokens[k - 1]!.word]) s = k - 1;
  }
  while (s < end && ['of', 'for', 'to', 'and'].includes(tokens[s]!.word)) s++;
  return s;
}

/** Words that join a person's name to the organisation they speak from ("Bob Bannon of Security Pacific", "an analyst at Goldman"). */
const ORG_LINKS = new Set(['of', 'at', 'with', 'from']);
/** Punctuation that may stand inside an organisation's name ("Exxon Corp <XON>", "Citicorp Investment Bank (Switzerland)", "Smith & Co"). */
const NAME_PUNCTUATION = new Set(['&', '<', '>', '(', ')', '.']);

/** Length of the run of name words (initials included) ending at tokens[end - 1]; a possessive ends it ("First Chicago's Johnson" → 1). */
function nameRunBefore(tokens: readonly Token[], end: number, lexicon: Lexicon): number {
  let n = 0;
  while (n < 5 && end - n - 1 >= 0) {
    const t = tokens[end - n - 1]!;
    if (!isNameWord(t, lexicon) || (t.possessive && n > 0)) break;
    n++;
  }
  return n;
}

/**
 * "Dana Johnson of First National Bank of Chicago said", "panel member Paul Bergstresser of the
 * University of Texas told": the span of the person before the first of/at/with that follows a name,
 * reading back over the organisation's name from the verb at `end`; null when there is none.
 */
function personBeforeOrganisation(tokens: readonly Token[], end: number, lexicon: Lexicon): [number, number] | null {
  let found: number | null = null;
  for (let k = end - 1; k >= 0 && end - k <= 14; k--) {
    const t = tokens[k]!;
    if (t.quote >= 0) break;
    if (t.punctuation) {
      if (NAME_PUNCTUATION.has(t.text) && t.text !== '.') continue;
      break;
    }
    if (ORG_LINKS.has(t.word)) {
      if (k < end - 1 && nameRunBefore(tokens, k, lexicon) > 0) found = k;
      continue;
    }
    if (t.capitalized || ['and', 'the', 'for'].includes(t.word)) continue;
    break;
  }
  if (found === null) return null;
  return [phraseStartBefore(tokens, found, lexicon), found];
}

/** "Funaro, who told reporters that…": the name before ", who". */
function personBeforeRelative(tokens: readonly Token[], end: number, lexicon: Lexicon): [number, number] | null {
  // "Conable, who was also present at the meeting told reporters": the clause may run up to the verb.
  let who = end - 1;
  while (who > 1 && end - who <= 14 && tokens[who]!.word !== 'who' && isWord(tokens[who])) who--;
  if (tokens[who]?.word !== 'who' || tokens[who - 1]?.text !== ',') return null;
  const start = phraseStartBefore(tokens, who - 1, lexicon);
  return start < who - 1 ? [start, who - 1] : null;
}

/**
 * "Donald K. McIvor, an Exxon Corp director and senior vice president told Reuters": a name, a
 * comma and a description with no closing comma before the verb at `end`; null when the words
 * between are not a description (a determiner, a role word or a capitalised word first).
 */
function personBeforeApposition(tokens: readonly Token[], end: number, lexicon: Lexicon): [number, number] | null {
  // "William Roe, president of the Chicago Exchange, CME, told": up to three commas inside the description.
  let commas = 0;
  for (let comma = end - 1; comma > 0 && end - comma <= 24; comma--) {
    const t = tokens[comma]!;
    if (t.quote >= 0 || (t.punctuation && t.text !== ',' && !NAME_PUNCTUATION.has(t.text))) return null;
    if (t.text !== ',' || comma >= end - 2) continue;
    if (++commas > 3) return null;
    const first = tokens[comma + 1]!;
    if (!(DETERMINERS.has(first.word) || lexicon.roleWords.has(first.word) || first.capitalized)) continue;
    if (!tokens.slice(comma + 1, end).some((w) => lexicon.roleHeads.has(w.word))) continue;
    if (nameRunBefore(tokens, comma, lexicon) === 0) continue;
    return [phraseStartBefore(tokens, comma, lexicon), comma];
  }
  return null;
}

/** End of a noun phrase read forwards from `start` (for "said Peskov" and "according to Kremlin aide Yury Ushakov"). */
function phraseEndAfter(tokens: readonly Token[], start: number, lexicon: Lexicon): number {
  let e = start;
  if (isWord(tokens[e]) && DETERMINERS.has(tokens[e]!.word)) {
    e++;
    // "said a prominent international banker.": plain words up to a role ending the phrase.
    let k = e;
    while (k < tokens.length && k - e < 4 && isWord(tokens[k]) && !tokens[k]!.capitalized && !FUNCTION_WORDS.has(tokens[k]!.word) && !lexicon.roleHeads.has(tokens[k]!.word)) k++;
    if (k > e && lexicon.roleHeads.has(tokens[k]?.word ?? '') && !isWord(tokens[k + 1])) return k + 1;
  }
  while (e < tokens.length && e - start < 12) {
    const t = tokens[e]!;
    if (!isWord(t)) break;
    if (t.word === 'the' && ['of', 'to', 'for'].includes(tokens[e - 1]?.word ?? '')) {
      e++;
      continue;
    }
    if (FUNCTION_WORDS.has(t.word) && !lexicon.roleWords.has(t.word)) break;
    // "Bob Bannon of Security Pacific": the name ends where its organisation begins.
    if (ORG_LINKS.has(t.word) && e > start && isNameWord(tokens[e - 1]!, lexicon)) break;
    if (t.capitalized || lexicon.roleWords.has(t.word)) {
      e++;
      if (t.possessive && !t.capitalized) break;
      continue;
    }
    break;
  }
  while (e > start && ['of', 'for', 'to', 'the', 'and'].includes(tokens[e - 1]!.word)) e--;
  return e;
}

/** The speech verb (or passive speech phrase) at tokens[i], as [length, keepVerb], or null. */
function speechVerbAt(tokens: readonly Token[], words: readonly string[], i: number, lexicon: Lexicon): { length: number; keepVerb: boolean; passive: boolean } | null {
  const t = tokens[i]!;
  if (!isWord(t) || t.capitalized) return null;
  const passive = matchPhrase(lexicon.passiveVerbs, words, i);
  if (passive) return { length: passive, keepVerb: false, passive: true };
  const clause = matchPhrase(lexicon.clauseVerbs, words, i);
  const object = clause ? 0 : matchPhrase(lexicon.objectVerbs, words, i);
  const length = clause || object;
  if (!length) return null;
  // "is said to be", "would say": not a report of what was said.
  const next = tokens[i + length];
  const prev = tokens[i - 1];
  if (prev && ['would', 'will', 'could', 'might', 'to', 'did', 'not', 'never', 'cannot'].includes(prev.word)) return null;
  if (next?.word === 'to' && isWord(tokens[i + length + 1]) && !tokens[i + length + 1]!.capitalized && !DETERMINERS.has(tokens[i + length + 1]!.word)) {
    // "proposed to resume talks" reports a proposal; "is said to be" reports nothing.
    if (['told', 'tells'].includes(t.word)) return { length, keepVerb: false, passive: false };
    return lexicon.infinitiveVerbs.has(t.word) ? { length, keepVerb: true, passive: false } : null;
  }
  if (next?.word === 'by') {
    // "responded by challenging Putin to meet…" reports an act; "was criticised by" does not.
    if (/ing$/.test(tokens[i + length + 1]?.word ?? '') && !['is', 'are', 'was', 'were', 'been'].includes(prev?.word ?? '')) {
      return { length, keepVerb: true, passive: false };
    }
    return null;
  }
  if (prev && ['is', 'are', 'was', 'were', 'be'].includes(prev.word) && t.word.endsWith('ed')) return null;
  return { length, keepVerb: object > 0, passive: false };
}

/** Skips what stands between a speech verb and what was said: listeners, dates, places, "that", a colon. */
function contentStart(
  tokens: readonly Token[],
  words: readonly string[],
  verbStart: number,
  verbEnd: number,
  lexicon: Lexicon,
): { at: number; colon: boolean; introduced?: boolean; none?: boolean; resumes?: boolean } {
  let c = verbEnd;
  const verb = words[verbStart];
  if (verb === 'told' || verb === 'tells' || verb === 'telling' || verb === 'assured' || verb === 'quoted') {
    // "told the state news agency TASS that …": the listeners end at "that".
    let k = c;
    while (k < tokens.length && k - c < 9 && isWord(tokens[k]) && tokens[k]!.word !== 'that') k++;
    if (tokens[k]?.word === 'that') return { at: k + 1, colon: false, introduced: true };
    // "told the Commons: ‘…’": the listeners end at the colon.
    if (tokens[k]?.text === ':' && k > c) return { at: k + 1, colon: true, introduced: true };
    const audience = matchPhrase(lexicon.audiences, words, c);
    if (audience) c += audience;
    else while (tokens[c]?.capitalized && isWord(tokens[c])) c++;
  }
  for (let guard = 0; guard < 4; guard++) {
    const t = tokens[c];
    if (!t) break;
    if (t.word === 'that') return { at: c + 1, colon: false, introduced: true };
    if (t.text === ':') return { at: c + 1, colon: true, introduced: true };
    if (WEEKDAYS.has(t.word)) {
      c++;
      continue;
    }
    if (ADJUNCT_START.has(t.word)) {
      // "said on state television that …", "said in a statement following a meeting with his top
      // economic advisers that …", "wrote on Telegram: …": jump past an adjunct (up to 14 words, a long one in wire copy).
      let k = c + 1;
      while (k < tokens.length && k - c < 15 && isWord(tokens[k]) && tokens[k]!.word !== 'that') k++;
      if (tokens[k]?.word === 'that') return { at: k + 1, colon: false, introduced: true };
      if (tokens[k]?.text === ':') return { at: k + 1, colon: true, introduced: true };
      if (['on', 'in', 'at', 'during', 'via', 'through', 'after', 'before', 'from', 'while', 'with'].includes(t.word) && !WEEKDAYS.has(tokens[c + 1]?.word ?? '')) {
        // "…, an aide said in response to the article.": only circumstances follow the verb.
        return { at: c, colon: false, none: true };
      }
      if (WEEKDAYS.has(tokens[c + 1]?.word ?? '') || ['yesterday', 'today', 'again', 'also', 'earlier', 'later', 'repeatedly', 'previously', 'recently', 'publicly', 'separately'].includes(t.word)) {
        c += WEEKDAYS.has(tokens[c + 1]?.word ?? '') ? 2 : 1;
        continue;
      }
    }
    // "Liedtke did say, however, that…", "McIvor said, in response to a question, that…": skip the aside.
    if (t.text === ',') {
      let k = c + 1;
      while (k < tokens.length && k - c < 10 && isWord(tokens[k])) k++;
      if (k > c + 1 && tokens[k]?.text === ',' && tokens[k + 1]?.word === 'that') return { at: k + 2, colon: false, introduced: true };
    }
    // "…,” Peskov said, “but not now.”": the quotation resumes after the attribution.
    if (t.text === ',' && tokens[c + 1]?.quote !== undefined && tokens[c + 1]!.quote >= 0) return { at: c + 1, colon: false, introduced: true, resumes: true };
    // "Peskov said, without confirming…": what follows the comma is not what was said.
    if (t.text === ',' || t.text === ';') return { at: c, colon: false, none: true };
    break;
  }
  return { at: c, colon: false };
}

/** Where the statement after a verb ends: the next ", adding…"-style participle, a trailing ", according to…", or the sentence end. */
function contentEnd(tokens: readonly Token[], words: readonly string[], from: number, lexicon: Lexicon): number {
  for (let k = from; k < tokens.length; k++) {
    if (tokens[k]!.text !== ',') continue;
    if (matchPhrase(lexicon.participles, words, k + 1)) return k;
    if (words[k + 1] === 'according' && words[k + 2] === 'to') return k;
  }
  let end = tokens.length;
  while (end > from && tokens[end - 1]!.punctuation) end--;
  return end;
}

/**
 * The quotation resuming after an inverted attribution ending at `end`: "“…,” said Rutte, “but…”"
 * or "“…,” said Mark Rutte, the NATO secretary general, “but…”", when nothing follows it.
 */
function resumedQuote(tokens: readonly Token[], end: number): [number, number] | undefined {
  if (tokens[end]?.text !== ',') return undefined;
  let at = end + 1;
  if (tokens[at]?.quote === -1) {
    // Skip an appositive role up to its closing comma.
    let close = at;
    while (close < tokens.length && close - at < 12 && tokens[close]!.text !== ',' && tokens[close]!.quote < 0) close++;
    if (tokens[close]?.text !== ',') return undefined;
    at = close + 1;
  }
  if (!tokens[at] || tokens[at]!.quote < 0 || tokens.slice(at + 1).some((t) => !t.punctuation)) return undefined;
  return [at, at + 1];
}

/** Whether the word after ", X said," continues the clause begun before it (a verb such as "was", "had"), rather than starting an adjunct. */
function continuesClause(t: Token | undefined, lexicon: Lexicon): boolean {
  if (!t || !isWord(t) || t.capitalized) return false;
  if (FUNCTION_WORDS.has(t.word) || ADJUNCT_START.has(t.word) || DETERMINERS.has(t.word) || PRONOUNS[t.word]) return false;
  return !/ing$/.test(t.word) && !lexicon.participles.has(t.word);
}

/** The words (not quotations) in tokens[start, end). */
const wordCount = (tokens: readonly Token[], start: number, end: number) => tokens.slice(start, end).filter(isWord).length;
const hasContent = (tokens: readonly Token[], [start, end]: [number, number]) =>
  tokens.slice(start, end).some((t) => t.quote >= 0 || isWord(t));

/**
 * Finds who said what in a sentence frame: the first speech verb whose speaker phrase can be read
 * ("Kremlin spokesman Dmitry Peskov said", "said Peskov", "Shoygu was further quoted as saying",
 * "Dmitry Peskov, the Kremlin spokesman, said"), then each ", adding that…" participle after it
 * (same speaker); with no such verb, a ", warning…" participle of the sentence's subject, or
 * "according to X". `accept` decides whether a speaker phrase names someone usable.
 */
export function findAttributions(tokens: readonly Token[], lexicon: Lexicon, accept: (subject: SubjectPhrase | null) => boolean, nested = false): Attribution[] {
  const words = tokens.map((t) => t.word);
  const found: Attribution[] = [];
  let main: Attribution | null = null;
  for (let i = 0; i < tokens.length && !main; i++) {
    const quoted = quotedAsSaying(tokens, words, i, lexicon);
    if (quoted) {
      if (accept(quoted.subject)) main = quoted;
      continue;
    }
    const verb = speechVerbAt(tokens, words, i, lexicon);
    if (!verb || matchPhrase(lexicon.participles, words, i)) continue;
    let j = i;
    if (verb.passive) while (j > 0 && (AUXILIARIES.has(words[j - 1]!) || SKIP_BEFORE_VERB.has(words[j - 1]!))) j--;
    // "Peskov also said", "Mulholland merely said": adverbs (the -ly words too) stand between the speaker and the verb.
    const adverb = (k: number) => (SKIP_BEFORE_VERB.has(words[k]!) || /^\p{Ll}{3,}ly$/u.test(tokens[k]!.text)) && isWord(tokens[k]);
    while (j > 0 && adverb(j - 1) && (!tokens[j - 1]!.capitalized || WEEKDAYS.has(words[j - 1]!))) j--;
    let subjectStart = phraseStartBefore(tokens, j, lexicon);
    let subjectEnd = j;
    // "Roe and Poe said" is a group; ", and Roe said it would…" joins a new clause.
    const joined = words[subjectStart - 1] === 'and' && tokens[subjectStart - 2] !== undefined && isNameWord(tokens[subjectStart - 2]!, lexicon);
    let subject = subjectStart < j && !joined ? readSubject(tokens, subjectStart, j, lexicon) : null;
    // "Dana Johnson of First National Bank said", "McIvor, an Exxon director, told", "Funaro, who
    // told reporters that…": the person, not the organisation or the description, is the speaker.
    const relativeSpan = personBeforeRelative(tokens, j, lexicon);
    const person = personBeforeOrganisation(tokens, j, lexicon) ?? relativeSpan ?? (subject?.kind === 'name' ? null : personBeforeApposition(tokens, j, lexicon));
    let relative = false;
    if (person) {
      const read = readSubject(tokens, person[0], person[1], lexicon);
      if (read?.kind === 'name' && accept(read)) {
        subject = read;
        [subjectStart, subjectEnd] = person;
        relative = person === relativeSpan;
      }
    }
    if (!subject && tokens[j - 1]?.text === ',') {
      // "Dmitry Peskov, the Kremlin spokesman, said" / "Rubio, speaking to reporters, said": the
      // speaker is the name before the comma-enclosed insertion.
      let open = j - 2;
      const stop = (k: number) => tokens[k]!.text === '.' && !ABBREVIATION_ENDS.has(words[k - 1] ?? '');
      while (open > 0 && j - open < 25 && tokens[open]!.text !== ',' && tokens[open]!.quote < 0 && !stop(open)) open--;
      if (tokens[open]?.text === ',' && open < j - 2) {
        // "King Fahd of Saudi Arabia, in an interview…, said": the person before their country or firm.
        const firm = personBeforeOrganisation(tokens, open, lexicon);
        const nameStart = firm ? firm[0] : phraseStartBefore(tokens, open, lexicon);
        const nameEnd = firm ? firm[1] : open;
        const name = nameStart < nameEnd ? readSubject(tokens, nameStart, nameEnd, lexicon) : null;
        const role = readSubject(tokens, open + 1, j - 1, lexicon);
        if (name?.kind === 'name' || name?.kind === 'organization') {
          subject = name.kind === 'name' ? { ...name, role: role?.kind === 'role' ? role.role : name.role } : name;
          subjectStart = nameStart;
          subjectEnd = j - 1;
        } else if (name?.kind === 'role' && role?.kind === 'name') {
          // "The Russian foreign minister, Sergei Lavrov, said": the name between the commas speaks.
          subject = { ...role, role: role.role ?? name.role };
          subjectStart = nameStart;
          subjectEnd = j - 1;
        }
      }
    }
    // "…, director of corporate strategy Jonathan Solomon told reporters": the description between the
    // comma (or quotation) and the name belongs to the speaker phrase ("“…,” panel member Paul Roe of
    // the University of Texas told the meeting"), so what comes before it was said.
    if (subject?.kind === 'name' && subjectStart > 0 && tokens[subjectStart - 1]!.text !== ',') {
      let k = subjectStart - 1;
      while (k > 0 && subjectStart - k < 8 && isWord(tokens[k])) k--;
      const bounded = tokens[k]?.text === ',' || (tokens[k] !== undefined && tokens[k]!.quote >= 0);
      if (bounded && k < subjectStart - 1 && tokens.slice(k + 1, subjectEnd).some((t) => lexicon.roleHeads.has(t.word))) {
        const read = readSubject(tokens, k + 1, subjectEnd, lexicon);
        if (read?.kind === 'name') {
          subject = read;
          subjectStart = k + 1;
        }
      }
    }
    const verbEnd = i + verb.length;
    if (!subject && !verb.keepVerb && (subjectStart === j || tokens[j - 1]?.quote !== undefined)) {
      // "“…,” said Peskov." — the speaker after the verb.
      const end = phraseEndAfter(tokens, verbEnd, lexicon);
      const after = tokens[end];
      if (end > verbEnd && (!after || after.punctuation || ORG_LINKS.has(after.word))) {
        let inverted = readSubject(tokens, verbEnd, end, lexicon);
        let invertedEnd = end;
        if (inverted?.kind === 'role' && after?.text === ',') {
          // "said India's delegate, S. Venkitaramanan.": the name in apposition is the speaker.
          const nameEnd = phraseEndAfter(tokens, end + 1, lexicon);
          const named = nameEnd > end + 1 && (!tokens[nameEnd] || tokens[nameEnd]!.punctuation) ? readSubject(tokens, end + 1, nameEnd, lexicon) : null;
          if (named?.kind === 'name' && accept(named)) {
            inverted = { ...named, role: named.role ?? inverted.role };
            invertedEnd = nameEnd;
          }
        }
        if (inverted && accept(inverted)) {
          main = {
            subject: inverted, subjectStart: verbEnd, subjectEnd: invertedEnd, verbStart: i, verbEnd, keepVerb: false,
            content: [0, i], contentAfter: resumedQuote(tokens, invertedEnd), colon: false, participle: false,
          };
          continue;
        }
      }
    }
    if (!accept(subject)) continue;
    const start = contentStart(tokens, words, i, verbEnd, lexicon);
    const after: [number, number] = [start.at, start.none ? start.at : contentEnd(tokens, words, start.at, lexicon)];
    // "While Trump has threatened more sanctions, he has held off…": the subordinate clause ends at its comma.
    // (Not when the clause already ended before the speaker: "While acknowledging…, Roe predicted, “…”".)
    if (SUBORDINATORS.has(words[0]!) && !tokens.slice(0, subjectStart).some((t) => t.text === ',')) {
      const comma = tokens.findIndex((t, k) => k >= verbEnd && t.text === ',');
      if (comma > 0 && comma < after[1]) after[1] = comma;
    }
    const before: [number, number] = [0, tokens[subjectStart - 1]?.text === ',' ? subjectStart - 1 : subjectStart];
    // What was said comes before the speaker ("…, the Kremlin said a day after…") unless the verb
    // introduces it ("said that…", "said:"), the verb acts on an object, or the words before are only
    // an adjunct ("Despite Trump’s dissatisfaction, Ushakov described…").
    const beforeUsable =
      !verb.keepVerb &&
      (!start.introduced || !!start.resumes) &&
      subjectStart > 0 &&
      (tokens[subjectStart - 1]!.text === ',' || tokens[subjectStart - 1]!.quote >= 0) &&
      hasContent(tokens, before) &&
      (tokens[0]!.quote >= 0 ||
        (!ADJUNCT_OPENERS.has(words[0]!) && !/^\p{Lu}\p{Ll}+ing$/u.test(tokens[0]!.text)) ||
        // "Before agreeing to a package, the president would insist…, Miller said": a clause follows the adjunct.
        tokens.slice(0, before[1]).some((t) => t.text === ','));
    let content: [number, number] = [after[0], after[0]];
    let contentAfter: [number, number] | undefined;
    if (beforeUsable) {
      content = before;
      // "“We are ready,” Peskov said, “but not now.”" — the quotation goes on after the attribution.
      if (hasContent(tokens, after) && after[1] - after[0] === 1 && tokens[after[0]]!.quote >= 0) contentAfter = after;
      // "The deal, Lavrov said, was dead": reported speech goes on after an attribution set off by commas.
      else if (start.none && tokens[start.at]?.text === ',' && continuesClause(tokens[start.at + 1], lexicon)) {
        contentAfter = [start.at + 1, contentEnd(tokens, words, start.at + 1, lexicon)];
      }
    } else if (hasContent(tokens, after) && (wordCount(tokens, after[0], after[1]) > 0 || tokens.slice(after[0], after[1]).some((t) => t.quote >= 0))) {
      content = after;
    }
    // "Peskov emphasized Russia’s firm commitment…": a noun phrase, not a clause, so the verb stays.
    const objectNotClause =
      content === after &&
      !start.introduced &&
      lexicon.clauseOrObjectVerbs.has(words[i]!) &&
      !tokens.slice(after[0], Math.min(after[1], after[0] + 10)).some((t) => lexicon.auxiliaries.has(t.word) || t.quote >= 0);
    main = {
      subject, subjectStart, subjectEnd, verbStart: i, verbEnd, keepVerb: (verb.keepVerb || objectNotClause) && content === after,
      content, contentAfter, colon: start.colon && !hasContent(tokens, after), participle: false, relative,
    };
  }
  // "Foreign Ministry officials said Foreign Minister Tadashi Kuranari said…": words relayed by
  // others belong to the person whose words they are.
  if (main && main.subject?.kind !== 'name' && main.content[0] > main.verbStart && !nested) {
    const [a, b] = main.content;
    const inner = findAttributions(tokens.slice(a, b), lexicon, accept, true)[0];
    if (inner && inner.subject?.kind === 'name' && !inner.participle) main = shifted(inner, a);
  }
  if (main) found.push(main);
  // "Rule defended the record and told the panel that…": a second speech verb of the same speaker.
  if (main && !main.participle) {
    for (let k = main.verbEnd; k < main.content[1]; k++) {
      if (words[k] !== 'and' || tokens[k + 1]?.capitalized) continue;
      const second = speechVerbAt(tokens, words, k + 1, lexicon);
      if (!second || second.passive) continue;
      const verbStart = k + 1;
      const verbEnd = verbStart + second.length;
      const start = contentStart(tokens, words, verbStart, verbEnd, lexicon);
      const content: [number, number] = [start.at, start.none ? start.at : contentEnd(tokens, words, start.at, lexicon)];
      if (!start.introduced || !hasContent(tokens, content)) continue;
      found.push({ subject: main.subject, subjectStart: main.subjectStart, subjectEnd: main.subjectEnd, verbStart, verbEnd, keepVerb: false, content, colon: false, participle: true });
      main.content = [main.content[0], Math.min(main.content[1], k)];
      break;
    }
  }
  // Participles after the main attribution (", adding that …"), or of the sentence's subject.
  for (let k = main ? main.verbEnd : 0; k < tokens.length; k++) {
    if (tokens[k]!.text !== ',') continue;
    const length = matchPhrase(lexicon.participles, words, k + 1);
    if (!length) continue;
    let owner = main;
    if (!owner) {
      const sentenceSubject = leadingSubject(tokens, lexicon);
      if (!sentenceSubject || !accept(sentenceSubject.subject)) continue;
      owner = {
        ...sentenceSubject, verbStart: k + 1, verbEnd: k + 1 + length, keepVerb: false, content: [0, 0], colon: false, participle: true,
      };
    }
    const verbStart = k + 1;
    const verbEnd = verbStart + length;
    const start = contentStart(tokens, words, verbStart, verbEnd, lexicon);
    const content: [number, number] = [start.at, start.none ? start.at : contentEnd(tokens, words, start.at, lexicon)];
    if (!hasContent(tokens, content)) continue;
    const keepVerb = !!matchPhrase(lexicon.objectVerbs, words, verbStart) || ['calling', 'describing', 'accusing', 'praising', 'criticizing', 'criticising', 'urging', 'denying'].includes(words[verbStart]!);
    found.push({
      subject: owner.subject, subjectStart: owner.subjectStart, subjectEnd: owner.subjectEnd,
      verbStart, verbEnd, keepVerb, content, colon: false, participle: true,
    });
    if (main) main.content = [main.content[0], Math.min(main.content[1], k)];
  }
  if (found.length === 0) {
    const according = accordingTo(tokens, lexicon);
    if (according && accept(according.subject)) found.push(according);
  }
  return found;
}

/** The sentence's grammatical subject, skipping a leading "On Thursday, …" adjunct. */
function leadingSubject(tokens: readonly Token[], lexicon: Lexicon): Pick<Attribution, 'subject' | 'subjectStart' | 'subjectEnd'> | null {
  // "But government spokesman Roe did not confirm it, saying…": a conjunction opens the clause, not an adjunct.
  let start = ['but', 'and', 'so', 'yet'].includes(tokens[0]?.word ?? '') ? 1 : 0;
  if (start === 0 && FUNCTION_WORDS.has(tokens[0]?.word ?? '') && !DETERMINERS.has(tokens[0]?.word ?? '')) {
    const comma = tokens.findIndex((t) => t.text === ',');
    if (comma < 0) return null;
    start = comma + 1;
  }
  const end = phraseEndAfter(tokens, start, lexicon);
  if (end === start || !isWord(tokens[end]) || tokens[end]!.capitalized) return null;
  const subject = readSubject(tokens, start, end, lexicon);
  return subject ? { subject, subjectStart: start, subjectEnd: end } : null;
}

/**
 * "…, according to outgoing chairman Michel Marks.", "…, according to senior Citibank executive
 * William Rhodes, who is…", "According to a report by George Gaspar, …" → the speaker (up to a
 * comma, the sentence end, or the "of"/"at" of their organisation) and what was said: the words
 * before "according to", or, when it opens the sentence, the words after the speaker's comma.
 */
function accordingTo(tokens: readonly Token[], lexicon: Lexicon): Attribution | null {
  const at = tokens.findIndex((t, k) => t.word === 'according' && tokens[k + 1]?.word === 'to');
  if (at < 0) return null;
  let start = at + 2;
  // "according to a statement from the Kremlin", "according to remarks by Lavrov": the speaker is after from/by.
  for (let k = start; k < start + 4 && k < tokens.length; k++) {
    if (!isWord(tokens[k]) || tokens[k]!.capitalized) break;
    if (['from', 'by'].includes(tokens[k]!.word) && k > start) {
      start = k + 1;
      break;
    }
  }
  let end = start;
  while (end < tokens.length && end - start < 14 && isWord(tokens[end])) {
    if (end > start && (ORG_LINKS.has(tokens[end]!.word) || tokens[end]!.word === 'who') && isNameWord(tokens[end - 1]!, lexicon)) break;
    end++;
  }
  if (end === start) return null;
  const subject = readSubject(tokens, start, end, lexicon);
  let last = tokens.length;
  while (last > 0 && tokens[last - 1]!.punctuation) last--;
  const base = { subject, subjectStart: start, subjectEnd: end, verbStart: at, verbEnd: start, keepVerb: false, colon: false, participle: false };
  if (at > 0) return { ...base, content: [0, tokens[at - 1]?.text === ',' ? at - 1 : at] };
  if (tokens[end]?.text === ',') {
    // "According to Ushakov, an aide to Putin, the talks…": what was said follows the last comma of the apposition.
    let from = end + 1;
    const close = tokens.findIndex((t, k) => k > end && k - end < 12 && t.text === ',');
    if (close > 0 && readSubject(tokens, end + 1, close, lexicon)?.kind === 'role') from = close + 1;
    return { ...base, content: [from, last] };
  }
  return null;
}

/** "British diplomatic sources quoted Howe as saying that…", "Tass quoted him as telling…": the person quoted is the speaker. */
function quotedAsSaying(tokens: readonly Token[], words: readonly string[], i: number, lexicon: Lexicon): Attribution | null {
  if (!['quoted', 'quotes', 'quoting', 'cited'].includes(words[i]!)) return null;
  const start = i + 1;
  const end = phraseEndAfter(tokens, start, lexicon);
  if (end === start || words[end] !== 'as' || !['saying', 'telling'].includes(words[end + 1] ?? '')) return null;
  const subject = readSubject(tokens, start, end, lexicon);
  const verbEnd = end + 2;
  const c = contentStart(tokens, words, end + 1, verbEnd, lexicon);
  const content: [number, number] = [c.at, c.none ? c.at : contentEnd(tokens, words, c.at, lexicon)];
  return { subject, subjectStart: start, subjectEnd: end, verbStart: i, verbEnd, keepVerb: false, content, colon: c.colon && !hasContent(tokens, content), participle: false };
}

/** An attribution read from tokens[offset, …) with its indices shifted to the whole sentence. */
function shifted(a: Attribution, offset: number): Attribution {
  const shift = ([x, y]: [number, number]): [number, number] => [x + offset, y + offset];
  return {
    ...a, subjectStart: a.subjectStart + offset, subjectEnd: a.subjectEnd + offset, verbStart: a.verbStart + offset, verbEnd: a.verbEnd + offset,
    content: shift(a.content), ...(a.contentAfter ? { contentAfter: shift(a.contentAfter) } : {}),
  };
}
