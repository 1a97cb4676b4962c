import { createRequire } from 'node:module';
import type WinkFn from 'wink-nlp';
import type { Model, WinkMethods } from 'wink-nlp';

/**
 * A wink-nlp instance whose tokens and sentences depend on the text alone.
 *
 * wink's tokenizer decides some splits by asking its lexicon whether a piece is a known word: "U.K."
 * stays one token (and no sentence ends there) while "U.K" is unknown. But every instance also adds
 * each unknown word it meets to that lexicon, so its answer changes with what the process has read:
 * after "the U.K's note" anywhere, "LONDON - U.K. Producer prices rose" became two sentences. The
 * same article was then cut differently by a fresh build, a live update and an eval run that read
 * another corpus first. Here the tokenizer's test sees only the model's own lexicon; unknown words
 * are still added, for their properties, as before.
 */
export function createWink(pipe: string[]): WinkMethods {
  const require = createRequire(import.meta.url);
  const winkNLP = require('wink-nlp') as typeof WinkFn;
  const instance = winkNLP(sharedModel(require), pipe);
  tokenizeByModelLexicon(instance);
  return instance;
}

let model: Model | undefined;

/**
 * The English model, with its custom-entity data read once: the model's loader turns that data into
 * a string anew on every instance (JSON.stringify of its own last result), so it doubles in size
 * each time and the 21st instance of a process fails with "Invalid string length".
 */
function sharedModel(require: NodeJS.Require): Model {
  if (!model) {
    const original = require('wink-eng-lite-web-model') as Model & { metaCER: () => unknown };
    let entities: unknown;
    model = { ...original, metaCER: () => (entities ??= original.metaCER()) } as Model;
  }
  return model;
}

/** A document's `tokens().out`: what reaches the cache (wink's typings know only its own `its` and `as` helpers). */
type TokensOut = ReturnType<ReturnType<WinkMethods['readDoc']>['tokens']>['out'];

/** wink's per-instance lexicon cache, as a token's `out` function sees it (its second argument's `cache`). */
interface WinkCache {
  lookup(text: string): number[] | null;
  add(text: string, category: number): number;
  intrinsicSize(): number;
}

/**
 * Makes the tokenizer's lexicon test (the cache's `lookup`, which wink's document builder calls
 * through the shared cache object) answer "unknown" for words the instance added itself. While a
 * word is being added, the model's feature code looks up its lower-case form, just added: there
 * the full lookup answers, as before.
 */
function tokenizeByModelLexicon(instance: WinkMethods): void {
  let cache: WinkCache | undefined;
  const reach = ((_index: number, rdd: { cache?: WinkCache }) => {
    cache = rdd.cache;
    return '';
  }) as unknown as Parameters<TokensOut>[0];
  // wink calls a function of one's own only when the tokens are put out as text.
  const asText = (instance.as as unknown as { text: Parameters<TokensOut>[1] }).text;
  instance.readDoc('x').tokens().out(reach, asText);
  if (!cache || typeof cache.lookup !== 'function' || typeof cache.add !== 'function' || typeof cache.intrinsicSize !== 'function') {
    throw new Error('coverage-bot: this wink-nlp version keeps its lexicon elsewhere; src/core/ingest/wink.ts needs updating.');
  }
  const lookup = cache.lookup.bind(cache);
  const add = cache.add.bind(cache);
  const intrinsic = cache.intrinsicSize();
  let adding = 0;
  cache.add = (text, category) => {
    adding += 1;
    try {
      return add(text, category);
    } finally {
      adding -= 1;
    }
  };
  // A word of the model's own lexicon has an index below its size; a contraction has its expansions.
  cache.lookup = (text) => {
    const found = lookup(text);
    return adding === 0 && found !== null && found.length === 1 && found[0]! >= intrinsic ? null : found;
  };
}
