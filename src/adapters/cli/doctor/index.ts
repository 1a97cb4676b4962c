import { redactSecrets, registerSecret } from '../../../log/index.js';
import { loadCoreConfig } from '../../../config/index.js';
import type { CoreConfig, ProgressCallback } from '../../../core/index.js';
import { checkArchive } from './archive-check.js';
import { checkConfigFiles, checkCorpus, checkLexicalData, checkDataDir, checkEnvironment, checkIndex, checkNode } from './local-checks.js';
import { checkDiscord, checkRedis, checkTelegram } from './service-checks.js';
import { skip, type CheckResult, type DoctorReport } from './types.js';

export type { CheckResult, DoctorReport } from './types.js';
export { compareCommands } from './service-checks.js';

export interface DoctorOptions {
  env?: NodeJS.ProcessEnv;
  /** Told how far reading the corpus folder has come (a large folder takes seconds). */
  onProgress?: ProgressCallback;
}

/**
 * Checks a set-up the way the bots will meet it, in the order an operator would fix it: Node.js,
 * the environment, the config files, the corpus and data folders, the persisted index, then each
 * configured service (Redis, Telegram, Discord, the PostgreSQL archive), the services at once.
 * Never throws for a problem it finds; tokens never appear in what it returns.
 */
export async function runDoctor(options: DoctorOptions = {}): Promise<DoctorReport> {
  const env = options.env ?? process.env;
  const checks: CheckResult[] = [checkNode()];
  const { result, config } = checkEnvironment(env);
  checks.push(result);
  if (!config) {
    const waiting = 'not checked: the configuration above is invalid';
    checks.push(...[['config-files', 'Config files'], ['corpus', 'Corpus folder'], ['data-dir', 'Data folder'], ['index', 'Persisted index'], ['services', 'Redis, Telegram, Discord, archive']].map(([id, title]) => skip(id!, title!, waiting)));
    return finish(checks);
  }
  registerSecret(config.telegram.token);
  registerSecret(config.discord.token);
  checks.push(checkConfigFiles(config.configDir), checkLexicalData());
  // The corpus is read, and the index checked, with the configuration the bots would use.
  let coreConfig: CoreConfig | undefined;
  try {
    coreConfig = loadCoreConfig(config.configDir);
  } catch {
    // The config-files check above names every problem.
  }
  const corpus = coreConfig
    ? await checkCorpus(config, coreConfig, options.onProgress)
    : { result: skip('corpus', 'Corpus folder', 'not checked: the config files above are invalid'), readable: false };
  checks.push(corpus.result);
  checks.push(await checkDataDir(config.dataDir));
  if (config.archive) checks.push(skip('index', 'Persisted index', 'not used: with ARCHIVE_URL the bots serve the archive'));
  else if (!coreConfig) checks.push(skip('index', 'Persisted index', 'not checked: the config files above are invalid'));
  else checks.push(corpus.readable ? checkIndex(config, coreConfig) : skip('index', 'Persisted index', 'not checked: the corpus folder cannot be read'));
  const [redis, telegram, discord, archive] = await Promise.all([checkRedis(config), checkTelegram(config), checkDiscord(config), checkArchive(config)]);
  checks.push(redis, ...telegram, ...discord, ...archive);
  return finish(checks);
}

function finish(checks: CheckResult[]): DoctorReport {
  const scrub = (text: string) => redactSecrets(text);
  const clean = checks.map((c) => ({
    ...c,
    detail: scrub(c.detail),
    ...(c.fix ? { fix: scrub(c.fix) } : {}),
    ...(c.items ? { items: c.items.map(scrub) } : {}),
  }));
  return { ok: clean.every((c) => c.status !== 'fail'), checks: clean };
}

/** Lines of a long list shown to people; --json has them all. */
const SHOWN_ITEMS = 20;
const MARK = { pass: '✓', fail: '✗', skip: '–' } as const;

/**
 * The report for people: one line per check (✓, ✗, or – when not configured), the
 * particulars indented under it, and for each failure one line saying what to do.
 */
export function formatDoctorReport(report: DoctorReport): string {
  const width = Math.max(...report.checks.map((c) => c.title.length));
  const indent = ' '.repeat(width + 4);
  const lines: string[] = [];
  for (const check of report.checks) {
    lines.push(`${MARK[check.status]} ${check.title.padEnd(width)}  ${check.detail}`);
    const items = check.items ?? [];
    for (const item of items.slice(0, SHOWN_ITEMS)) lines.push(`${indent}- ${item}`);
    if (items.length > SHOWN_ITEMS) lines.push(`${indent}… and ${items.length - SHOWN_ITEMS} more (--json lists all)`);
    if (check.fix) lines.push(`${indent}fix: ${check.fix}`);
  }
  const failed = report.checks.filter((c) => c.status === 'fail').length;
  lines.push('', failed === 0 ? 'All checks passed.' : `${failed} check${failed === 1 ? '' : 's'} failed.`);
  return lines.join('\n') + '\n';
}
