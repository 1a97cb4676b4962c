import { createHash } from 'node:crypto';
import type { Article } from '../ingest/types.js';
import { findAttributions, phraseStartBefore, type Attribution } from './attribution.js';
import { findDateClue, type DateClue } from './dates.js';
import type { Lexicon } from './lexicon.js';
import { buildFrame, findQuoteSpans, frameToText, splitSentences, type Frame, type QuoteSpan } from './quotes.js';
import { ArticlePeople, DETERMINERS, FUNCTION_WORDS, PRONOUNS, knownNameEndingAt, readSubject, type ArticlePerson, type Speaker, type SubjectPhrase } from './speakers.js';
import { countWords } from '../ingest/normalize.js';
import { foldText, tokenize, type Token } from './text.js';
import type { Statement } from './types.js';

/** Options of `extractArticleStatements`; every field but the lexicon has a default. */
export interface ExtractOptions {
  /** Words and people to use (built from the configuration: `configured(config).speakers`). */
  lexicon: Lexicon;
  /** A quotation of fewer words is not a statement of its own; it stays inside its sentence's statement (default 3). */
  minQuoteWords?: number;
  /** Reported speech of fewer words is dropped (default 5). */
  minReportedWords?: number;
  /** A quotation nobody is named for must have at least this many words to be kept (default 6). */
  minUnattributedWords?: number;
}

const DEFAULTS = { minQuoteWords: 3, minReportedWords: 5, minUnattributedWords: 6 };

interface Paragraph {
  index: number;
  /** Offset of the paragraph in the article body. */
  start: number;
  text: string;
  frame: Frame;
  sentences: Sentence[];
}

interface Quote {
  paragraph: number;
  span: QuoteSpan;
  words: string;
  /** Quotation in the next paragraph that continues this one. */
  continuation: number | null;
  /** This quotation continues one of the previous paragraph. */
  continues: boolean;
}

interface Sentence {
  paragraph: Paragraph;
  tokens: Token[];
  attributions: Attribution[];
  speakers: Speaker[];
  persons: (ArticlePerson | null)[];
  /** Quotations standing alone in the sentence with nobody named. */
  standalone: number[];
  clue: DateClue | undefined;
}

/** A statement of one article, before statements of several articles are merged. */
export interface ArticleStatement {
  speaker: Speaker;
  quote: string;
  kind: 'direct' | 'reported';
  said_on: string | null;
  /** Body offsets the statement was read from. */
  start: number;
  end: number;
  passages: string[];
}

/** Splits a body into paragraphs (blank-line separated), keeping their offsets; single newlines become spaces. */
function splitParagraphs(body: string): { start: number; text: string }[] {
  const paragraphs: { start: number; text: string }[] = [];
  const separator = /\n[ \t\r]*\n+/g;
  let at = 0;
  for (const match of [...body.matchAll(separator), null]) {
    const end = match ? match.index : body.length;
    const raw = body.slice(at, end);
    if (raw.trim()) paragraphs.push({ start: at, text: raw.replace(/[\r\n]/g, ' ') });
    if (match) at = match.index + match[0].length;
  }
  return paragraphs;
}

/**
 * The statements one article quotes, in reading order, with speakers resolved across the article
 * and `said_on` resolved against its publication date.
 */
