import {
  PermissionFlagsBits,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
} from 'discord.js';
import { channelConversation, currentFooter, discordUser, type DiscordContext } from './answering.js';
import { answerButtons, parseButtonId } from './buttons.js';
import { COMMAND_NAMES } from './commands.js';
import { pressVote, sendReport } from './feedback.js';
import {
  formatAnswerEmbed,
  formatCoverageEmbed,
  formatHelpEmbed,
  formatLatestEmbed,
  partialLine,
  formatSourcesEmbeds,
  formatSubscriptions,
  SOURCES_LIST_MAX,
  packEmbeds,
} from './format.js';
import { AUTOCOMPLETE_CHOICES_MAX, CHOICE_NAME_MAX_LENGTH, CHOICE_VALUE_MAX_LENGTH, LATEST_LIMIT_MAX } from './limits.js';
import { escapeDiscordMarkdown, truncateText } from './markdown.js';
import { NO_PINGS, privateNotice, publicNotice } from './respond.js';

/** How many statements /latest shows when no limit is given. */
const DEFAULT_LATEST_LIMIT = 5;

/** Routes one interaction to its handler. Errors propagate to the caller, which logs and apologises. */
export async function handleInteraction(deps: DiscordContext, interaction: Interaction): Promise<void> {
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
      const page = coverage.listArticles({ limit: SOURCES_LIST_MAX });
      const embed = formatCoverageEmbed(coverage.summary(), page.articles, currentFooter(deps), page.partial);
      await interaction.reply({ embeds: [embed], flags: 'Ephemeral', allowedMentions: NO_PINGS });
      return;
    }
    case COMMAND_NAMES.help:
      await interaction.reply({ embeds: [formatHelpEmbed(currentFooter(deps))], flags: 'Ephemeral', allowedMentions: NO_PINGS });
      return;
    case COMMAND_NAMES.forget: {
      const forgotten = await deps.service.forget(discordUser(interaction.user.id));
      await interaction.reply(privateNotice(escapeDiscordMarkdown(forgotten.message)));
      return;
    }
    case COMMAND_NAMES.subscribe:
    case COMMAND_NAMES.unsubscribe:
      return changeSubscription(deps, interaction);
    case COMMAND_NAMES.subscriptions: {
      const list = await deps.service.subscriptions(channelConversation(interaction.channelId));
      await interaction.reply(privateNotice(formatSubscriptions(list)));
      return;
    }
    case COMMAND_NAMES.report:
      return sendReport(deps, interaction);
    default:
      await interaction.reply(privateNotice('I do not know that command (yet). Try `/help`.'));
  }
}

/** /ask: checks first (so refusals stay private), then a public deferred answer with buttons. */
async function ask(deps: DiscordContext, interaction: ChatInputCommandInteraction): Promise<void> {
  const question = interaction.options.getString('question', true);
  const user = discordUser(interaction.user.id);
  // Checked before deferring: a refusal must be private, and a deferred reply is public.
  const refusal = deps.service.check(question) ?? (await deps.service.admit(user));
  if (refusal) return void (await interaction.reply(privateNotice(refusal.message)));
  await interaction.deferReply();
  const result = await deps.service.ask({ user, question, admitted: true });
  if (result.kind === 'refused') {
    // The deferred reply is public; an error belongs to the asker only.
    await interaction.deleteReply();
    await interaction.followUp(privateNotice(result.message));
    return;
  }
  const message = await interaction.editReply({
    embeds: [formatAnswerEmbed(result.answer, { footer: currentFooter(deps) })],
    components: answerButtons({ more: result.answer.citations.length, answerId: result.answerId, sources: result.answer.citations.length > 0 }),
    allowedMentions: NO_PINGS,
  });
  await deps.service.remember(channelConversation(interaction.channelId), [message.id], user, result.context);
}

/** /latest: statements by a speaker and/or on a topic, newest first. */
async function latest(deps: DiscordContext, interaction: ChatInputCommandInteraction): Promise<void> {
  const speaker = interaction.options.getString('speaker')?.trim() || undefined;
  const topic = interaction.options.getString('topic')?.trim() || undefined;
  // Discord enforces the option's 1-10 range; clamped again so a bad value can never mean 0 or 40.
  const limit = Math.min(LATEST_LIMIT_MAX, Math.max(1, interaction.options.getInteger('limit') ?? DEFAULT_LATEST_LIMIT));
  const tooFast = await deps.service.admit(discordUser(interaction.user.id));
  if (tooFast) return void (await interaction.reply(privateNotice(tooFast.message)));
  const filter = { speaker, topic, limit };
  const statements = deps.coverage.current().latest(filter);
  if (statements.length === 0) {
    const who = speaker ? ` by “${escapeDiscordMarkdown(speaker)}”` : '';
    const what = topic ? ` on “${escapeDiscordMarkdown(topic)}”` : '';
    const partial = partialLine(statements);
    await interaction.reply(privateNotice(`The coverage quotes no statements${who}${what}. \`/latest\` without options lists the newest.${partial ? `\n${partial}` : ''}`));
    return;
  }
  await interaction.reply({ embeds: [formatLatestEmbed(statements, filter, currentFooter(deps))], allowedMentions: NO_PINGS });
}

