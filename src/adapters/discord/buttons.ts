import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent } from 'discord.js';
import { encodeVote } from '../../service/index.js';
import { CUSTOM_ID_MAX_LENGTH } from './limits.js';

/**
 * The buttons under an answer. Their custom ids carry only what the press needs: the action, the
 * passage offset, and (for buttons on ephemeral "more" replies) the id of the original answer
 * message, whose question the store keeps as follow-up context. Rating buttons carry the
 * service's vote payload (encodeVote), the same as on Telegram.
 */
export interface ButtonPress {
  action: 'sources' | 'more';
  /** For "more": how many best passages to skip. */
  offset: number;
  /** The answer message whose context to use; absent means the message the button is on. */
  messageId?: string;
}

const PREFIX = 'cb1';

export function encodeButtonId(press: ButtonPress): string {
  const id = [PREFIX, press.action, String(press.offset), press.messageId ?? ''].join(':');
  if (id.length > CUSTOM_ID_MAX_LENGTH) throw new Error(`custom_id over ${CUSTOM_ID_MAX_LENGTH} characters: ${id}`);
  return id;
}

/** The press a custom id stands for, or null for ids this bot did not make. */
export function parseButtonId(customId: string): ButtonPress | null {
  const match = /^cb1:(sources|more):(\d{1,6}):(\d{0,25})$/.exec(customId);
  if (!match) return null;
  const press: ButtonPress = { action: match[1] as ButtonPress['action'], offset: Number(match[2]) };
  if (match[3]) press.messageId = match[3];
  return press;
}

const button = (style: ButtonStyle.Primary | ButtonStyle.Secondary, label: string, customId: string): APIButtonComponent => ({
  type: ComponentType.Button,
  style,
  label,
  custom_id: customId,
});

/**
 * "Sources" and "More like this" under an answer (when it cites anything), and 👍 / 👎 when it has
 * an answer id. `sourcesOffset` is the offset of the passages the answer shows (0 for the first
 * answer), `more` the offset the next page starts at.
 */
export function answerButtons(options: {
  more: number;
  sourcesOffset?: number;
  messageId?: string;
  answerId?: string;
  /** Show Sources and More like this (default true). */
  sources?: boolean;
}): APIActionRowComponent<APIButtonComponent>[] {
  const buttons: APIButtonComponent[] = [];
  if (options.sources !== false) {
    buttons.push(button(ButtonStyle.Secondary, 'Sources', encodeButtonId({ action: 'sources', offset: options.sourcesOffset ?? 0, messageId: options.messageId })));
    buttons.push(button(ButtonStyle.Primary, 'More like this', encodeButtonId({ action: 'more', offset: options.more, messageId: options.messageId })));
  }
  if (options.answerId) {
    buttons.push(button(ButtonStyle.Secondary, '👍', encodeVote({ answerId: options.answerId, vote: 'up' })));
    buttons.push(button(ButtonStyle.Secondary, '👎', encodeVote({ answerId: options.answerId, vote: 'down' })));
  }
  return buttons.length > 0 ? [{ type: ComponentType.ActionRow, components: buttons }] : [];
}
