import {
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { LATEST_LIMIT_MAX, OPTION_STRING_MAX_LENGTH } from './limits.js';

/**
 * The slash commands, as data. deploy-commands.ts registers exactly these; the bot only
 * handles them and never registers anything itself.
 */
export const COMMAND_NAMES = {
  ask: 'ask',
  latest: 'latest',
  sources: 'sources',
  help: 'help',
  forget: 'forget',
  subscribe: 'subscribe',
  unsubscribe: 'unsubscribe',
  subscriptions: 'subscriptions',
  report: 'report',
} as const;

/** Usable in servers, in DMs with the bot, and in private channels where the app is installed. */
const EVERYWHERE = [InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel];

const builders = [
  new SlashCommandBuilder()
    .setName(COMMAND_NAMES.ask)
    .setDescription('Ask a question about the news coverage; the answer cites its articles.')
    .setContexts(EVERYWHERE)
    .addStringOption((o) =>
      o.setName('question').setDescription('Your question, e.g. "Who did Shoygu meet?"').setRequired(true).setMaxLength(OPTION_STRING_MAX_LENGTH),
    ),
  new SlashCommandBuilder()
    .setName(COMMAND_NAMES.latest)
    .setDescription('The latest statements quoted in the coverage, by a speaker or on a topic.')
    .setContexts(EVERYWHERE)
    .addStringOption((o) => o.setName('speaker').setDescription('Who said it').setAutocomplete(true).setMaxLength(200))
    .addStringOption((o) => o.setName('topic').setDescription('What it was about').setMaxLength(200))
    .addIntegerOption((o) => o.setName('limit').setDescription('How many (1-10, default 5)').setMinValue(1).setMaxValue(LATEST_LIMIT_MAX)),
  new SlashCommandBuilder()
    .setName(COMMAND_NAMES.sources)
    .setDescription('The articles the coverage holds.')
    .setContexts(EVERYWHERE),
  new SlashCommandBuilder().setName(COMMAND_NAMES.help).setDescription('What this bot does and how to ask it.').setContexts(EVERYWHERE),
  new SlashCommandBuilder()
    .setName(COMMAND_NAMES.forget)
    .setDescription('Delete the conversation context stored for you.')
    .setContexts(EVERYWHERE),
  new SlashCommandBuilder()
    .setName(COMMAND_NAMES.subscribe)
    .setDescription('Post new statements by a speaker or on a topic in this channel.')
    .setContexts(EVERYWHERE)
    // Hidden from members without Manage Channels by default; the bot checks again on use.
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageChannels)
    .addStringOption((o) =>
      o.setName('to').setDescription('A speaker or a topic').setRequired(true).setAutocomplete(true).setMaxLength(200),
    ),
  new SlashCommandBuilder()
    .setName(COMMAND_NAMES.unsubscribe)
    .setDescription('Stop following a speaker or topic in this channel (or everything).')
    .setContexts(EVERYWHERE)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageChannels)
    .addStringOption((o) => o.setName('from').setDescription('What to stop following; all when empty').setAutocomplete(true).setMaxLength(200)),
  new SlashCommandBuilder()
    .setName(COMMAND_NAMES.subscriptions)
    .setDescription('What this channel follows.')
    .setContexts(EVERYWHERE),
  new SlashCommandBuilder()
    .setName(COMMAND_NAMES.report)
    .setDescription('For server managers: what was asked, what went unanswered, how answers were rated.')
    .setContexts([InteractionContextType.Guild])
    // Hidden from members without Manage Server by default; the bot checks again on use.
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild),
];

/** The JSON bodies deploy-commands PUTs to Discord. */
export const commandDefinitions: RESTPostAPIChatInputApplicationCommandsJSONBody[] = builders.map((b) => b.toJSON());
