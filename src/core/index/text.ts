import { createRequire } from 'node:module';
import type { ItsFunction, WinkMethods } from 'wink-nlp';
import { foldText } from '../ingest/fold.js';
import { createWink } from '../ingest/wink.js';
import { loadWordNet, loadWordVectors, type WordNet, type WordVectors } from '../lexicon/index.js';

export { foldText };

/**
 * Text processing shared by indexing and querying: one wink-nlp instance (created on first use)
 * tokenizes; every word is folded (lowercase, no diacritics, one quote and hyphen style), mapped to
 * its canonical spelling (the configuration's spellings and people's surnames: see `configured`
 * in src/core/config.ts), and reduced to a search term (stem of its lemma).
 */

let nlpInstance: WinkMethods | undefined;

/** The one wink-nlp instance of the process; loading the model costs ~150 ms, so it waits for first use. */
export function nlp(): WinkMethods {
  if (!nlpInstance) {
    // Loaded on demand so that commands which never analyse text start fast.
    nlpInstance = createWink(['sbd', 'pos', 'ner']);
  }
  return nlpInstance;
}

let stemmer: ((word: string) => string) | undefined;

/** The model's Porter stemmer, as `its.stem` applies it to a token. */
function stem(word: string): string {
  if (!stemmer) {
    const require = createRequire(import.meta.url);
    stemmer = (require('wink-eng-lite-web-model') as { addons: { stem(word: string): string } }).addons.stem;
  }
  return stemmer(word);
}


/**
 * Function words that carry no topic. Deliberately short (wink's own list also drops content words
 * such as "call" and "show", which questions about news do need).
 */
const STOPWORDS = new Set(
  (
    'a an the and or but nor if then than so as of at by for from in into on onto off out over under ' +
    'to up down with without within about above below between among through during before after ' +
    'since until upon via per against toward towards across along around behind beyond near ' +
    'i me my mine myself we us our ours ourselves you your yours yourself yourselves he him his ' +
    'himself she her hers herself it its itself they them their theirs themselves one ones ' +
    'this that these those there here who whom whose which what when where why how whether ' +
    'am is are was were be been being have has had having do does did doing done ' +
    'will would shall should can could may might must ought ' +
    'not no yes very too also just only even still yet ever ' +
    'all any both each few more most other some such own same ' +
    'again further once else anything something nothing everything ' +
    'many much let lets s t d ll m re ve o y ca wo'
  ).split(/\s+/),
);

const MONTHS = new Set([
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october',
  'november', 'december',
]);

/** One token of analysed text. `term` is null for punctuation and stopwords. */
export interface AnalyzedToken {
  /** The token as written. */
  text: string;
  /** Folded and mapped to its canonical spelling. */
  folded: string;
  term: string | null;
  kind: 'word' | 'number' | 'punctuation' | 'other';
  /** Starts with a capital letter and is not the first word of its sentence: likely a name. */
  proper: boolean;
  /** Universal part-of-speech tag from wink (only when asked for: it costs time while indexing). */
  pos?: string;
}

/** Spelling variants and related names the analyzer uses (plain data: see `lexiconFromGroups`). */
export interface Lexicon {
  /** Folded form → canonical folded form. */
  variants: ReadonlyMap<string, string>;
  /** Folded word → other folded words of the same news-domain group (Moscow, Kremlin, Russia). */
  synonyms: ReadonlyMap<string, readonly string[]>;
}

/** Builds a lexicon from plain groups of equivalent forms (variants) and related words (synonyms). */
export function lexiconFromGroups(variantGroups: string[][], synonymGroups: string[][] = []): Lexicon {
  const variants = new Map<string, string>();
  for (const group of variantGroups) {
    const canonical = foldText(group[0]!);
    for (const form of group) {
      variants.set(foldText(form), canonical);
      variants.set(foldText(form).replace(/\./g, ''), canonical);
    }
  }
  const synonyms = new Map<string, string[]>();
  for (const group of synonymGroups) {
    const forms = group.map(foldText);
    for (const form of forms) {
      const others = synonyms.get(form) ?? [];
      for (const other of forms) if (other !== form && !others.includes(other)) others.push(other);
      synonyms.set(form, others);
    }
  }
  return { variants, synonyms };
}

export interface AnalyzerOptions {
  /**
   * General-English relations for query expansion (default: WordNet from src/core/lexicon); null
   * turns them off, leaving only the lexicon's own groups.
   */
  wordnet?: WordNet | null;
  /** Word vectors that weigh WordNet's relations by how close they are in use (default: src/core/lexicon's). */
  vectors?: WordVectors;
}

/** A search term related to a query word, and how close (1 for the lexicon's own groups). */
export interface RelatedTerm {
  term: string;
  /** Cosine similarity of the two words' vectors, in (RELATED_FLOOR, 1]. */
  similarity: number;
}

/**
 * WordNet relations whose word vectors are less similar than this are dropped. WordNet lists every
 * sense: "three" is also "leash" (0.06) and "trine" (-0.22), "meet" also "fit" (0.14), while the
 * relations a news question means stay well above it (negotiating/negotiation 0.79, country/nation
 * 0.88, remarks/comment 0.70, truce/ceasefire 0.92). Words outside the 100k vector vocabulary
 * (0 by definition) are rare enough to go too.
 */
