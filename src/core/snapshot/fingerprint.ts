import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configFile } from '../../config/index.js';

/**
 * A cheap stand-in for what a snapshot was built from, in three parts so that a stale snapshot
 * can say why. `corpus` changes when a file of the corpus folder is added, removed, replaced or
 * edited (name, size, modification time, inode) or the ingestion limits change; `config` when a
 * config file that shapes ingestion, the index or the statements changes; `code` when the code
 * that builds them changes. Reading it costs one stat per file, so a start-up over an unchanged
 * folder never opens the article files.
 */
export interface Fingerprint {
  corpus: string;
  config: string;
  code: string;
}

export function corpusFingerprint(folders: string | readonly string[], options: { maxFileBytes?: number } = {}): Fingerprint {
  const hash = createHash('sha256');
  const dirs = typeof folders === 'string' ? [folders] : folders;
  hash.update(`max:${options.maxFileBytes ?? 'default'}\n`);
  for (const corpusDir of dirs) {
    hash.update(`corpus:${path.resolve(corpusDir)}\n`);
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
  }
  return { corpus: hash.digest('hex').slice(0, 32), config: configStamp(), code: codeStamp() };
}

/** The parts of two fingerprints that differ, in words ("the corpus folder, the code"), or null when they match. */
export function fingerprintChanges(was: Fingerprint, now: Fingerprint): string | null {
  const changed = [
    was.corpus !== now.corpus && 'the corpus folder',
    was.config !== now.config && 'the config files',
    was.code !== now.code && 'the code',
  ].filter((part): part is string => Boolean(part));
  return changed.length ? `${changed.join(', ')} changed` : null;
}

/** What a snapshot holds comes from these parts of the core (question answering and the watcher do not count). */
const SNAPSHOT_CODE = /^(?:ingest|index|statements|snapshot)[\\/].*\.(?:js|ts)$|^coverage\.(?:js|ts)$/;

let code: string | undefined;

/**
 * Hash of the code that ingests, indexes and extracts statements (sources under tsx, built files
 * under node), read once per process. A snapshot holds that code's results, so any change to it
 * makes the snapshot stale; INDEX_FORMAT stays the explicit switch for a change of meaning.
 */
function codeStamp(): string {
  if (code) return code;
  const coreDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const hash = createHash('sha256');
  const files = readdirSync(coreDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => SNAPSHOT_CODE.test(f) && !f.endsWith('.d.ts'))
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
