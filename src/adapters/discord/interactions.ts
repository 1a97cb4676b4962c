import {
  PermissionFlagsBits,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
} from 'discord.js';
import {
  askCoverage,
  channelConversation,
  currentFooter,
  recallAnswer,
  refuseQuestion,
  refuseTooFast,
  rememberAnswer,
  type DiscordDeps,
} from './answering.js';
import { answerButtons, parseButtonId } from './buttons.js';
import { COMMAND_NAMES } from './commands.js';
import {
  formatAnswerEmbed,
  formatCoverageEmbed,
  formatHelpEmbed,
  formatLatestEmbed,
  formatSourcesEmbeds,
  formatSubscriptions,
  packEmbeds,
} from './format.js';
import { AUTOCOMPLETE_CHOICES_MAX, CHOICE_NAME_MAX_LENGTH, CHOICE_VALUE_MAX_LENGTH, LATEST_LIMIT_MAX } from './limits.js';
import { escapeDiscordMarkdown, truncateText } from './markdown.js';
import { NO_PINGS, privateNotice, publicNotice } from './respond.js';

/** How many statements /latest shows when no limit is given. */
const DEFAULT_LATEST_LIMIT = 5;
/** A channel follows at most this many speakers or topics. */
const MAX_SUBSCRIPTIONS_PER_CHANNEL = 25;

/** Routes one interaction to its handler. Errors propagate to the caller, which logs and apologises. */
export async function handleInteraction(deps: DiscordDeps, interaction: Interaction): Promise<void> {
  if (interaction.isAutocomplete()) return autocomplete(deps, interaction);
  if (interaction.isButton()) return pressButton(deps, interaction);
  if (!interaction.isChatInputCommand()) return;
  switch (interaction.commandName) {
    case COMMAND_NAMES.ask:
      return ask(deps, interaction);
    case COMMAND_NAMES.latest:
      return latest(deps, interaction);
    case COMMAND_NAMES.sources: {
      const coverage = deps.coverage.current();
      const embed = formatCoverageEmbed(coverage.summary(), coverage.corpus.articles, currentFooter(deps));
      await interaction.reply({ embeds: [embed], flags: 'Ephemeral', allowedMentions: NO_PINGS });
      return;
    }
    case COMMAND_NAMES.help:
      await interaction.reply({ embeds: [formatHelpEmbed(currentFooter(deps))], flags: 'Ephemeral', allowedMentions: NO_PINGS });
      return;
    case COMMAND_NAMES.forget:
      return forget(deps, interaction);
    case COMMAND_NAMES.subscribe:
    case COMMAND_NAMES.unsubscribe:
      return changeSubscription(deps, interaction);
    case COMMAND_NAMES.subscriptions: {
      const list = await deps.store.subscriptions.list(channelConversation(interaction.channelId));
      await interaction.reply(privateNotice(formatSubscriptions(list)));
      return;
    }
    default:
      await interaction.reply(privateNotice('I do not know that command (yet). Try `/help`.'));
  }
}

/** /ask: checks first (so refusals stay private), then a public deferred answer with buttons. */
async function ask(deps: DiscordDeps, interaction: ChatInputCommandInteraction): Promise<void> {
  const question = interaction.options.getString('question', true).trim();
  const refusal = await refuseQuestion(deps, interaction.user.id, question);
  if (refusal) {
    await interaction.reply(privateNotice(refusal.message));
    return;
  }
  await interaction.deferReply();
  const answer = await askCoverage(deps, question);
  if (answer.error) {
    // The deferred reply is public; an error belongs to the asker only.
    await interaction.deleteReply();
    await interaction.followUp(privateNotice(answer.error));
    return;
  }
  const message = await interaction.editReply({
    embeds: [formatAnswerEmbed(answer, { footer: currentFooter(deps) })],
    components: answer.citations.length > 0 ? answerButtons({ more: answer.citations.length }) : [],
    allowedMentions: NO_PINGS,
  });
  await rememberAnswer(deps, interaction.channelId, message.id, interaction.user.id, { question });
}