const RELATED_FLOOR = 0.5;
/** At most this many WordNet relations of one query word are searched (each costs a posting-list walk). */
const MAX_RELATED_PER_WORD = 6;

interface WordInfo {
  canonical: string;
  term: string;
  stop: boolean;
}

/** Turns text into tokens and search terms. Caches per word form, so reuse one analyzer per lexicon. */
export interface Analyzer {
  lexicon: Lexicon;
  /** Every token, with its term (null for punctuation and stopwords), and its part of speech when `withPos`. */
  tokens(text: string, withPos?: boolean): AnalyzedToken[];
  /** Only the terms, in reading order: the fast path used while indexing. */
  terms(text: string): string[];
  /** The search term of a single word (null for a stopword). */
  termOf(word: string): string | null;
  /**
   * Search terms related to a word (as folded in `AnalyzedToken.folded`): the lexicon's groups first,
   * then WordNet's synonyms, derivations and pertainyms closest in use first; never the word's own term.
   */
  relatedTerms(folded: string): readonly RelatedTerm[];
}

/** Creates an analyzer over a lexicon (the project's: `configured(config).analyzer` in src/core/config.ts). */
export function createAnalyzer(lexicon: Lexicon, options: AnalyzerOptions = {}): Analyzer {
  const words = new Map<string, WordInfo>();
  let wordnet = options.wordnet;
  let vectors = options.vectors;

  function wordInfo(folded: string): WordInfo {
    let info = words.get(folded);
    if (info) return info;
    const canonical = lexicon.variants.get(folded) ?? lexicon.variants.get(folded.replace(/\./g, '')) ?? folded.replace(/\./g, '');
    const doc = nlp().readDoc(canonical);
    const its = nlp().its;
    const stop = STOPWORDS.has(canonical) || canonical.length < 2;
    // The typings of wink's its.lemma/its.stem do not match `out`'s parameter type; the calls are the documented ones.
    const lemmaOf = its.lemma as unknown as ItsFunction<string>;
    const stemOf = its.stem as unknown as ItsFunction<string>;
    const lemma = doc.tokens().out(lemmaOf).join('');
    const stem = lemma === canonical ? doc.tokens().out(stemOf).join('') : nlp().readDoc(lemma).tokens().out(stemOf).join('');
    info = { canonical, term: stem || canonical, stop };
    if (words.size > 500_000) words.clear();
    words.set(folded, info);
    return info;
  }

  const relatedByWord = new Map<string, readonly RelatedTerm[]>();
  function relatedTerms(folded: string): readonly RelatedTerm[] {
    const known = relatedByWord.get(folded);
    if (known) return known;
    const own = wordInfo(folded);
    const out: RelatedTerm[] = [];
    const seen = new Set([own.term]);
    const termOf = (word: string) => {
      const info = wordInfo(foldText(word));
      return info.stop || seen.has(info.term) ? null : info.term;
    };
    for (const other of lexicon.synonyms.get(own.canonical) ?? []) {
      const term = termOf(other);
      if (term) out.push({ term, similarity: 1 });
      if (term) seen.add(term);
    }
    if (wordnet === undefined) wordnet = loadWordNet();
    if (wordnet) {
      vectors ??= loadWordVectors();
      // WordNet gives lemmas already, so their term is only their stem: no wink document needed
      // (a document per word costs ~0.5 ms, the stem ~0.02 ms).
      const lemmaTerm = (lemma: string) => {
        const canonical = lexicon.variants.get(lemma) ?? lemma;
        if (STOPWORDS.has(canonical) || canonical.length < 2) return null;
        const term = stem(canonical) || canonical;
        return seen.has(term) ? null : term;
      };
      const candidates = wordnet.related(own.canonical)
        .map((lemma) => ({ lemma, similarity: vectors!.similarity(own.canonical, lemma) }))
        .filter((c) => c.similarity >= RELATED_FLOOR)
        .sort((a, b) => b.similarity - a.similarity);
      let added = 0;
      for (const { lemma, similarity } of candidates) {
        if (added === MAX_RELATED_PER_WORD) break;
        const term = lemmaTerm(lemma);
        if (!term) continue;
        seen.add(term);
        out.push({ term, similarity });
        added += 1;
      }
    }
    if (relatedByWord.size > 100_000) relatedByWord.clear();
    relatedByWord.set(folded, out);
    return out;
  }

  interface FormInfo {
    kind: 'word' | 'number' | 'other';
    folded: string;
    info: WordInfo | null;
    capitalized: boolean;
    acronym: boolean;
    month: boolean;
  }
  // Per written form (case kept): indexing meets the same forms again and again.
  const forms = new Map<string, FormInfo>();

  function formInfo(value: string): FormInfo {
    let form = forms.get(value);
    if (form) return form;
    if (/^\d/.test(value)) {
      const folded = value.replace(/,/g, '').replace(/^0+(?=\d)/, '');
      form = { kind: 'number', folded, info: null, capitalized: false, acronym: false, month: false };
    } else {
      const folded = foldText(value);
      if (!/[\p{L}\p{N}]/u.test(folded)) {
        form = { kind: 'other', folded, info: null, capitalized: false, acronym: false, month: false };
      } else {
        const info = wordInfo(folded);
        const capitalized = /^\p{Lu}/u.test(value);
        const acronym = value.length >= 2 && /^[\p{Lu}.]+$/u.test(value) && /\p{Lu}.*\p{Lu}/u.test(value);
        form = { kind: 'word', folded: info.canonical, info, capitalized, acronym, month: capitalized && MONTHS.has(info.canonical) };
      }
    }
    if (forms.size > 1_000_000) forms.clear();
    forms.set(value, form);
    return form;
  }

  function tokens(text: string, withPos = false): AnalyzedToken[] {
    const out: AnalyzedToken[] = [];
    const starts: number[] = [];
    let sentenceStart = true;
    for (const match of text.matchAll(TOKEN)) {
      let value = match[0];
      if (/^[.!?]/.test(value)) {
        out.push({ text: value, folded: value, term: null, kind: 'punctuation', proper: false });
        starts.push(match.index);
        sentenceStart = true;
        continue;
      }
      // Clitics as wink splits them: "Russia's" is "Russia" + "'s", "don't" is "do" + "n't".
      value = value.replace(CLITIC, '');
      if (!value) continue;
      const form = formInfo(value);
      starts.push(match.index);
      if (form.kind === 'number') {
        out.push({ text: value, folded: form.folded, term: form.folded, kind: 'number', proper: false });
      } else if (form.kind === 'other' || !form.info) {
        out.push({ text: value, folded: form.folded, term: null, kind: 'other', proper: false });
      } else {
        const proper = form.capitalized && (!sentenceStart || form.acronym);
        const keep = !form.info.stop || form.acronym || (form.month && !sentenceStart);
        out.push({ text: value, folded: form.folded, term: keep ? form.info.term : null, kind: 'word', proper });
      }
      sentenceStart = false;
    }
    if (withPos) tagParts(text, out, starts);
    return out;
  }

  return {
    lexicon,
    tokens,
    relatedTerms,
    terms: (text) => {
      const terms: string[] = [];
      let sentenceStart = true;
      for (const match of text.matchAll(TOKEN)) {
        const raw = match[0];
        if (raw.charCodeAt(0) === 46 || raw === '!' || raw === '?' || /^[.!?]/.test(raw)) {
          sentenceStart = true;
          continue;
        }
        const value = raw.includes("'") || raw.includes('’') ? raw.replace(CLITIC, '') : raw;
        if (!value) continue;
        const form = formInfo(value);
        if (form.kind === 'number') terms.push(form.folded);
        else if (form.info && (!form.info.stop || form.acronym || (form.month && !sentenceStart))) terms.push(form.info.term);
        sentenceStart = false;
      }
      return terms;
    },
    termOf: (word) => {
      const folded = foldText(word);
      const info = wordInfo(folded);
      return info.stop ? null : info.term;
    },
  };
}