export function extractArticleStatements(article: Article, options: ExtractOptions): ArticleStatement[] {
  const lexicon = options.lexicon;
  const limits = { ...DEFAULTS, ...options };
  const people = new ArticlePeople(lexicon);
  const quotes: Quote[] = [];
  let open = false;
  const paragraphs: Paragraph[] = splitParagraphs(article.body).map((raw, index) => {
    const spans = findQuoteSpans(raw.text, open);
    open = spans.at(-1)?.closed === false;
    const first = quotes.length;
    for (const span of spans) {
      quotes.push({ paragraph: index, span, words: raw.text.slice(span.innerStart, span.innerEnd).trim(), continuation: null, continues: false });
    }
    return { index, start: raw.start, text: raw.text, frame: buildFrame(raw.text, spans, first), sentences: [] };
  });
  linkContinuations(paragraphs, quotes);
  // The first quotation of each chain running over several paragraphs, and who its closing attribution names.
  const headOf: number[] = [];
  quotes.forEach((quote, q) => headOf.push(quote.continues ? headOf[q - 1]! : q));
  const chainSpeaker = new Map<number, { speaker: Speaker; person: ArticlePerson | null; clue: DateClue | undefined }>();
  const endsSentence = (q: number) => /[.!?…]$/.test(quotes[q]!.words);
  const startsSentence = (word: string) => {
    const w = foldText(word.replace(/['’]s$/, '').replace(/[^\p{L}'’-]/gu, ''));
    // Wire copy writes "the U.S. And Japan": a conjunction after an abbreviation goes on with the sentence.
    if (w === 'and' || w === 'or') return false;
    return lexicon.personByName.has(w) || FUNCTION_WORDS.has(w) || DETERMINERS.has(w) || w in PRONOUNS;
  };
  for (const paragraph of paragraphs) {
    for (const [from, to] of splitSentences(paragraph.frame.text, endsSentence, startsSentence)) {
      const tokens = tokenize(paragraph.frame.text.slice(from, to), from);
      paragraph.sentences.push({ paragraph, tokens, attributions: [], speakers: [], persons: [], standalone: [], clue: undefined });
    }
  }
  const bodyOffset = (paragraph: Paragraph, frameOffset: number) => paragraph.start + frameToText(paragraph.frame, frameOffset);
  for (const paragraph of paragraphs) {
    for (const sentence of paragraph.sentences) collectMentions(sentence, people, lexicon, (t) => bodyOffset(paragraph, t.start));
  }

  const drafts: (ArticleStatement & { explicitDate: boolean; person: ArticlePerson | null; clue: DateClue | undefined })[] = [];
  const chainText = (q: number): string => {
    const quote = quotes[q]!;
    return quote.continuation === null ? quote.words : `${quote.words} ${chainText(quote.continuation)}`;
  };
  const chainEnd = (q: number): number => {
    const quote = quotes[q]!;
    return quote.continuation === null ? paragraphs[quote.paragraph]!.start + quote.span.end : chainEnd(quote.continuation);
  };
  const addDraft = (sentence: Sentence, speaker: Speaker, person: ArticlePerson | null, quote: string, kind: 'direct' | 'reported', start: number, end: number) => {
    drafts.push({ speaker, person, quote: tidyQuote(quote, kind), kind, said_on: null, explicitDate: false, start, end, passages: [], clue: sentence.clue });
  };

  // Pass 1: sentences that say who speaks.
  for (const paragraph of paragraphs) {
    for (const sentence of paragraph.sentences) {
      const { tokens } = sentence;
      const offsetOf = (k: number) => bodyOffset(paragraph, tokens[Math.min(k, tokens.length - 1)]!.start);
      sentence.attributions = findAttributions(
        tokens,
        lexicon,
        (subject) => resolveSpeaker(subject, people, offsetOf(0), paragraph.index) !== undefined,
      );
      const quoteOnly = tokens.every((t) => t.quote >= 0 || t.punctuation);
      if (sentence.attributions.length === 0) {
        if (quoteOnly) sentence.standalone = tokens.filter((t) => t.quote >= 0 && !quotes[t.quote]!.continues).map((t) => t.quote);
        continue;
      }
      sentence.clue = findDateClue(attributionWords(tokens, sentence.attributions), article.published);
      for (const attribution of sentence.attributions) {
        const resolved = resolveSpeaker(attribution.subject, people, offsetOf(attribution.subjectStart), paragraph.index);
        const speaker = resolved?.speaker ?? { name: null, kind: null, role: null };
        const person = resolved?.person ?? null;
        sentence.speakers.push(speaker);
        sentence.persons.push(person);
        // One unnamed person speaking ("a senior official said") is the last speaker too; a group or an organisation is not a "he".
        if (attribution.relative) {
          // background ("Trump, who has vowed to…"): not the passage's current speaker
        } else if (person || (speaker.name === null && attribution.subject?.kind === 'role' && attribution.subject.singular)) {
          people.spoke(person, offsetOf(attribution.verbStart), paragraph.index);
        }
        const ranges = [attribution.content, ...(attribution.contentAfter ? [attribution.contentAfter] : [])];
        const content = ranges.flatMap(([a, b]) => tokens.slice(a, b));
        const inner = content.filter((t) => t.quote >= 0);
        const outside = content.filter((t) => t.quote < 0 && !t.punctuation);
        if (content.length === 0) continue;
        if (outside.length === 0 && inner.length > 0) {
          if (inner.every((t) => quotes[t.quote]!.continues)) {
            // "…more,” he said." closing a quotation begun in the previous paragraph: it names that quotation's speaker.
            // The chain's head stands alone in its paragraph and is read in pass 2, with this speaker.
            if (speaker.name) chainSpeaker.set(headOf[inner[0]!.quote]!, { speaker, person, clue: sentence.clue });
            continue;
          }
          const text = joinQuotations(inner.map((t) => chainText(t.quote)));
          if (countWords(text) < limits.minQuoteWords) continue;
          const first = inner[0]!;
          addDraft(sentence, speaker, person, text, 'direct', bodyOffset(paragraph, first.start), Math.max(...inner.map((t) => chainEnd(t.quote))));
          continue;
        }
        const startAt = attribution.keepVerb ? attribution.verbStart : attribution.content[0];
        const from = bodyOffset(paragraph, tokens[startAt]!.start);
        const last = content.at(-1)!;
        const to = bodyOffset(paragraph, last.end);
        let text = article.body.slice(from, to);
        if (attribution.contentAfter && !attribution.keepVerb) {
          // The attribution stands in the middle ("The deal, Lavrov said, was dead"): leave it out.
          text = ranges
            .filter(([a, b]) => b > a)
            .map(([a, b]) => article.body.slice(bodyOffset(paragraph, tokens[a]!.start), bodyOffset(paragraph, tokens[b - 1]!.end)))
            .join(' ');
        }
        if (attribution.keepVerb && attribution.content[0] > attribution.verbEnd) {
          text = `${article.body.slice(from, bodyOffset(paragraph, tokens[attribution.verbEnd - 1]!.end))} ${article.body.slice(bodyOffset(paragraph, tokens[attribution.content[0]]!.start), to)}`;
        }
        if (countWords(text) < limits.minReportedWords) continue;
        addDraft(sentence, speaker, person, text, 'reported', bodyOffset(paragraph, tokens[0]!.start), to);
      }
    }
  }

  // Pass 2: quotations standing alone take the speaker their neighbours name.
  for (const paragraph of paragraphs) {
    paragraph.sentences.forEach((sentence, k) => {
      if (sentence.standalone.length === 0) return;
      const text = sentence.standalone.map((q) => chainText(q)).join(' ');
      if (countWords(text) < limits.minQuoteWords) return;
      const chained = chainSpeaker.get(sentence.standalone[0]!);
      const source = chained ? { speakers: [chained.speaker], persons: [chained.person], clue: chained.clue } : neighbourSpeaker(paragraphs, paragraph, k);
      const speaker = source?.speakers.at(-1) ?? { name: null, kind: null, role: null };
      if (speaker.name === null && countWords(text) < limits.minUnattributedWords) return;
      sentence.speakers.push(speaker);
      sentence.persons.push(source?.persons.at(-1) ?? null);
      sentence.clue = source?.clue;
      const first = sentence.standalone[0]!;
      const start = paragraph.start + quotes[first]!.span.start;
      const end = Math.max(...sentence.standalone.map((q) => chainEnd(q)));
      drafts.push({
        speaker, person: source?.persons.at(-1) ?? null, quote: tidyQuote(text, 'direct'), kind: 'direct', said_on: null,
        explicitDate: false, start, end, passages: [], clue: sentence.clue,
      });
    });
  }

  drafts.sort((a, b) => a.start - b.start);
  // When it was said: the sentence's own date words, else the same speaker's last dated statement here, else publication.
  for (const [k, draft] of drafts.entries()) {
    if (draft.clue) {
      draft.said_on = draft.clue.date;
      draft.explicitDate = true;
      continue;
    }
    const earlier = draft.speaker.name
      ? drafts.slice(0, k).findLast((d) => d.explicitDate && d.speaker.name === draft.speaker.name)
      : undefined;
    draft.said_on = earlier ? earlier.said_on : article.published;
  }
  return drafts.map((d) => ({
    // A person the article describes only elsewhere ("the US president remarked") keeps that description.
    speaker: d.person && !d.speaker.role ? { ...d.speaker, role: d.person.roles[0] ?? null } : d.speaker,
    quote: d.quote,
    kind: d.kind,
    said_on: d.said_on,
    start: d.start,
    end: d.end,
    passages: article.passages.filter((p) => p.start < d.end && p.end > d.start).map((p) => p.id),
  }));
}

