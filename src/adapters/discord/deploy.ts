import { REST, Routes } from 'discord.js';
import { ConfigError, loadConfig, type Config } from '../../config/index.js';
import { redactSecrets, registerSecret } from '../../log/index.js';
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

/**
 * What `npm run deploy-commands` prints for the environment `env`: one line on success, one line
 * naming the reason (never the token) on failure.
 */
export async function deployCommandsReport(env: NodeJS.ProcessEnv): Promise<{ ok: boolean; line: string }> {
  try {
    const result = await deployCommands(loadConfig(env));
    const where = result.scope === 'guild' ? `server ${result.guildId}` : 'all servers (may take up to an hour to appear)';
    return { ok: true, line: `Registered ${result.commands.length} commands for ${where}: ${result.commands.map((c) => `/${c}`).join(' ')}` };
  } catch (error) {
    const message = error instanceof ConfigError ? `coverage-bot: invalid configuration: ${error.problems.join('; ')}` : (error as Error).message;
    return { ok: false, line: redactSecrets(message) };
  }
}