/**
 * Words (with inner apostrophes), dotted abbreviations ("U.S."), numbers with separators, and
 * sentence-ending punctuation. Hyphens split words ("30-day" is "30" and "day", as in wink).
 */
const TOKEN = /(?:\p{L}\.){2,}|\d+(?:[.,:]\d+)*|[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{M}]+)*|[.!?]+/gu;
const CLITIC = /(?:n['’]t|['’](?:s|ll|re|ve|d|m))$/iu;

/**
 * The words of a text as written, folded (foldText) and without clitics, numbers and punctuation
 * left out: what the index's exact-form bonus compares, where search terms conflate forms.
 */
export function* writtenForms(text: string): Generator<string> {
  for (const match of foldText(text).matchAll(TOKEN)) {
    const value = match[0];
    const first = value.charCodeAt(0);
    // Numbers (0-9) and sentence punctuation are terms already; only words have forms to tell apart.
    if ((first >= 48 && first <= 57) || first === 46 || first === 33 || first === 63) continue;
    const form = value.includes("'") ? value.replace(CLITIC, '') : value;
    if (form) yield form;
  }
}

/** Adds wink's part-of-speech tags to tokens, matching wink's tokens to ours by position in the text. */
function tagParts(text: string, tokens: AnalyzedToken[], starts: number[]): void {
  const doc = nlp().readDoc(text);
  const values = doc.tokens().out(nlp().its.value);
  const tags = doc.tokens().out(nlp().its.pos);
  const tagAt = new Map<number, string>();
  let cursor = 0;
  values.forEach((value, i) => {
    const at = text.indexOf(value, cursor);
    if (at < 0) return;
    tagAt.set(at, tags[i]!);
    cursor = at + value.length;
  });
  tokens.forEach((token, i) => {
    token.pos = tagAt.get(starts[i]!) ?? (token.kind === 'number' ? 'NUM' : 'X');
  });
}
