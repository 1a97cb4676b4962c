import type { Message } from 'discord.js';
import { channelConversation, currentFooter, discordUser, type DiscordContext } from './answering.js';
import { answerButtons } from './buttons.js';
import { formatAnswerEmbed } from './format.js';
import { NO_PINGS, publicNotice } from './respond.js';

/**
 * A message is a question when it mentions the bot, is a DM to it, or replies to one of its
 * answers (then it is a follow-up, asked with the answered question as context). Everything else
 * is ignored: the bot reads no conversation that is not addressed to it.
 */
export async function handleMessage(deps: DiscordContext, message: Message, botUserId: string): Promise<void> {
  if (message.author.bot || message.system) return;
  const direct = !message.inGuild();
  const mentioned = message.mentions.users.has(botUserId);
  const repliedTo = message.reference?.messageId && message.mentions.repliedUser?.id === botUserId ? message.reference.messageId : undefined;
  if (!direct && !mentioned && !repliedTo) return;

  const conversation = channelConversation(message.channelId);
  const followUp = repliedTo ? await deps.service.recall(conversation, repliedTo) : undefined;
  const question = withoutBotMention(message.content, botUserId);
  if (question === '' && repliedTo && !mentioned && !direct) {
    // Without the privileged MessageContent intent, Discord blanks replies that do not ping the bot.
    await message.reply(publicNotice('I can only read replies that mention me: keep the @ mention on when you reply to my answers.'));
    return;
  }
  const user = discordUser(message.author.id);
  const result = await deps.service.ask({ user, question, followUp });
  if (result.kind === 'refused') {
    if (result.notify) await message.reply(publicNotice(result.message));
    return;
  }
  const reply = await message.reply({
    embeds: [formatAnswerEmbed(result.answer, { footer: currentFooter(deps) })],
    components: answerButtons({ more: result.answer.citations.length, answerId: result.answerId, sources: result.answer.citations.length > 0 }),
    allowedMentions: NO_PINGS,
  });
  await deps.service.remember(conversation, [reply.id], user, result.context);
}

/** The message text without the bot's own `<@id>` / `<@!id>` mentions, trimmed. */
export function withoutBotMention(content: string, botUserId: string): string {
  return content.replace(new RegExp(`<@!?${botUserId}>`, 'g'), ' ').replace(/\s+/g, ' ').trim();
}
