import {
  isFurnitureLine,
  isForeignScriptSnippet,
  isGluedListItem,
  isListMarker,
} from './boilerplate.js';
import { datelineDate, dateFromUrl, isPageBanner } from './dates.js';
import { comparableText, countWords, normalizeText, sameText, unwrapMarkdownInline } from './normalize.js';
import { hostOf, type OutletDirectory } from './outlets.js';
import { joinBrokenParagraphs, repairOpeningQuote } from './quotes.js';

/**
 * Reads an article out of a page's text: the header (headline, standfirst, byline, dateline)
 * is told apart from the body by its structure, page furniture is dropped, and the outlet is
 * recognised from the signals pages carry. HTML pages come through here too, after the
 * main-content extractor turned them into text.
 */

/** What a page's text says about its article; null where it says nothing. */
export interface ExtractedArticle {
  title: string | null;
  subtitle: string | null;
  author: string | null;
  published: string | null;
  url: string | null;
  outlet: string | null;
  paragraphs: string[];
}

/** Metadata already known from elsewhere (an HTML page's meta tags); it wins over what the text suggests. */
export type ArticleHints = Partial<Omit<ExtractedArticle, 'paragraphs'>>;

export interface TextExtractionOptions {
  outlets: OutletDirectory;
  /** Treat the text as markdown: lines of one paragraph are joined, `#` headings mark the headline. */
  markdown?: boolean;
  hints?: ArticleHints;
}

interface Line {
  text: string;
  /** A blank line (a paragraph break) precedes this line. */
  blankBefore: boolean;
  /** Markdown heading level, 0 for ordinary lines. */
  heading: number;
  listItem: boolean;
}

type LineKind = 'text' | 'furniture' | 'date' | 'byline' | 'marker' | 'glued' | 'source';

interface ClassifiedLine extends Line {
  kind: LineKind;
  words: number;
  /** Running text rather than a headline, label or list item (see isProse). */
  prose: boolean;
  date?: string;
  banner?: boolean;
  author?: string | null;
  organisation?: string | null;
}

interface OutletSignals {
  url: string | null;
  source: string[];
  dateline: string[];
  byline: string[];
  copyright: string[];
  siteName: string[];
  email: string[];
}

