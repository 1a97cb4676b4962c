import type { Message, MessageEntity } from 'telegraf/types';

/** Who the bot is, as getMe reports it. */
export interface BotIdentity {
  id: number;
  username: string;
}

/** True when the message replies to a message the bot sent. */
export function repliesToBot(message: Message, bot: BotIdentity): boolean {
  const replied = 'reply_to_message' in message ? message.reply_to_message : undefined;
  // In a forum topic every message "replies" to the topic's creation, which is no reply to us.
  return replied !== undefined && replied.from?.id === bot.id && !('forum_topic_created' in replied);
}

function mentionsBot(text: string, entity: MessageEntity, bot: BotIdentity): boolean {
  if (entity.type === 'mention') {
    return text.slice(entity.offset + 1, entity.offset + entity.length).toLowerCase() === bot.username.toLowerCase();
  }
  return entity.type === 'text_mention' && entity.user.id === bot.id;
}

/**
 * The question a text message asks the bot, or undefined when the bot should stay silent. In a
 * private chat every message is a question; in a group only one that mentions the bot or replies
 * to it (the bot's own mentions are cut out of the question). Commands are not questions here:
 * their handlers deal with them. An empty string means "addressed to the bot, but no question".
 */
export function questionFor(message: Message.TextMessage, bot: BotIdentity): string | undefined {
  const entities = message.entities ?? [];
  if (entities.some((e) => e.type === 'bot_command' && e.offset === 0)) return undefined;
  if (message.chat.type === 'private') return message.text.trim();
  if (message.chat.type !== 'group' && message.chat.type !== 'supergroup') return undefined;
  const mentions = entities.filter((e) => mentionsBot(message.text, e, bot));
  if (mentions.length === 0 && !repliesToBot(message, bot)) return undefined;
  let text = message.text;
  // Cut from the end so earlier offsets stay valid (offsets are UTF-16 units, like JS strings).
  for (const mention of [...mentions].sort((a, b) => b.offset - a.offset)) {
    text = text.slice(0, mention.offset) + text.slice(mention.offset + mention.length);
  }
  // "@Bot, who…" and "@Bot: who…" leave punctuation behind.
  return text.replace(/\s+/g, ' ').trim().replace(/^[,:;]\s*/, '');
}
