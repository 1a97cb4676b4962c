import type { Coverage, CoverageSource } from '../../../core/index.js';
import { loadConfig } from '../../../config/index.js';
import { createLogger } from '../../../log/index.js';
import { createBotService, type BotService } from '../../../service/index.js';
import { createStore, type BotStore } from '../../../store/index.js';

/**
 * The store the configuration names (Redis with KEYV_URL, else the embedded file store in
 * DATA_DIR), as the bots open it, so that the terminal and the CLI's report read and write the
 * same question log and ratings. Store warnings go to stderr; stdout stays the command's.
 */
export async function openConfiguredStore(): Promise<BotStore> {
  const config = loadConfig();
  return createStore({
    keyvUrl: config.keyvUrl,
    dataDir: config.dataDir,
    contextTtlMs: config.contextTtlMs,
    rateLimitPerMinute: config.rateLimitPerMinute,
    feedbackRetentionMs: config.feedbackRetentionDays * 24 * 60 * 60_000,
    logger: createLogger(process.env.LOG_LEVEL ?? 'warn'),
  });
}

/** The bot service over a loaded coverage (or a live one) and the configured store; `close` closes the store. */
export async function openBotService(coverage: Coverage | CoverageSource | undefined): Promise<{ service: BotService; store: BotStore; close(): Promise<void> }> {
  const config = loadConfig();
  const store = await openConfiguredStore();
  const current = () => {
    if (!coverage) throw new Error('coverage-bot: no coverage loaded');
    return 'current' in coverage ? coverage.current() : coverage;
  };
  const service = createBotService({ config, coverage: { current }, store, logger: createLogger(process.env.LOG_LEVEL ?? 'warn') });
  return { service, store, close: () => store.close() };
}