const TERMINAL = /[.!?…]["”’)\]]*$/;
const URL_LABEL = /^(?:original(?: article)?(?: url| link)?|source url|canonical(?: url| link)?|url|link|permalink|article url)\s*[:：]\s*(?:<)?(https?:\/\/[^\s>]+)>?$/i;
const URL_LABEL_ALONE = /^(?:original(?: article)?(?: url| link)?|source url|canonical(?: url| link)?|url|permalink|article url)\s*[:：]?$/i;
const SOURCE_LINE = /^(?:source|sources|via)\s*[:：]\s*(\S.{0,80})$/i;
const EMAIL = /[\w.+-]+@([\w-]+(?:\.[\w-]+)+)/g;
const COPYRIGHT_NAME = /(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*([\p{L}][^.;|,©]{1,60})/iu;
const DATELINE_TAG = /^\((\p{L}[\p{L}\p{N} .&/-]{1,40})\)\s*[-–—:]?\s*/u;
const CITY_DATELINE_TAG = /^\p{Lu}[\p{L}\p{N} .,'’-]{1,50}?(?:\((\p{L}[\p{L}\p{N} .&/-]{1,40})\)\s*[-–—:]|\/(\p{Lu}[\p{L}-]{1,20})\/\.?)/u;
const NAME = "\\p{Lu}[\\p{L}'’.-]+(?:\\s+(?:(?:de|van|von|al|el|da|di|bin|ibn|la|le)\\s+)?\\p{Lu}[\\p{L}'’.-]+){1,3}";
const BY_LINE = /^by\s+(.{2,120})$/i;
const AUTHOR_LABEL = /^(?:author|authors|written by|words by|reporting by|text by)\s*[:：]?\s*(.{2,120})$/i;
const NAME_COMMA_ORG = new RegExp(`^(${NAME}),\\s+(.{2,60}?)(?:\\s+on)?$`, 'u');
const PERSON = new RegExp(`^${NAME}(?:\\s*(?:,|and|&)\\s*${NAME})*$`, 'u');
/** "Shaun Walker in Kyiv": a correspondent's byline with the place they file from. */
const NAME_IN_PLACE = new RegExp(`^(${NAME}(?:\\s+and\\s+${NAME})?)\\s+in\\s+\\p{Lu}[\\p{L}'’ -]{1,30}$`, 'u');
const ORG_WORDS = /\b(?:news|agency|wire|correspondent|reporter|editor|staff|writer|times|post|press|service|bureau|tribune|journal|herald)\b/i;

/** Extracts an article from the text of a page. */
export function extractFromText(raw: string, options: TextExtractionOptions): ExtractedArticle {
  const hints = options.hints ?? {};
  const rawLines = readLines(normalizeText(raw), options.markdown ?? false);
  const signals: OutletSignals = { url: null, source: [], dateline: [], byline: [], copyright: [], siteName: [], email: [] };
  const lines = joinWrappedLines(takeUrl(rawLines, signals), options.markdown ?? false);
  const latin = isMostlyLatin(lines);
  const classified = lines.map((line) => classifyLine(line, latin, signals, options.outlets));

  const firstProse = classified.findIndex((l) => l.kind === 'text' && l.prose);
  const titleIndex = findTitle(classified, firstProse, hints.title ?? null);
  const title = hints.title ?? (titleIndex >= 0 ? classified[titleIndex]!.text : null);
  const bodyStart = findBodyStart(classified, titleIndex, firstProse, title);
  const header = classified.slice(0, bodyStart);

  let subtitle = hints.subtitle ?? findSubtitle(classified, titleIndex, bodyStart, title);
  const bylines = header.filter((l) => l.kind === 'byline');
  const author = hints.author ?? bylines.find((l) => l.author)?.author ?? null;
  for (const line of bylines) if (line.organisation) signals.byline.push(line.organisation);
  for (const line of classified) {
    if (line.kind === 'text' && line.words <= 4 && options.outlets.byName(line.text)) {
      signals.siteName.push(line.text);
    }
  }

  // A page's description is often its lead paragraph, not a standfirst: the body keeps it then.
  let paragraphs = bodyParagraphs(classified.slice(Math.max(bodyStart, titleIndex + 1)), [title, hints.subtitle ? null : subtitle]);
  if (hints.subtitle && paragraphs.slice(0, 3).some((p) => isLeadOf(hints.subtitle!, p))) subtitle = null;
  paragraphs = paragraphs.map((p, i) => (i === 0 ? stripDatelineTag(p, signals, options.outlets) : p));
  paragraphs = joinBrokenParagraphs(paragraphs).map(repairOpeningQuote);

  const url = hints.url ?? signals.url;
  signals.url = url;
  const published = hints.published ?? headerDate(header, titleIndex) ?? dateFromUrl(url);
  const outlet = hints.outlet ?? resolveOutlet(signals, options.outlets);
  return {
    title: title ?? fallbackTitle(paragraphs),
    subtitle: subtitle && !sameText(subtitle, title ?? '') ? subtitle : null,
    author,
    published,
    url,
    outlet,
    paragraphs,
  };
}

/** True when a description is the paragraph itself or its truncated beginning ("The crossing near…"). */
function isLeadOf(description: string, paragraph: string): boolean {
  if (sameText(description, paragraph)) return true;
  const start = comparableText(description.replace(/(?:\.\.\.|…)$/, ''));
  return start.length >= 40 && comparableText(paragraph).startsWith(start);
}

/** Splits normalized text into non-blank lines, reading markdown block syntax. */
function readLines(text: string, markdown: boolean): Line[] {
  const lines: Line[] = [];
  let blank = true;
  let inFence = false;
  for (const rawLine of text.split('\n')) {
    if (/^(?:```|~~~)/.test(rawLine)) {
      inFence = !inFence;
      blank = true;
      continue;
    }
    if (inFence) continue;
    let line = rawLine;
    if (line === '') {
      blank = true;
      continue;
    }
    if (markdown && /^(?:=+|-+)$/.test(line) && !blank && lines.length > 0) {
      // A setext underline makes the line above it a heading.
      lines[lines.length - 1]!.heading = line.startsWith('=') ? 1 : 2;
      blank = true;
      continue;
    }
    if (/^(?:[-*_]\s*){3,}$/.test(line)) {
      blank = true;
      continue;
    }
    let heading = 0;
    const headingMatch = /^(#{1,6})\s+(.*?)(?:\s+#+)?$/.exec(line);
    if (headingMatch) {
      heading = headingMatch[1]!.length;
      line = headingMatch[2]!;
    }
    line = line.replace(/^(?:>\s?)+/, '');
    let listItem = false;
    const listMatch = /^(?:[-*+•]|\d{1,3}[.)])\s+(?=\S)/.exec(line);
    if (listMatch && (markdown || !/^\d/.test(line))) {
      listItem = true;
      line = line.slice(listMatch[0].length);
    }
    line = unwrapMarkdownInline(line).trim();
    if (line === '') continue;
    lines.push({ text: line, blankBefore: blank, heading, listItem });
    blank = heading > 0;
  }
  return lines;
}

/** Takes the article's own URL from an "Original url:" style label and drops the label lines. */
function takeUrl(lines: Line[], signals: OutletSignals): Line[] {
  const kept: Line[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const labelled = URL_LABEL.exec(line.text);
    if (labelled) {
      signals.url ??= labelled[1]!;
      continue;
    }
    const next = lines[i + 1];
    if (URL_LABEL_ALONE.test(line.text) && next && /^<?https?:\/\/\S+>?$/.test(next.text)) {
      signals.url ??= next.text.replace(/^<|>$/g, '');
      i++;
      continue;
    }
    kept.push(line);
  }
  if (!signals.url) {
    // A bare link as the very first or last line of an export is the page it came from.
    const edge = [kept[0], kept.at(-1)].find((l) => l && /^<?https?:\/\/\S+>?$/.test(l.text));
    if (edge) signals.url = edge.text.replace(/^<|>$/g, '');
  }
  return kept;
}

/**
 * Joins the lines of one paragraph. In markdown every line of a block belongs to one paragraph;
 * in plain text only a hard-wrapped line (long, no final punctuation, next line lower-case) does.
 */
function joinWrappedLines(lines: Line[], markdown: boolean): Line[] {
  const joined: Line[] = [];
  for (const line of lines) {
    const previous = joined.at(-1);
    const continues =
      previous !== undefined &&
      !line.blankBefore &&
      line.heading === 0 &&
      previous.heading === 0 &&
      !line.listItem &&
      (markdown || (/^[\p{Ll}(]/u.test(line.text) && !TERMINAL.test(previous.text) && countWords(previous.text) >= 6)) &&
      !isFurnitureLine(line.text) &&
      !isFurnitureLine(previous.text);
    if (continues) previous.text = `${previous.text} ${line.text}`;
    else joined.push({ text: line.text, blankBefore: line.blankBefore, heading: line.heading, listItem: line.listItem });
  }
  return joined;
}

function isMostlyLatin(lines: Line[]): boolean {
  let latin = 0;
  let letters = 0;
  for (const line of lines) {
    const text = line.text;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code < 128) {
        if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) {
          latin++;
          letters++;
        }
      } else if (NON_ASCII_LETTER.test(text[i]!)) {
        letters++;
        if (LATIN.test(text[i]!)) latin++;
      }
    }
  }
  return latin * 5 >= letters * 4;
}

const NON_ASCII_LETTER = /\p{L}/u;
const LATIN = /\p{Script=Latin}/u;

/** Longest line (in words) that can be a dateline, byline, list marker or SOURCE line. */
const SHORT_LINE_WORDS = 16;

function classifyLine(raw: Line, latin: boolean, signals: OutletSignals, outlets: OutletDirectory): ClassifiedLine {
  const text = raw.text;
  const words = countWords(text);
  // A literal, not a spread: this runs for every line of every file.
  const line: ClassifiedLine = {
    text,
    blankBefore: raw.blankBefore,
    heading: raw.heading,
    listItem: raw.listItem,
    kind: 'text',
    words,
    prose: isProse(text, words),
  };
  if (text.includes('@')) for (const m of text.matchAll(EMAIL)) signals.email.push(m[1]!);
  if (words <= 40 && (text.includes('©') || /\(c\)\s*\d{4}|copyright/i.test(text))) {
    const name = COPYRIGHT_NAME.exec(text);
    if (name) signals.copyright.push(name[1]!.trim());
  }
  if (words <= SHORT_LINE_WORDS) {
    const source = SOURCE_LINE.exec(text);
    if (source) {
      signals.source.push(source[1]!);
      line.kind = 'source';
      return line;
    }
    if (isListMarker(text)) line.kind = 'marker';
    else if (isGluedListItem(text)) line.kind = 'glued';
    if (line.kind !== 'text') return line;
    const dated = datelineDate(text);
    if (dated) {
      line.kind = 'date';
      line.date = dated.date;
      line.banner = isPageBanner(text);
      return line;
    }
    const byline = readByline(text, outlets);
    if (byline) {
      line.kind = 'byline';
      line.author = byline.author;
      line.organisation = byline.organisation;
      return line;
    }
  }
  if (isFurnitureLine(text, words) || isForeignScriptSnippet(text, latin, words)) line.kind = 'furniture';
  return line;
}

/** Reads "By Name", "Name, Outlet News" and "Author: Name" lines. */
function readByline(text: string, outlets: OutletDirectory): { author: string | null; organisation: string | null } | null {
  if (countWords(text) > 14 || !/^\p{Lu}|^by\s|^(?:author|written|words|reporting|text)\b/iu.test(text)) return null;
  const labelled = BY_LINE.exec(text) ?? AUTHOR_LABEL.exec(text);
  if (labelled) {
    const [names, organisation] = splitNameAndOrganisation(labelled[1]!.replace(/\s+on$/i, ''));
    if (PERSON.test(names)) return { author: names, organisation };
    if (outlets.byName(names)) return { author: null, organisation: names };
    return null;
  }
  if (!text.includes(',') && !text.includes(' in ')) return null;
  const inPlace = NAME_IN_PLACE.exec(text);
  if (inPlace && countWords(text) <= 8) return { author: inPlace[1]!, organisation: null };
  const withOrg = NAME_COMMA_ORG.exec(text);
  if (withOrg && (outlets.byName(withOrg[2]!) || ORG_WORDS.test(withOrg[2]!)) && countWords(withOrg[2]!) <= 6) {
    return { author: withOrg[1]!, organisation: withOrg[2]! };
  }
  return null;
}

function splitNameAndOrganisation(text: string): [string, string | null] {
  const m = /^(.+?)\s*(?:,|\||\bfor\b|—|–| - )\s*(.+)$/.exec(text);
  if (m && PERSON.test(m[1]!.trim()) && !PERSON.test(text.trim())) return [m[1]!.trim(), m[2]!.trim()];
  return [text.trim(), null];
}

/** A sentence of running text rather than a headline, label or list item. */
function isProse(text: string, words = countWords(text)): boolean {
  return (words >= 8 && TERMINAL.test(text) && !/\?["”’)]*$/.test(text)) || words >= 30;
}

function isHeadlineLike(text: string): boolean {
  const words = countWords(text);
  return words >= 3 && words <= 30 && text.length <= 250 && !/[.,;:]$/.test(text);
}

function findTitle(lines: ClassifiedLine[], firstProse: number, known: string | null): number {
  const end = firstProse < 0 ? lines.length : firstProse;
  if (known) {
    return lines.findIndex((l, i) => i <= end + 2 && sameText(l.text, known));
  }
  const heading = lines.findIndex((l, i) => i < end && l.heading === 1);
  if (heading >= 0) return heading;
  const candidates = lines.flatMap((l, i) => (i < end && l.kind === 'text' && isHeadlineLike(l.text) ? [i] : []));
  const [first, second] = candidates;
  if (first === undefined) return -1;
  // Mastheads, taglines and navigation come above a headline; bylines and datelines come right under
  // it. A headline-like line followed only by such header lines before the story is the headline.
  const aboveHeader = candidates.findLast((i) => i > first && lines.slice(i + 1, end).some((l) => l.kind === 'byline' || l.kind === 'date') && onlyHeaderLinesBetween(lines, i, end));
  if (aboveHeader !== undefined && lines[aboveHeader]!.words >= 5) return aboveHeader;
  // A short line right above a longer headline is a section label ("War in Ukraine"), not the headline.
  if (second !== undefined && lines[first]!.words <= 4 && lines[second]!.words >= 5 && onlyHeaderLinesBetween(lines, first, second)) {
    return second;
  }
  return first;
}

function onlyHeaderLinesBetween(lines: ClassifiedLine[], from: number, to: number): boolean {
  for (let i = from + 1; i < to; i++) if (lines[i]!.kind === 'text') return false;
  return true;
}

/** Lines between a headline and its body that only belong to the header. */
function isHeaderLine(line: ClassifiedLine, title: string | null): boolean {
  return (
    line.kind === 'date' ||
    line.kind === 'byline' ||
    line.kind === 'furniture' ||
    (title !== null && sameText(line.text, title))
  );
}

/**
 * Where the body begins: the first prose paragraph after the headline, unless that paragraph is
 * a standfirst — prose followed by more header lines (the headline again, a dateline, a byline)
 * before the next prose.
 */
function findBodyStart(lines: ClassifiedLine[], titleIndex: number, firstProse: number, title: string | null): number {
  let candidate = firstProse > titleIndex ? firstProse : lines.findIndex((l, i) => i > titleIndex && l.kind === 'text' && l.prose);
  if (candidate < 0) return titleIndex + 1;
  for (let guard = 0; guard < 3; guard++) {
    let i = candidate + 1;
    let sawHeaderLine = false;
    while (i < lines.length && !(lines[i]!.kind === 'text' && lines[i]!.prose)) {
      const line = lines[i]!;
      if (isHeaderLine(line, title) && line.kind !== 'furniture') sawHeaderLine = true;
      else if (line.kind === 'marker' || line.kind === 'glued') break;
      i++;
    }
    if (!sawHeaderLine || i >= lines.length || !(lines[i]!.kind === 'text' && lines[i]!.prose)) return candidate;
    candidate = i;
  }
  return candidate;
}

function findSubtitle(lines: ClassifiedLine[], titleIndex: number, bodyStart: number, title: string | null): string | null {
  if (titleIndex < 0) return null;
  for (let i = titleIndex + 1; i < bodyStart; i++) {
    const line = lines[i]!;
    if (line.kind === 'text' && line.words >= 5 && !sameText(line.text, title ?? '')) return line.text;
  }
  return null;
}

/**
 * The article's date from the header: the first dateline after the headline; failing that the
 * last one above it, unless it is the page's "today" banner (weekday, time and zone).
 */
function headerDate(header: ClassifiedLine[], titleIndex: number): string | null {
  const dated = header.map((l, i) => ({ l, i })).filter(({ l }) => l.kind === 'date');
  const after = dated.find(({ i }) => i > titleIndex);
  if (after) return after.l.date!;
  const before = dated.filter(({ l, i }) => i < titleIndex && !l.banner).at(-1);
  return before?.l.date ?? null;
}

/**
 * Paragraphs of the body with furniture, repeated headline/standfirst and headline lists removed.
 * A list marker ("Explore", "Related") drops the run of headline-like lines after it; headline-like
 * lines left after the last paragraph of prose are such a list without its marker.
 */
function bodyParagraphs(lines: ClassifiedLine[], repeated: Array<string | null>): string[] {
  const repeatedTexts = repeated.filter((t): t is string => !!t);
  const kept: ClassifiedLine[] = [];
  let inList = false;
  for (const line of lines) {
    if (line.kind === 'marker') {
      inList = true;
      continue;
    }
    const prose = line.kind === 'text' && line.prose;
    if (inList && !prose) continue;
    inList = false;
    if (line.kind !== 'text') continue;
    if (repeatedTexts.some((t) => sameText(line.text, t))) continue;
    if (line.words <= 2 && !TERMINAL.test(line.text)) continue;
    kept.push(line);
  }
  let lastProse = kept.length - 1;
  while (lastProse >= 0 && isTrailingHeadline(kept[lastProse]!)) lastProse--;
  if (lastProse >= 0) kept.length = lastProse + 1;
  return kept.map((l) => l.text);
}

/**
 * A line after the story that reads like another story's headline (no full stop, not running text).
 * A line holding a sentence end before more text (a wire story's last quote followed by its
 * "REUTER" sign-off) is running text, however it ends.
 */
function isTrailingHeadline(line: ClassifiedLine): boolean {
  return !line.prose && line.heading === 0 && !/[.!…]["”’)\]]*$/.test(line.text) && !SENTENCE_END_INSIDE.test(line.text);
}

/** A sentence end inside a line: a word of two lower-case letters or more ("U.S." and "Mr." are not), its stop, then a capital or quote. */
const SENTENCE_END_INSIDE = /\p{Ll}{2}[.!?…]["”’)\]]*\s+["“‘(]?\p{Lu}/u;

/** Drops a leading "(Outlet)" dateline tag and records it as an outlet signal. */
function stripDatelineTag(paragraph: string, signals: OutletSignals, outlets: OutletDirectory): string {
  const tag = DATELINE_TAG.exec(paragraph);
  if (tag && outlets.byName(tag[1]!)) {
    signals.dateline.push(tag[1]!);
    return paragraph.slice(tag[0].length);
  }
  const cityTag = CITY_DATELINE_TAG.exec(paragraph);
  const name = cityTag?.[1] ?? cityTag?.[2];
  if (name && outlets.byName(name)) signals.dateline.push(name);
  return paragraph;
}

/**
 * The outlet from the strongest signal: the article's URL, a SOURCE line, a dateline tag, a
 * byline's organisation, a copyright line, a site-name line, a contact e-mail's domain.
 */
function resolveOutlet(signals: OutletSignals, outlets: OutletDirectory): string | null {
  if (signals.url) {
    const host = hostOf(signals.url);
    if (host) return outlets.byDomain(host) ?? host;
  }
  for (const source of signals.source) {
    const cleaned = source.replace(/\s*(?:,|and|&|\/|\+)\s*(?:agencies|wires|news agencies)\.?$/i, '').trim();
    const known = outlets.byName(cleaned);
    if (known) return known;
  }
  for (const list of [signals.dateline, signals.byline, signals.copyright, signals.siteName]) {
    for (const name of list) {
      const known = outlets.byName(name);
      if (known) return known;
    }
  }
  for (const domain of signals.email) {
    const known = outlets.byDomain(domain);
    if (known) return known;
  }
  const unknownSource = signals.source[0]?.replace(/\s*(?:,|and|&|\/)\s*agencies\.?$/i, '').trim();
  if (unknownSource && countWords(unknownSource) <= 5) return unknownSource;
  const unknownByline = signals.byline.find((o) => /\bnews\b|\bagency\b/i.test(o));
  return unknownByline ?? null;
}

function fallbackTitle(paragraphs: string[]): string | null {
  const first = paragraphs[0];
  if (!first) return null;
  const sentence = /^.*?[.!?](?=\s|$)/.exec(first)?.[0] ?? first;
  if (sentence.length <= 120) return sentence;
  const cut = sentence.slice(0, 120);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 60 ? cut.lastIndexOf(' ') : 120)}…`;
}