/** A sentence whose attribution has nothing after the verb ("Peskov said, without confirming…"). */
function speakerOnly(sentence: Sentence): boolean {
  const main = sentence.attributions[0];
  return !!main && main.content[0] === main.content[1];
}

/**
 * For a quotation with no speaker in its sentence: the next sentence of the paragraph when it
 * attributes a quotation or nothing (`“A.” “B,” he said.`), else the previous sentence of the
 * paragraph, else the next paragraph's first sentence when it only names a speaker (the
 * attribution pushed into the next paragraph), else a previous paragraph ending in "said:".
 */
function neighbourSpeaker(paragraphs: readonly Paragraph[], paragraph: Paragraph, k: number): Sentence | undefined {
  const named = (s: Sentence | undefined) => (s && s.speakers.length > 0 ? s : undefined);
  const next = paragraph.sentences[k + 1];
  if (named(next) && next!.attributions[0] && next!.tokens.slice(...next!.attributions[0].content).every((t) => t.quote >= 0 || t.punctuation)) return next;
  for (let j = k - 1; j >= 0; j--) {
    const previous = named(paragraph.sentences[j]);
    if (previous) return previous;
  }
  if (k === paragraph.sentences.length - 1) {
    const following = paragraphs[paragraph.index + 1]?.sentences[0];
    if (named(following) && speakerOnly(following!)) return following;
  }
  if (k === 0) {
    const before = paragraphs[paragraph.index - 1]?.sentences.at(-1);
    if (named(before) && before!.attributions[0]?.colon) return before;
    // A paragraph that is only a quotation, after a paragraph ending in an attributed quotation,
    // goes on quoting the same speaker ("…,” he emphasized. / “We'd like to have…”).
    const main = before?.attributions[0];
    const alone = paragraph.sentences.every((s) => s.tokens.every((t) => t.quote >= 0 || t.punctuation));
    if (alone && named(before) && main && before!.tokens.slice(...main.content).some((t) => t.quote >= 0)) return before;
  }
  return undefined;
}

