import type { CoverageSource } from '../../core/index.js';
import type { Config } from '../../config/index.js';
import type { Logger } from '../../log/index.js';
import { createBotService, type BotService, type User } from '../../service/index.js';
import type { BotStore, Conversation } from '../../store/index.js';
import { coverageFooter } from './format.js';

/** What the Discord bot needs: the core, the store, the configuration and a logger; `service` is made from them when absent. */
export interface DiscordDeps {
  config: Config;
  coverage: CoverageSource;
  store: BotStore;
  logger: Logger;
  service?: BotService;
}

/** What every handler gets: the deps and the service the policies live in. */
export type DiscordContext = DiscordDeps & { service: BotService };

export function withService(deps: DiscordDeps): DiscordContext {
  return { ...deps, service: deps.service ?? createBotService(deps) };
}

/** Where a Discord conversation's state is kept: per channel (a DM is a channel too). */
export function channelConversation(channelId: string): Conversation {
  return { platform: 'discord', id: channelId };
}

export const discordUser = (userId: string): User => ({ platform: 'discord', id: userId });

/** The current coverage's footer line. */
export function currentFooter(deps: DiscordDeps): string {
  return coverageFooter(deps.coverage.current().summary());
}

