import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent } from 'discord.js';
import { CUSTOM_ID_MAX_LENGTH } from './limits.js';

/**
 * The buttons under an answer. Their custom ids carry only what the press needs: the action, the
 * passage offset, and (for buttons on ephemeral "more" replies) the id of the original answer
 * message, whose question the store keeps as follow-up context.
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

/**
 * "Sources" and "More like this" under an answer. `sourcesOffset` is the offset of the passages
 * the answer shows (0 for the first answer), `more` the offset the next page starts at.
 */
export function answerButtons(options: { more: number; sourcesOffset?: number; messageId?: string }): APIActionRowComponent<APIButtonComponent>[] {
  const buttons: APIButtonComponent[] = [
    {
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      label: 'Sources',
      custom_id: encodeButtonId({ action: 'sources', offset: options.sourcesOffset ?? 0, messageId: options.messageId }),
    },
  ];
  buttons.push({
    type: ComponentType.Button,
    style: ButtonStyle.Primary,
    label: 'More like this',
    custom_id: encodeButtonId({ action: 'more', offset: options.more, messageId: options.messageId }),
  });
  return [{ type: ComponentType.ActionRow, components: buttons }];
}
