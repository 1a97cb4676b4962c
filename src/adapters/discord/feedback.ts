import { ButtonStyle, ComponentType, PermissionFlagsBits, type ButtonInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { encodeVote, formatReportSummary, isVotePayload, parseVote, REASON_LABELS, renderReportHtml } from '../../service/index.js';
import { FEEDBACK_REASONS } from '../../store/index.js';
import { discordUser, type DiscordContext } from './answering.js';
import { CONTENT_MAX_LENGTH } from './limits.js';
import { escapeDiscordMarkdown, truncateText } from './markdown.js';
import { NO_PINGS, privateNotice } from './respond.js';

/**
 * 👍 / 👎 presses: stored through the service, once per user and answer. A 👎 gets a private
 * follow-up offering its optional reasons; a reason press turns that follow-up into the thanks.
 * Returns false when the press is not a rating (another button handles it). A custom id that
 * looks like a rating but is not one this bot made is refused, never trusted.
 */
export async function pressVote(deps: DiscordContext, interaction: ButtonInteraction): Promise<boolean> {
  if (!isVotePayload(interaction.customId)) return false;
  const press = parseVote(interaction.customId);
  if (!press) {
    await interaction.reply(privateNotice('This button is not one of mine (or is from an older version). Please ask again.'));
    return true;
  }
  const outcome = await deps.service.vote(discordUser(interaction.user.id), press);
  const text = escapeDiscordMarkdown(outcome.message);
  if (press.reason && outcome.kind === 'recorded') {
    // The press came from the private reasons message: it becomes the thanks.
    await interaction.update({ content: text, components: [], allowedMentions: NO_PINGS });
    return true;
  }
  const askWhy = outcome.kind === 'recorded' && press.vote === 'down' && !outcome.changed;
  const reasons = FEEDBACK_REASONS.map((reason) => ({
    type: ComponentType.Button as const,
    style: ButtonStyle.Secondary as const,
    label: REASON_LABELS[reason],
    custom_id: encodeVote({ answerId: press.answerId, vote: 'down', reason }),
  }));
  await interaction.reply({
    ...privateNotice(askWhy ? `${text} What was wrong with it? (optional)` : text),
    ...(askWhy ? { components: [{ type: ComponentType.ActionRow, components: reasons }] } : {}),
  });
  return true;
}

/** /report, for members with Manage Server: the summary, privately, with the HTML page attached. */
export async function sendReport(deps: DiscordContext, interaction: ChatInputCommandInteraction): Promise<void> {
  const admin = interaction.inGuild() && interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild);
  if (!deps.service.mayReport(discordUser(interaction.user.id), admin)) {
    await interaction.reply(privateNotice('Only members who can manage this server (Manage Server) can see the report.'));
    return;
  }
  await interaction.deferReply({ flags: 'Ephemeral' });
  const report = await deps.service.report();
  await interaction.editReply({
    content: truncateText(`\`\`\`\n${formatReportSummary(report).replace(/`/g, "'")}\n\`\`\``, CONTENT_MAX_LENGTH),
    files: [{ attachment: Buffer.from(renderReportHtml(report), 'utf8'), name: 'coverage-report.html' }],
    allowedMentions: NO_PINGS,
  });
}
