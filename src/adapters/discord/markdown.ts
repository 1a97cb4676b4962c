/**
 * Discord markdown for text we do not control (article headlines and passages, user questions):
 * escaped so that it shows as written and can never format, link, mention or ping.
 */

/** Characters that start or end inline formatting, masked links, mentions, timestamps and emoji. */
const INLINE_SPECIAL = /[\\*_~`|[\]<>]/g;
/** Line starts that Discord reads as a heading, subtext, list or block quote. */
const LINE_START_SPECIAL = /^([ \t]*)(#|-|\+|\d+\.)/gm;
/** C0/C1 control characters other than tab and newline, and bidirectional overrides. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const ZERO_WIDTH_SPACE = '\u200b';

/**
 * Escapes Discord markdown in `text`. `@everyone`/`@here` get a zero-width space after the `@`
 * so they do not even look like mentions; `<@123>`, `<@&1>`, `<#1>`, `<t:1>` lose their angle
 * brackets' meaning. (Pings are also prevented by `allowedMentions` on every message; this is
 * about what people see.)
 */
export function escapeDiscordMarkdown(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, '')
    .replace(INLINE_SPECIAL, '\\$&')
    .replace(LINE_START_SPECIAL, (_m, indent: string, marker: string) =>
      marker.endsWith('.') ? `${indent}${marker.slice(0, -1)}\\.` : `${indent}\\${marker}`,
    )
    .replace(/@(everyone|here)/gi, `@${ZERO_WIDTH_SPACE}$1`);
}

/**
 * Shortens `text` to at most `max` UTF-16 units, cutting at a word boundary when one is near and
 * ending with "…". Never leaves half a surrogate pair or a dangling escape backslash.
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…'.slice(0, max);
  let cut = text.slice(0, max - 1);
  const endsAtWord = /\s/.test(text[max - 1] ?? '');
  const space = cut.search(/\s\S*$/);
  if (!endsAtWord && space > max * 0.8) cut = cut.slice(0, space);
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  const trailingBackslashes = /\\*$/.exec(cut)?.[0].length ?? 0;
  if (trailingBackslashes % 2 === 1) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/** URLs longer than this are shown without a link rather than eat a message's length budget. */
const LINK_URL_MAX_LENGTH = 512;

/**
 * A masked link `[label](url)` with `label` escaped, or just the escaped label when `url` is
 * missing, not http(s), or too long. Parentheses in the URL are percent-encoded so they cannot
 * close the link early.
 */
export function maskedLink(label: string, url: string | null | undefined): string {
  const text = escapeDiscordMarkdown(label);
  const href = safeHttpUrl(url);
  return href ? `[${text}](${href})` : text;
}

function safeHttpUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  const href = parsed.href.replace(/\(/g, '%28').replace(/\)/g, '%29');
  return href.length <= LINK_URL_MAX_LENGTH ? href : null;
}
