import type { Message } from 'discord.js';
import { nextConversationContext } from '../../core/index.js';
import { hashUserId } from '../../store/index.js';
import { askCoverage, currentFooter, recallAnswer, refuseQuestion, rememberAnswer, type DiscordDeps } from './answering.js';
import { answerButtons } from './buttons.js';
import { formatAnswerEmbed } from './format.js';
import { NO_PINGS, publicNotice } from './respond.js';

/**
 * A message is a question when it mentions the bot, is a DM to it, or replies to one of its
 * answers (then it is a follow-up, asked with the answered question as context). Everything else
 * is ignored: the bot reads no conversation that is not addressed to it.
 */
export async function handleMessage(deps: DiscordDeps, message: Message, botUserId: string): Promise<void> {
  if (message.author.bot || message.system) return;
  const direct = !message.inGuild();
  const mentioned = message.mentions.users.has(botUserId);
  const repliedTo = message.reference?.messageId && message.mentions.repliedUser?.id === botUserId ? message.reference.messageId : undefined;
  if (!direct && !mentioned && !repliedTo) return;

  const context = repliedTo ? await recallAnswer(deps, message.channelId, repliedTo) : undefined;
  const question = withoutBotMention(message.content, botUserId);
  if (question === '' && repliedTo && !mentioned && !direct) {
    // Without the privileged MessageContent intent, Discord blanks replies that do not ping the bot.
    await message.reply(publicNotice('I can only read replies that mention me: keep the @ mention on when you reply to my answers.'));
    return;
  }
  const refusal = await refuseQuestion(deps, message.author.id, question);
  if (refusal) {
    // One "slow down" per wait, not one per message: a flood of mentions must not become a flood of replies.
    const notify =
      refusal.retryAfterMs === undefined ||
      (await deps.store.claim(`discord:slow-down:${hashUserId('discord', message.author.id)}`, Math.max(1000, refusal.retryAfterMs)));
    if (notify) await message.reply(publicNotice(refusal.message));
    return;
  }
  // A follow-up of a follow-up keeps the whole conversation, not only the last question.
  const previous = context ? nextConversationContext(context.previous, context.question, deps.config.maxQuestionLength) : undefined;
  const answer = await askCoverage(deps, question, previous ? { previous } : {});
  if (answer.error) {
    await message.reply(publicNotice(answer.error));
    return;
  }
  const reply = await message.reply({
    embeds: [formatAnswerEmbed(answer, { footer: currentFooter(deps) })],
    components: answer.citations.length > 0 ? answerButtons({ more: answer.citations.length }) : [],
    allowedMentions: NO_PINGS,
  });
  await rememberAnswer(deps, message.channelId, reply.id, message.author.id, { question, previous });
}

/** The message text without the bot's own `<@id>` / `<@!id>` mentions, trimmed. */
export function withoutBotMention(content: string, botUserId: string): string {
  return content.replace(new RegExp(`<@!?${botUserId}>`, 'g'), ' ').replace(/\s+/g, ' ').trim();
}
