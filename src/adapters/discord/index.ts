/** The Discord adapter's public surface: start the bot; the slash commands as data for deployment. */
export { startDiscordBot, GATEWAY_INTENTS } from './bot.js';
export type { DiscordBot } from './bot.js';
export type { DiscordDeps } from './answering.js';
export { commandDefinitions } from './commands.js';
export { deployCommands } from './deploy.js';