/** A quotation ending its paragraph unclosed continues when the next paragraph opens with a quotation. */
function linkContinuations(paragraphs: readonly Paragraph[], quotes: Quote[]): void {
  for (const [q, quote] of quotes.entries()) {
    if (quote.span.closed) continue;
    const nextParagraph = paragraphs[quote.paragraph + 1];
    const nextQuote = quotes[q + 1];
    if (!nextParagraph || !nextQuote || nextQuote.paragraph !== quote.paragraph + 1 || !nextQuote.span.opened) continue;
    if (nextParagraph.text.slice(0, nextQuote.span.start).trim() !== '') continue;
    quote.continuation = q + 1;
    nextQuote.continues = true;
  }
}

/** The attribution's own words (not what was said), where a date of the saying can be read. */
function attributionWords(tokens: readonly Token[], attributions: readonly Attribution[]): string {
  const inContent = (k: number) =>
    attributions.some((a) => (k >= a.content[0] && k < a.content[1]) || (a.contentAfter && k >= a.contentAfter[0] && k < a.contentAfter[1]));
  return tokens
    .filter((t, k) => t.quote < 0 && !inContent(k))
    .map((t) => t.text)
    .join(' ');
}

/**
 * A speaker phrase → who it names in this article: the person (full name from the article or the
 * gazetteer), the institution, or, for a role nobody is named in ("An anonymous Ukrainian official")
 * or a pronoun with no antecedent, no one (name null, role kept). Undefined when the phrase names
 * nothing that speaks ("The report").
 */