/** /latest: statements by a speaker and/or on a topic, newest first. */
async function latest(deps: DiscordDeps, interaction: ChatInputCommandInteraction): Promise<void> {
  const speaker = interaction.options.getString('speaker')?.trim() || undefined;
  const topic = interaction.options.getString('topic')?.trim() || undefined;
  // Discord enforces the option's 1-10 range; clamped again so a bad value can never mean 0 or 40.
  const limit = Math.min(LATEST_LIMIT_MAX, Math.max(1, interaction.options.getInteger('limit') ?? DEFAULT_LATEST_LIMIT));
  const tooFast = await refuseTooFast(deps, interaction.user.id);
  if (tooFast) {
    await interaction.reply(privateNotice(tooFast.message));
    return;
  }
  const filter = { speaker, topic, limit };
  const statements = deps.coverage.current().latest(filter);
  if (statements.length === 0) {
    const who = speaker ? ` by “${escapeDiscordMarkdown(speaker)}”` : '';
    const what = topic ? ` on “${escapeDiscordMarkdown(topic)}”` : '';
    await interaction.reply(privateNotice(`The coverage quotes no statements${who}${what}. \`/latest\` without options lists the newest.`));
    return;
  }
  await interaction.reply({ embeds: [formatLatestEmbed(statements, filter, currentFooter(deps))], allowedMentions: NO_PINGS });
}

/** Speaker names for /latest speaker:, /subscribe to:; this channel's subscriptions for /unsubscribe from:. */
async function autocomplete(deps: DiscordDeps, interaction: AutocompleteInteraction): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const typed = String(focused.value).trim().toLowerCase();
  let choices: { name: string; value: string }[];
  if (interaction.commandName === COMMAND_NAMES.unsubscribe) {
    const list = await deps.store.subscriptions.list(channelConversation(interaction.channelId ?? ''));
    choices = list.filter((s) => s.query.toLowerCase().includes(typed)).map((s) => ({ name: s.query, value: s.query }));
  } else {
    choices = deps.coverage
      .current()
      .speakers()
      .filter((s) => typed === '' || s.speaker.toLowerCase().includes(typed) || (s.role ?? '').toLowerCase().includes(typed))
      .map((s) => ({
        name: `${s.speaker}${s.role ? `, ${s.role}` : ''} (${s.statements})`,
        value: s.speaker,
      }));
  }
  await interaction.respond(
    choices.slice(0, AUTOCOMPLETE_CHOICES_MAX).map((c) => ({
      name: truncateText(c.name, CHOICE_NAME_MAX_LENGTH),
      value: truncateText(c.value, CHOICE_VALUE_MAX_LENGTH),
    })),
  );
}

/** "Sources" (the passages an answer cites) and "More like this" (the next best passages), both private. */
async function pressButton(deps: DiscordDeps, interaction: ButtonInteraction): Promise<void> {
  const press = parseButtonId(interaction.customId);
  if (!press) {
    await interaction.reply(privateNotice('This button belongs to an older version of the bot. Please ask again.'));
    return;
  }
  const answerMessageId = press.messageId ?? interaction.message.id;
  const context = await recallAnswer(deps, interaction.channelId, answerMessageId);
  if (!context) {
    await interaction.reply(privateNotice('I no longer remember that question (it expired or was forgotten). Please ask it again.'));
    return;
  }
  if (press.action === 'more') {
    const tooFast = await refuseTooFast(deps, interaction.user.id);
    if (tooFast) {
      await interaction.reply(privateNotice(tooFast.message));
      return;
    }
  }
  await interaction.deferReply({ flags: 'Ephemeral' });
  const answer = await askCoverage(deps, context.question, { previous: context.previous, offset: press.offset });
  const footer = currentFooter(deps);
  if (answer.citations.length === 0) {
    await interaction.editReply({ content: 'The coverage has nothing more on this question.', allowedMentions: NO_PINGS });
    return;
  }
  if (press.action === 'sources') {
    const [first = [], ...rest] = packEmbeds(formatSourcesEmbeds(answer, footer));
    await interaction.editReply({ embeds: first, allowedMentions: NO_PINGS });
    for (const embeds of rest) await interaction.followUp({ embeds, flags: 'Ephemeral', allowedMentions: NO_PINGS });
    return;
  }
  const heading = `More on: ${context.question}`;
  await interaction.editReply({
    embeds: [formatAnswerEmbed(answer, { footer, heading })],
    components: answerButtons({ more: press.offset + answer.citations.length, messageId: answerMessageId, sourcesOffset: press.offset }),
    allowedMentions: NO_PINGS,
  });
}

