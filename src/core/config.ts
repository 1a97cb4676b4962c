import { createOutletDirectory, type OutletDirectory } from './ingest/outlets.js';
import { createAnalyzer, lexiconFromGroups, type Analyzer } from './index/text.js';
import { buildLexicon, surnameSpellings, type Lexicon as SpeakerLexicon } from './statements/lexicon.js';

/**
 * The configuration the core works from, as plain data. The core never reads it from files or
 * the environment: src/config reads and validates it once (the project's config/ folder, or
 * CONFIG_DIR) and the callers pass it to the core's entry points; tests may pass their own.
 *
 * @example
 * const config = loadCoreConfig(); // src/config
 * const coverage = buildCoverage(await readCorpus(dir, { config }), { config });
 */
export interface CoreConfig {
  /** Known news outlets: how to recognise them by domain or by a name a page writes (config/outlets.json). */
  outlets: OutletConfig[];
  /** The people gazetteer: names, spellings, roles (config/people.json). */
  people: PersonConfig[];
  /** The words statement extraction reads speech by: verbs, roles, organisations (config/speech.json). */
  speech: SpeechConfig;
  /** Groups of spellings of one name, the canonical one first (config/variants.json): Kyiv/Kiev, Türkiye/Turkey. */
  spellings: string[][];
  /** Groups of news-domain names that stand for each other in a search (config/synonyms.json): Moscow/Kremlin/Russia. */
  related: string[][];
  // Not here: WordNet and the word vectors (src/core/lexicon) and the fitted answer model. They are
  // built from pinned npm packages or by `npm run train`, versioned with the code like the wink
  // model, and nobody edits them per deployment; the core reads them as its own package data.
}

export interface OutletConfig {
  name: string;
  /** Host names (sub-domains match too). */
  domains: string[];
  /** Other names a page may write for it ("Bloomberg News"). */
  aliases: string[];
}

export interface PersonConfig {
  name: string;
  /** Other spellings of the full name. */
  variants: string[];
  /** The names the person goes by alone; default: the last word of the name and of each variant. */
  surnames?: string[];
  roles: string[];
  gender?: 'm' | 'f' | null;
}

/** Word lists of statement extraction (see config/speech.json and the README's "Configuration"). */
export interface SpeechConfig {
  clauseVerbs: string[];
  objectVerbs: string[];
  participles: string[];
  passiveVerbs: string[];
  audiences: string[];
  roleWords: string[];
  roleHeads: string[];
  relationalRoleHeads: string[];
  organizations: { name: string; aliases: string[] }[];
  notNames: string[];
  /** Role word or phrase → the word it stands for ("pm" → "prime minister"). */
  roleSynonyms: Record<string, string>;
  clauseOrObjectVerbs: string[];
  infinitiveVerbs: string[];
  auxiliaries: string[];
}

/** What the core builds from a configuration: the lookup tables its parts use. */
export interface ConfiguredCore {
  outlets: OutletDirectory;
  /** People, speech verbs and roles, for statements and speaker matching. */
  speakers: SpeakerLexicon;
  /** Text analysis of the index and of questions: folding, spellings (the config's and people's surnames), stems. */
  analyzer: Analyzer;
}

const built = new WeakMap<CoreConfig, ConfiguredCore>();

/**
 * The lookup tables of a configuration, built on first use and kept for as long as the value is
 * (the analyzer caches every word it has seen, so one value should serve a whole process).
 */
export function configured(config: CoreConfig): ConfiguredCore {
  let core = built.get(config);
  if (!core) {
    const speakers = buildLexicon(config.people, config.speech);
    // People's name spellings live once, in the gazetteer; the index reads them from there.
    const analyzer = createAnalyzer(lexiconFromGroups([...config.spellings, ...surnameSpellings(speakers.people)], config.related));
    core = { outlets: createOutletDirectory(config.outlets), speakers, analyzer };
    built.set(config, core);
  }
  return core;
}