function resolveSpeaker(subject: SubjectPhrase | null, people: ArticlePeople, offset: number, paragraph: number): { speaker: Speaker; person: ArticlePerson | null } | undefined {
  if (!subject) return undefined;
  const forPerson = (person: ArticlePerson, role: string | null) => ({
    speaker: { name: person.name, kind: 'person' as const, role: role ?? person.roles[0] ?? null },
    person,
  });
  switch (subject.kind) {
    case 'organization':
      return { speaker: { name: subject.name, kind: 'organization', role: null }, person: null };
    case 'pronoun': {
      const person = people.resolvePronoun(subject.gender, offset, paragraph);
      // The text has now told this person's gender: a later "he" will not point to "she".
      if (person && person.gender === null) person.gender = subject.gender;
      return person ? forPerson(person, null) : { speaker: { name: null, kind: null, role: null }, person: null };
    }
    case 'name': {
      // "President Reagan said": a surname the article introduces with a title is a person of the
      // article, even with no first name given (else "he said" would fall to someone merely mentioned).
      const person = people.resolveName(subject.words, subject.display) ?? (subject.words.length === 1 ? people.titled(subject.display, subject.role) : null);
      if (!person) return undefined;
      if (subject.role && !person.roles.includes(subject.role)) person.roles.push(subject.role);
      return forPerson(person, subject.role);
    }
    case 'role': {
      const person = subject.definite ? people.resolveRole(subject.role, offset, paragraph, subject.determiner === 'the') : null;
      if (person && !person.roles.includes(subject.role)) person.roles.push(subject.role);
      return person ? forPerson(person, subject.role) : { speaker: { name: null, kind: null, role: subject.role }, person: null };
    }
  }
}

/**
 * Records the people a sentence names outside quotations: gazetteer names ("Peskov", "Sergei
 * Shoigu") and unknown full names introduced by a role ("Kremlin aide Yury Ushakov") or followed by
 * a comma or a speech verb, each with the role the article gives them there.
 */