/** /forget: deletes the caller's stored conversation context. */
async function forget(deps: DiscordDeps, interaction: ChatInputCommandInteraction): Promise<void> {
  const deleted = await deps.store.context.forget('discord', interaction.user.id);
  const reachable = deps.store.status().reachable;
  const message = !reachable
    ? 'The store is unreachable right now; your stored context will be deleted as soon as it is back (it expires on its own anyway).'
    : deleted > 0
      ? `Done: I deleted ${deleted} stored conversation context${deleted === 1 ? '' : 's'} of yours. Replies to my earlier answers start fresh.`
      : 'I had nothing stored about your conversations.';
  await interaction.reply(privateNotice(message));
}

/** /subscribe and /unsubscribe: per channel, for members who can manage it (or anyone in a DM). */
async function changeSubscription(deps: DiscordDeps, interaction: ChatInputCommandInteraction): Promise<void> {
  if (interaction.inGuild() && !interaction.memberPermissions.has(PermissionFlagsBits.ManageChannels)) {
    await interaction.reply(privateNotice('Only members who can manage this channel (Manage Channels) can change what it follows.'));
    return;
  }
  const conversation = channelConversation(interaction.channelId);
  if (interaction.commandName === COMMAND_NAMES.unsubscribe) {
    const from = interaction.options.getString('from')?.trim() || undefined;
    const removed = await deps.store.subscriptions.remove(conversation, from);
    const what = from ? `“${escapeDiscordMarkdown(from)}”` : 'anything';
    if (removed === 0) {
      await interaction.reply(privateNotice(`This channel did not follow ${what}.`));
      return;
    }
    const done = from ? `This channel no longer follows ${what}.` : `This channel no longer follows anything (${removed} removed).`;
    await interaction.reply(publicNotice(done));
    return;
  }
  const query = interaction.options.getString('to', true).trim().replace(/\s+/g, ' ');
  if (query === '') {
    await interaction.reply(privateNotice('Name a speaker or a topic to follow, for example `/subscribe to:Peskov`.'));
    return;
  }
  const existing = await deps.store.subscriptions.list(conversation);
  if (existing.some((s) => s.query.toLowerCase() === query.toLowerCase())) {
    await interaction.reply(privateNotice(`This channel already follows “${escapeDiscordMarkdown(query)}”.`));
    return;
  }
  if (existing.length >= MAX_SUBSCRIPTIONS_PER_CHANNEL) {
    await interaction.reply(privateNotice(`A channel can follow at most ${MAX_SUBSCRIPTIONS_PER_CHANNEL} speakers or topics; \`/unsubscribe\` one first.`));
    return;
  }
  await deps.store.subscriptions.add(conversation, query);
  if (!deps.store.status().reachable) {
    await interaction.reply(privateNotice('The store is unreachable right now, so I could not save that. Please try again in a minute.'));
    return;
  }
  await interaction.reply(publicNotice(`This channel now follows “${escapeDiscordMarkdown(query)}”: new statements that match will be posted here.`));
}
