import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { CoreConfig } from '../core/index.js';

/** Thrown when the environment or a config file is invalid; `problems` has one line per bad value. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The project folder (holds config/ and seeds/), found from this file in src/ or in dist/ alike. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The config folder: `CONFIG_DIR`, default the project's config/. */
export function configFolder(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.CONFIG_DIR?.trim() || path.join(projectRoot, 'config'));
}

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const positiveInt = (fallback: number) =>
  z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').positive('must be above 0').default(fallback);

const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .optional()
  .or(z.literal('').transform(() => undefined));

/**
 * Defaults of the limits the service's policy takes from the configuration (src/service/policy.ts
 * reads them here, so each is set once).
 */
export const LIMIT_DEFAULTS = {
  /** Characters: a question in a sentence or two, with room to spare. */
  maxQuestionLength: 500,
  /** 25 is Discord's own cap on choices in a list, which /unsubscribe autocompletes from. */
  subscriptionsPerChatMax: 25,
  feedbackRetentionDays: 90,
} as const;

const envSchema = z.object({
  CORPUS_DIR: optionalString,
  DATA_DIR: z.string().trim().min(1).default('data'),
  CONFIG_DIR: z.string().trim().min(1).default(path.join(projectRoot, 'config')),
  KEYV_URL: z
    .string()
    .trim()
    .regex(/^(rediss?:\/\/.+)?$/, 'must be a redis:// or rediss:// URL (or empty for the embedded store)')
    .optional(),
  ARCHIVE_URL: z
    .string()
    .trim()
    .regex(/^(postgres(ql)?:\/\/.+)?$/, 'must be a postgres:// or postgresql:// URL (or empty for the embedded coverage folder)')
    .optional(),
  ARCHIVE_READ_URL: z
    .string()
    .trim()
    .regex(/^(postgres(ql)?:\/\/.+)?$/, 'must be a postgres:// or postgresql:// URL of a replica (or empty to read from ARCHIVE_URL)')
    .optional(),
  HOT_PASSAGES: positiveInt(100_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAX_QUESTION_LENGTH: positiveInt(LIMIT_DEFAULTS.maxQuestionLength),
  RATE_LIMIT_PER_MINUTE: positiveInt(10),
  CONTEXT_TTL_MINUTES: positiveInt(60),
  SUBSCRIPTIONS_PER_CHAT_MAX: positiveInt(LIMIT_DEFAULTS.subscriptionsPerChatMax),
  FEEDBACK_RETENTION_DAYS: positiveInt(LIMIT_DEFAULTS.feedbackRetentionDays),
  ADMIN_USER_IDS: z
    .string()
    .trim()
    .regex(/^(\d{1,20}(\s*,\s*\d{1,20})*)?$/, 'must be Telegram user ids (digits) separated by commas')
    .optional(),
  MAX_FILE_BYTES: positiveInt(5_000_000),
  TELEGRAM_BOT_TOKEN: optionalString,
  TELEGRAM_API_ROOT: httpUrl,
  TELEGRAM_WEBHOOK_URL: httpUrl,
  TELEGRAM_WEBHOOK_SECRET: optionalString,
  TELEGRAM_WEBHOOK_PORT: positiveInt(8443),
  TELEGRAM_WEBHOOK_HOST: z.string().trim().min(1).default('0.0.0.0'),
  DISCORD_TOKEN: optionalString,
  DISCORD_APP_ID: optionalString,
  DISCORD_GUILD_ID: optionalString,
  DISCORD_API_URL: httpUrl,
});

export type Env = z.infer<typeof envSchema>;

/** The sample coverage shipped with the project (git-tracked; never written to). */
export const SAMPLE_CORPUS_DIR = path.join(projectRoot, 'seeds');

/** The user's own coverage folder inside the data folder, when CORPUS_DIR is not set. */
export const USER_CORPUS_FOLDER = 'corpus';

export interface Config {
  /**
   * The folder `ingest` writes into: CORPUS_DIR, else DATA_DIR/corpus (the user's folder; never
   * the git-tracked seeds/).
   */
  corpusDir: string;
  /**
   * The folders served, read in this order: [CORPUS_DIR] when it is set, else the sample seeds
   * and the user's folder DATA_DIR/corpus, so a fresh clone answers about the seeds plus
   * whatever was ingested.
   */
  corpusDirs: string[];
  dataDir: string;
  configDir: string;
  keyvUrl: string | undefined;
  /** The shared PostgreSQL archive; undefined: the coverage folder only, as embedded. */
  archive: { url: string; readUrl: string | undefined; hotPassages: number } | undefined;
  logLevel: Env['LOG_LEVEL'];
  maxQuestionLength: number;
  rateLimitPerMinute: number;
  contextTtlMs: number;
  maxFileBytes: number;
  /** How many speakers or topics one chat or channel may follow (SUBSCRIPTIONS_PER_CHAT_MAX). */
  subscriptionsPerChatMax: number;
  /** How long answer ratings and the question log are kept (FEEDBACK_RETENTION_DAYS). */
  feedbackRetentionDays: number;
  /** Telegram user ids allowed to use /report (ADMIN_USER_IDS); Discord uses the Manage Server permission. */
  adminUserIds: string[];
  telegram: {
    token: string | undefined;
    apiRoot: string | undefined;
    webhookUrl: string | undefined;
    webhookSecret: string | undefined;
    webhookPort: number;
    webhookHost: string;
  };
  discord: {
    token: string | undefined;
    appId: string | undefined;
    guildId: string | undefined;
    apiUrl: string | undefined;
  };
}

/**
 * Reads and validates the environment once at start-up. Every bad value is reported, each on its
 * own line naming the variable, instead of failing on the first.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'}: ${issue.message}`),
    );
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.TELEGRAM_WEBHOOK_URL && !e.TELEGRAM_WEBHOOK_SECRET) {
    problems.push('TELEGRAM_WEBHOOK_SECRET: required when TELEGRAM_WEBHOOK_URL is set (every webhook request is checked against it)');
  }
  if (e.TELEGRAM_WEBHOOK_SECRET && !/^[A-Za-z0-9_-]{1,256}$/.test(e.TELEGRAM_WEBHOOK_SECRET)) {
    problems.push('TELEGRAM_WEBHOOK_SECRET: only A-Z, a-z, 0-9, _ and - are allowed, 1 to 256 characters');
  }
  if (e.DISCORD_TOKEN && !e.DISCORD_APP_ID) {
    problems.push('DISCORD_APP_ID: required when DISCORD_TOKEN is set (the application id from the developer portal)');
  }
  if (e.ARCHIVE_READ_URL && !e.ARCHIVE_URL) {
    problems.push('ARCHIVE_READ_URL: needs ARCHIVE_URL too (the primary, which ingest writes to and which announces new coverage)');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const dataDir = path.resolve(e.DATA_DIR);
  const userCorpus = e.CORPUS_DIR ? path.resolve(e.CORPUS_DIR) : path.join(dataDir, USER_CORPUS_FOLDER);
  return {
    corpusDir: userCorpus,
    corpusDirs: e.CORPUS_DIR ? [userCorpus] : [SAMPLE_CORPUS_DIR, userCorpus],
    dataDir,
    configDir: path.resolve(e.CONFIG_DIR),
    keyvUrl: e.KEYV_URL || undefined,
    archive: e.ARCHIVE_URL ? { url: e.ARCHIVE_URL, readUrl: e.ARCHIVE_READ_URL || undefined, hotPassages: e.HOT_PASSAGES } : undefined,
    logLevel: e.LOG_LEVEL,
    maxQuestionLength: e.MAX_QUESTION_LENGTH,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    contextTtlMs: e.CONTEXT_TTL_MINUTES * 60_000,
    maxFileBytes: e.MAX_FILE_BYTES,
    subscriptionsPerChatMax: e.SUBSCRIPTIONS_PER_CHAT_MAX,
    feedbackRetentionDays: e.FEEDBACK_RETENTION_DAYS,
    adminUserIds: (e.ADMIN_USER_IDS ?? '').split(',').map((id) => id.trim()).filter(Boolean),
    telegram: {
      token: e.TELEGRAM_BOT_TOKEN,
      apiRoot: e.TELEGRAM_API_ROOT,
      webhookUrl: e.TELEGRAM_WEBHOOK_URL,
      webhookSecret: e.TELEGRAM_WEBHOOK_SECRET,
      webhookPort: e.TELEGRAM_WEBHOOK_PORT,
      webhookHost: e.TELEGRAM_WEBHOOK_HOST,
    },
    discord: {
      token: e.DISCORD_TOKEN,
      appId: e.DISCORD_APP_ID,
      guildId: e.DISCORD_GUILD_ID,
      apiUrl: e.DISCORD_API_URL,
    },
  };
}

/**
 * The folders to serve, ready to read: the user's default folder (DATA_DIR/corpus) is created
 * when missing, and left out, with the samples still served, when it cannot be. A CORPUS_DIR
 * that is set is used as it is (a missing one is an error the reader reports).
 */
export function servedCorpusFolders(config: Pick<Config, 'corpusDir' | 'corpusDirs'>): string[] {
  if (config.corpusDirs.length === 1) return config.corpusDirs;
  try {
    mkdirSync(config.corpusDir, { recursive: true });
    return config.corpusDirs;
  } catch {
    return config.corpusDirs.filter((dir) => dir !== config.corpusDir);
  }
}

/**
 * Reads a JSON data file from the config folder and validates it with `schema`.
 * A missing or malformed file is a ConfigError naming the file and what is wrong.
 */
export function readConfigJson<T>(file: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError([`${file}: ${(error as Error).message}`]);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${file}: ${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  return parsed.data;
}

const groupsSchema = z.object({ groups: z.array(z.array(z.string().min(1)).min(1)) });

const outletsSchema = z.object({
  outlets: z.array(
    z.object({
      name: z.string().min(1),
      domains: z.array(z.string().min(3)).default([]),
      aliases: z.array(z.string().min(1)).default([]),
    }),
  ),
});

const peopleSchema = z.object({
  people: z.array(
    z.object({
      name: z.string().min(1),
      variants: z.array(z.string().min(1)).default([]),
      surnames: z.array(z.string()).optional(),
      roles: z.array(z.string().min(1)).default([]),
      gender: z.enum(['m', 'f']).nullable().optional(),
    }),
  ),
});

const speechSchema = z.object({
  clauseVerbs: z.array(z.string().min(1)),
  objectVerbs: z.array(z.string().min(1)),
  participles: z.array(z.string().min(1)),
  passiveVerbs: z.array(z.string().min(1)),
  audiences: z.array(z.string().min(1)),
  roleWords: z.array(z.string().min(1)),
  roleHeads: z.array(z.string().min(1)),
  relationalRoleHeads: z.array(z.string().min(1)),
  organizations: z.array(z.object({ name: z.string().min(1), aliases: z.array(z.string().min(1)) })),
  notNames: z.array(z.string().min(1)),
  roleSynonyms: z.record(z.string(), z.string()).default({}),
  clauseOrObjectVerbs: z.array(z.string().min(1)).default([]),
  infinitiveVerbs: z.array(z.string().min(1)).default([]),
  auxiliaries: z.array(z.string().min(1)).default([]),
});

/** The files of the config folder the core's configuration is read from, in the order they are checked. */
export const CORE_CONFIG_FILES = ['outlets.json', 'variants.json', 'synonyms.json', 'people.json', 'speech.json'] as const;

/**
 * Reads the core's configuration from the config folder (default: `CONFIG_DIR`, else the
 * project's config/) and validates it: outlets.json, variants.json, synonyms.json, people.json
 * and speech.json. Read it once at start-up and pass the value to the core (readCorpus,
 * buildCoverageParts, createCoverageLoader...). Every broken file is reported in one ConfigError,
 * one line per problem naming the file.
 *
 * @example
 * const config = loadCoreConfig();
 * const coverage = await loadCoverage('seeds', { config });
 */
export function loadCoreConfig(configDir: string = configFolder()): CoreConfig {
  const problems: string[] = [];
  const read = <T>(name: (typeof CORE_CONFIG_FILES)[number], schema: z.ZodType<T>): T | undefined => {
    try {
      return readConfigJson(path.join(configDir, name), schema);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
      return undefined;
    }
  };
  const outlets = read('outlets.json', outletsSchema);
  const spellings = read('variants.json', groupsSchema);
  const related = read('synonyms.json', groupsSchema);
  const people = read('people.json', peopleSchema);
  const speech = read('speech.json', speechSchema);
  if (!outlets || !spellings || !related || !people || !speech) throw new ConfigError(problems);
  return { outlets: outlets.outlets, people: people.people, speech, spellings: spellings.groups, related: related.groups };
}

/** What is wrong with the core's configuration files in `configDir`, one line per problem (empty when all are valid). For `coverage-bot doctor`. */
export function coreConfigProblems(configDir: string = configFolder()): string[] {
  try {
    loadCoreConfig(configDir);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}
