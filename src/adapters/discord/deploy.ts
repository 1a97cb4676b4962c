import { REST, Routes } from 'discord.js';
import type { Config } from '../../config/index.js';
import { registerSecret } from '../../log/index.js';
import { restApiBase } from './rest.js';
import { commandDefinitions } from './commands.js';

/** Where the commands went: one server (instant) or every server (Discord may take up to an hour). */
export interface DeployResult {
  scope: 'guild' | 'global';
  guildId?: string;
  commands: string[];
}

/**
 * Registers the slash commands (replacing the application's previous set) for the server
 * `DISCORD_GUILD_ID` when set, otherwise globally. Run once per change of the commands, not at
 * every start: `npm run deploy-commands`.
 */
export async function deployCommands(config: Config): Promise<DeployResult> {
  const { token, appId, guildId, apiUrl } = config.discord;
  if (!token || !appId) throw new Error('coverage-bot: DISCORD_TOKEN and DISCORD_APP_ID must be set to deploy the slash commands.');
  registerSecret(token);
  const api = restApiBase(apiUrl);
  const rest = new REST(api ? { api } : {}).setToken(token);
  const route = guildId ? Routes.applicationGuildCommands(appId, guildId) : Routes.applicationCommands(appId);
  const registered = (await rest.put(route, { body: commandDefinitions })) as { name: string }[];
  return { scope: guildId ? 'guild' : 'global', ...(guildId ? { guildId } : {}), commands: registered.map((c) => c.name) };
}