/** Speaker names for /latest speaker:, /subscribe to:; this channel's subscriptions for /unsubscribe from:. */
async function autocomplete(deps: DiscordContext, interaction: AutocompleteInteraction): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const typed = String(focused.value).trim().toLowerCase();
  let choices: { name: string; value: string }[];
  if (interaction.commandName === COMMAND_NAMES.unsubscribe) {
    const list = await deps.service.subscriptions(channelConversation(interaction.channelId ?? ''));
    choices = list.filter((s) => s.query.toLowerCase().includes(typed)).map((s) => ({ name: s.query, value: s.query }));
  } else {
    choices = deps.coverage
      .current()
      .speakers()
      .filter((s) => typed === '' || s.speaker.toLowerCase().includes(typed) || (s.role ?? '').toLowerCase().includes(typed))
      .map((s) => ({ name: `${s.speaker}${s.role ? `, ${s.role}` : ''} (${s.statements})`, value: s.speaker }));
  }
  await interaction.respond(
    choices.slice(0, AUTOCOMPLETE_CHOICES_MAX).map((c) => ({
      name: truncateText(c.name, CHOICE_NAME_MAX_LENGTH),
      value: truncateText(c.value, CHOICE_VALUE_MAX_LENGTH),
    })),
  );
}

/** "Sources" (the passages an answer cites), "More like this" (the next best passages), both private; 👍 / 👎. */
async function pressButton(deps: DiscordContext, interaction: ButtonInteraction): Promise<void> {
  if (await pressVote(deps, interaction)) return;
  const press = parseButtonId(interaction.customId);
  if (!press) {
    await interaction.reply(privateNotice('This button belongs to an older version of the bot. Please ask again.'));
    return;
  }
  const answerMessageId = press.messageId ?? interaction.message.id;
  const context = await deps.service.recall(channelConversation(interaction.channelId), answerMessageId);
  if (!context) {
    await interaction.reply(privateNotice('I no longer remember that question (it expired or was forgotten). Please ask it again.'));
    return;
  }
  if (press.action === 'more') {
    const tooFast = await deps.service.admit(discordUser(interaction.user.id));
    if (tooFast) return void (await interaction.reply(privateNotice(tooFast.message)));
  }
  await interaction.deferReply({ flags: 'Ephemeral' });
  const page = await deps.service.more(context, press.offset);
  const footer = currentFooter(deps);
  if (page.kind === 'no-more') {
    await interaction.editReply({ content: page.message, allowedMentions: NO_PINGS });
    return;
  }
  if (press.action === 'sources') {
    const [first = [], ...rest] = packEmbeds(formatSourcesEmbeds(page.answer, footer));
    await interaction.editReply({ embeds: first, allowedMentions: NO_PINGS });
    for (const embeds of rest) await interaction.followUp({ embeds, flags: 'Ephemeral', allowedMentions: NO_PINGS });
    return;
  }
  await interaction.editReply({
    embeds: [formatAnswerEmbed(page.answer, { footer, heading: `More on: ${context.question}` })],
    components: answerButtons({ more: page.nextOffset, messageId: answerMessageId, sourcesOffset: press.offset }),
    allowedMentions: NO_PINGS,
  });
}

/** /subscribe and /unsubscribe: per channel, for members who can manage it (or anyone in a DM). */
async function changeSubscription(deps: DiscordContext, interaction: ChatInputCommandInteraction): Promise<void> {
  if (interaction.inGuild() && !interaction.memberPermissions.has(PermissionFlagsBits.ManageChannels)) {
    await interaction.reply(privateNotice('Only members who can manage this channel (Manage Channels) can change what it follows.'));
    return;
  }
  const conversation = channelConversation(interaction.channelId);
  const change =
    interaction.commandName === COMMAND_NAMES.unsubscribe
      ? await deps.service.unsubscribe(conversation, interaction.options.getString('from') ?? undefined)
      : await deps.service.subscribe(conversation, interaction.options.getString('to', true));
  const text = escapeDiscordMarkdown(change.message);
  await interaction.reply(change.ok ? publicNotice(text) : privateNotice(text));
}