function collectMentions(sentence: Sentence, people: ArticlePeople, lexicon: Lexicon, offsetOf: (t: Token) => number): void {
  const { tokens } = sentence;
  const roleBefore = (i: number): string | null => {
    const start = phraseStartBefore(tokens, i, lexicon);
    const subject = readSubject(tokens, start, i, lexicon);
    return subject?.kind === 'role' ? subject.role : null;
  };
  // "Andriy Yermak, head of the presidential office, …": a role set off by commas after the name.
  const roleAfter = (end: number): string | null => {
    if (tokens[end]?.text !== ',') return null;
    let close = end + 1;
    while (close < tokens.length && close - end < 12 && tokens[close]!.text !== ',' && tokens[close]!.quote < 0) close++;
    if (tokens[close]?.text !== ',' || close === end + 1) return null;
    const subject = readSubject(tokens, end + 1, close, lexicon);
    return subject?.kind === 'role' ? subject.role : null;
  };
  // A name followed by a lowercase word other than a preposition or conjunction stands as a subject ("Peskov also pushed back…").
  const subjectAt = (end: number): boolean => {
    let next = tokens[end];
    if (next?.text === ',') {
      // "Ozal, in London on his way home, is expected…": a subject with an insertion before its verb.
      const close = tokens.findIndex((t, k) => k > end + 1 && k - end < 16 && t.text === ',');
      if (close < 0 || tokens.slice(end + 1, close).some((t) => t.punctuation || t.quote >= 0)) return false;
      next = tokens[close + 1];
    }
    return !!next && !tokens[end - 1]!.possessive && next.quote < 0 && !next.punctuation && !next.capitalized && !NOT_AFTER_SUBJECT.has(next.word);
  };
  for (let i = 0; i < tokens.length; ) {
    const t = tokens[i]!;
    if (!t.capitalized || t.quote >= 0 || t.punctuation) {
      i++;
      continue;
    }
    let known = 0;
    for (let n = 5; n >= 1 && !known && lexicon.nameStarts.has(t.word); n--) {
      if (i + n <= tokens.length && knownNameEndingAt(tokens, i, i + n, lexicon) === n) known = n;
    }
    if (known) {
      const words = tokens.slice(i, i + known);
      const person = people.resolveName(words.map((w) => w.word), words.map((w) => w.text).join(' '));
      if (person) people.mention(person, offsetOf(t), sentence.paragraph.index, roleBefore(i) ?? roleAfter(i + known), subjectAt(i + known));
      i += known;
      continue;
    }
    let run = 0;
    while (i + run < tokens.length && run < 4 && isUnknownNameWord(tokens[i + run]!, lexicon)) {
      run++;
      if (tokens[i + run - 1]!.possessive) break;
    }
    // "Chancellor of the Exchequer Nigel Lawson": the first of three words after "the"/"of" belongs to the role.
    if (run >= 3 && ['the', 'of', 'for'].includes(tokens[i - 1]?.word ?? '')) {
      i++;
      continue;
    }
    // "chairman of Credit Suisse", "an economist at Merrill Lynch": capitalised words after of/at name the firm.
    if (run >= 2 && !['of', 'at'].includes(tokens[i - 1]?.word ?? '')) {
      const role = roleBefore(i);
      const after = tokens[i + run];
      // A full name followed by a comma, the sentence end, a speech verb or any other verb-like word ("Hugo Brandt is…").
      if (role || !after || after.punctuation || subjectAt(i + run)) {
        const words = tokens.slice(i, i + run);
        const person = people.resolveName(words.map((w) => w.word), words.map((w) => w.text.replace(/['’]s$/, '')).join(' '));
        if (person) people.mention(person, offsetOf(t), sentence.paragraph.index, role ?? roleAfter(i + run), subjectAt(i + run));
      }
    }
    i += Math.max(run, 1);
  }
}

/** Words after a name that show it is not a clause's subject ("Putin and Trump", "Rutte of NATO"). */
const NOT_AFTER_SUBJECT = new Set(
  ('of and or but nor to for on in at with from by as than who whom whose which that if when while after before into over under ' +
    'about against between through during since because until unless whether').split(' '),
);

const isUnknownNameWord = (t: Token, lexicon: Lexicon) =>
  t.capitalized && t.quote < 0 && !t.punctuation && !lexicon.roleWords.has(t.word) && !lexicon.notNames.has(t.word) && !FUNCTION_WORDS.has(t.word) && /^\p{Lu}([\p{Ll}'’-]|\.$)/u.test(t.text);

/**
 * Joins the parts of a quotation interrupted by its attribution ("“We are ready,” he said, “but not
 * now.”"). The comma before the attribution stays, unless the next part opens a new sentence
 * ("…programme,” he said. “We will…" written as one): then it becomes a full stop.
 */
function joinQuotations(parts: readonly string[]): string {
  return parts.reduce((text, part) => {
    const next = /^\p{Lu}[\p{L}'’]*/u.exec(part)?.[0];
    const word = next ? foldText(next).replace(/'.*$/, '') : '';
    const newSentence = !!next && (FUNCTION_WORDS.has(word) || DETERMINERS.has(word) || word in PRONOUNS || word === 'i');
    return `${newSentence ? text.replace(/,$/, '.') : text} ${part}`;
  });
}

/** Trims a statement's text: no leading punctuation, a closing comma becomes a full stop. */
function tidyQuote(text: string, kind: 'direct' | 'reported'): string {
  let quote = text.replace(/\s+/g, ' ').trim().replace(/^[\s,;:–—-]+/, '');
  quote = quote.replace(/[\s,;:–—-]+$/, '');
  if (kind === 'direct') quote = quote.replace(/^["“”‘’«»]+|["“”‘’«»]+$/g, '').trim();
  if (!/[.!?…]["”’»]?$/.test(quote)) quote += '.';
  return quote;
}

/** Stable id of a statement: a hash of its folded words. */
export function statementId(quote: string): string {
  return createHash('sha1').update(normalizeQuote(quote)).digest('hex').slice(0, 12);
}

/** The words of a quotation, folded, without punctuation: what two outlets quoting it share. */
export function normalizeQuote(quote: string): string {
  return foldText(quote)
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export type { Statement };
