import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CoreConfig } from '../config.js';

/**
 * A cheap stand-in for what a snapshot was built from, in three parts so that a stale snapshot
 * can say why. `corpus` changes when a file of the corpus folder is added, removed, replaced or
 * edited (name, size, modification time, inode) or the ingestion limits change; `config` when the
 * configuration value (outlets, spellings, people, speech words) that shapes ingestion, the index
 * or the statements changes; `code` when the code
 * that builds them changes. Reading it costs one stat per file, so a start-up over an unchanged
 * folder never opens the article files.
 */
export interface Fingerprint {
  corpus: string;
  config: string;
  code: string;
}

export function corpusFingerprint(folders: string | readonly string[], options: { config: CoreConfig; maxFileBytes?: number }): Fingerprint {
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
  return { corpus: hash.digest('hex').slice(0, 32), config: configStamp(options.config), code: codeStamp() };
}

/** The parts of two fingerprints that differ, in words ("the corpus folder, the code"), or null when they match. */
export function fingerprintChanges(was: Fingerprint, now: Fingerprint): string | null {
  const changed = [
    was.corpus !== now.corpus && 'the corpus folder',
    was.config !== now.config && 'the configuration',
    was.code !== now.code && 'the code',
  ].filter((part): part is string => Boolean(part));
  return changed.length ? `${changed.join(', ')} changed` : null;
}

/**
 * What a snapshot holds comes from these parts of the core, the tables built from the
 * configuration included (question answering and the watcher do not count).
 */
const SNAPSHOT_CODE = /^(?:ingest|index|statements|snapshot)[\\/].*\.(?:js|ts)$|^(?:coverage|config)\.(?:js|ts)$/;

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

const configStamps = new WeakMap<CoreConfig, string>();

/** Hash of the configuration value (its JSON form), once per value. */
function configStamp(config: CoreConfig): string {
  let stamp = configStamps.get(config);
  if (!stamp) {
    stamp = createHash('sha256').update(JSON.stringify(config)).digest('hex').slice(0, 16);
    configStamps.set(config, stamp);
  }
  return stamp;
}
