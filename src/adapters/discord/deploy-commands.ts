/**
 * `npm run deploy-commands`: registers the slash commands with Discord, for one server when
 * DISCORD_GUILD_ID is set, otherwise globally. Exit code 0 on success, 1 with a one-line reason.
 */
import { loadConfig } from '../../config/index.js';
import { redactSecrets } from '../../log/index.js';
import { deployCommands } from './deploy.js';

try {
  const result = await deployCommands(loadConfig());
  const where = result.scope === 'guild' ? `server ${result.guildId}` : 'all servers (may take up to an hour to appear)';
  process.stdout.write(`Registered ${result.commands.length} commands for ${where}: ${result.commands.map((c) => `/${c}`).join(' ')}\n`);
} catch (error) {
  process.stderr.write(`${redactSecrets((error as Error).message)}\n`);
  process.exitCode = 1;
}
