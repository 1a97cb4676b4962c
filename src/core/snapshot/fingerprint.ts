import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configFile } from '../../config/index.js';

/**
 * A cheap stand-in for the corpus content: what a snapshot was built from. It changes when a
 * file of the corpus folder is added, removed, replaced or edited (name, size, modification time,
 * inode), when a config file that shapes ingestion, the index or the statements changes, when
 * the limits given to ingestion change, and when the core's code changes. Reading it costs one
 * stat per file, so a start-up over an unchanged folder never opens the article files.
 */
export function corpusFingerprint(corpusDir: string, options: { maxFileBytes?: number } = {}): string {
  const hash = createHash('sha256');
  hash.update(`corpus:${path.resolve(corpusDir)}\nmax:${options.maxFileBytes ?? 'default'}\n`);
  hash.update(`code:${codeStamp()}\nconfig:${configStamp()}\n`);
  const entries = readdirSync(corpusDir, { withFileTypes: true })
    .filter((e) => e.isFile() || e.isSymbolicLink())
    .map((e) => e.name)
    .sort();
  for (const name of entries) {
    try {
      // statSync follows symbolic links: a link whose target changes counts as a change.
      const info = statSync(path.join(corpusDir, name));
      hash.update(`${name}\0${info.size}\0${info.mtimeMs}\0${info.ino}\n`);
    } catch {
      hash.update(`${name}\0unreadable\n`);
    }
  }
  return hash.digest('hex').slice(0, 32);
}

let code: string | undefined;

/**
 * Hash of the core's own source (or built) files, read once per process. A snapshot holds the
 * results of ingestion, indexing and statement extraction, so any change to that code makes it
 * stale; INDEX_FORMAT stays the explicit switch for changes to the snapshot's meaning.
 */
function codeStamp(): string {
  if (code) return code;
  const coreDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const hash = createHash('sha256');
  const files = readdirSync(coreDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(?:js|ts)$/.test(f) && !f.endsWith('.d.ts'))
    .sort();
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(path.join(coreDir, file))).update('\0');
  code = hash.digest('hex').slice(0, 16);
  return code;
}

/**
 * Hash of every JSON file in the config folder (outlets, variants, synonyms, people, speech...),
 * read on each call: an operator may edit one while the bot runs. Cheap next to a rebuild.
 */
function configStamp(): string {
  const dir = path.dirname(configFile('outlets.json'));
  const hash = createHash('sha256');
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  } catch {
    return 'none';
  }
  for (const name of names) {
    try {
      hash.update(`${name}\0`).update(readFileSync(path.join(dir, name))).update('\0');
    } catch {
      hash.update(`${name}\0unreadable\0`);
    }
  }
  return hash.digest('hex').slice(0, 16);
}
