/**
 * Discord API limits the adapter respects, in one place
 * (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
 * Lengths are counted in UTF-16 code units, as Discord's API validation counts them.
 */

/** A message's `content`. */
export const CONTENT_MAX_LENGTH = 2000;

/** Embeds in one message. */
export const EMBEDS_PER_MESSAGE_MAX = 10;

/** An embed's title. */
export const EMBED_TITLE_MAX_LENGTH = 256;

/** An embed's description. */
export const EMBED_DESCRIPTION_MAX_LENGTH = 4096;

/** Fields in one embed. */
export const EMBED_FIELDS_MAX = 25;

/** A field's name. */
export const EMBED_FIELD_NAME_MAX_LENGTH = 256;

/** A field's value. */
export const EMBED_FIELD_VALUE_MAX_LENGTH = 1024;

/** An embed's footer text. */
export const EMBED_FOOTER_MAX_LENGTH = 2048;

/** An embed's author name. */
export const EMBED_AUTHOR_NAME_MAX_LENGTH = 256;

/** Title, description, field names and values, footer and author name of every embed in one message, together. */
export const EMBEDS_TOTAL_MAX_LENGTH = 6000;

/** A message component's `custom_id`. */
export const CUSTOM_ID_MAX_LENGTH = 100;

/** A button's label. */
export const BUTTON_LABEL_MAX_LENGTH = 80;

/** Choices in one autocomplete response. */
export const AUTOCOMPLETE_CHOICES_MAX = 25;

/** An autocomplete choice's name and (string) value. */
export const CHOICE_NAME_MAX_LENGTH = 100;
export const CHOICE_VALUE_MAX_LENGTH = 100;

/** A slash command option's string value, as we declare it (Discord's own ceiling is 6000). */
export const OPTION_STRING_MAX_LENGTH = 1000;

/** The most statements /latest shows (its `limit` option's maximum; one embed holds them). */
export const LATEST_LIMIT_MAX = 10;

/** Discord's window for acknowledging an interaction, in milliseconds. */
export const INTERACTION_ACK_WINDOW_MS = 3000;
