import type { APIEmbed } from 'discord.js';
import type { Answer, ArticleMeta, CoverageSummary, LatestFilter, PartialReason, Statement } from '../../core/index.js';
import { partialNotice } from '../../service/index.js';
import type { Subscription } from '../../store/index.js';
import { escapeDiscordMarkdown, maskedLink, truncateText } from './markdown.js';
import {
  EMBED_AUTHOR_NAME_MAX_LENGTH,
  EMBED_DESCRIPTION_MAX_LENGTH,
  EMBED_FIELDS_MAX,
  EMBED_FIELD_NAME_MAX_LENGTH,
  EMBED_FIELD_VALUE_MAX_LENGTH,
  EMBED_FOOTER_MAX_LENGTH,
  EMBED_TITLE_MAX_LENGTH,
  EMBEDS_PER_MESSAGE_MAX,
  EMBEDS_TOTAL_MAX_LENGTH,
} from './limits.js';

/**
 * Pure functions from core values (Answer, Statement, summaries) to Discord embeds that always
 * fit Discord's limits. Every string from an article or a user goes through escapeDiscordMarkdown.
 */

const COLOR_CONFIDENT = 0x2e7d32;
const COLOR_UNSURE = 0x9e9e9e;
const COLOR_INFO = 0x1565c0;

/** Headlines longer than this are shortened in citation lines, so several citations fit. */
const HEADLINE_MAX_LENGTH = 200;
/** Quotes longer than this are shortened in statement lists. */
const QUOTE_MAX_LENGTH = 700;

/** The footer naming the coverage: "Coverage: 5 articles from TRT World, RT · 2025-05-28 to 2025-06-02". */
export function coverageFooter(summary: CoverageSummary): string {
  const outlets = summary.outlets.length > 0 ? ` from ${summary.outlets.join(', ')}` : '';
  const span = summary.from && summary.to ? ` · ${summary.from === summary.to ? summary.from : `${summary.from} to ${summary.to}`}` : '';
  const noun = summary.articles === 1 ? 'article' : 'articles';
  return truncateText(`Coverage: ${summary.articles} ${noun}${outlets}${span}`, EMBED_FOOTER_MAX_LENGTH);
}

/** The service's line for a result the core marked partial, escaped, in italics; undefined for a whole result. */
export function partialLine(result: { partial?: PartialReason }): string | undefined {
  const notice = partialNotice(result);
  return notice ? `*${escapeDiscordMarkdown(notice)}*` : undefined;
}

/** "TRT World — [Headline](url) · 2025-05-29", every part escaped. */
export function citationLine(c: { outlet: string | null; title: string; url: string | null; published: string | null }): string {
  const outlet = c.outlet ? `${escapeDiscordMarkdown(c.outlet)} — ` : '';
  const headline = maskedLink(truncateText(c.title.trim() || 'Untitled', HEADLINE_MAX_LENGTH), c.url);
  return `${outlet}${headline} · ${c.published ?? 'undated'}`;
}

/**
 * An answer as one embed: the question as title, the answer as description, then a numbered line
 * per citation. Citations that do not fit are counted in a last line rather than cut mid-link.
 */
export function formatAnswerEmbed(answer: Answer, options: { footer: string; heading?: string }): APIEmbed {
  const title = truncateText(escapeDiscordMarkdown(options.heading ?? answer.question), EMBED_TITLE_MAX_LENGTH);
  const budget = descriptionBudget(title, options.footer);
  const head = [escapeDiscordMarkdown(answer.answer)];
  if (!answer.confident && answer.citations.length > 0) {
    head.push('*Not a confident answer: the coverage does not say this clearly. These are the closest passages, not an answer.*');
  }
  const partial = partialLine(answer);
  if (partial) head.push(partial);
  const lines = answer.citations.map((c, i) => `${i + 1}. ${citationLine(c)}`);
  const description = packLines(head.join('\n\n'), lines.length > 0 ? '**Sources**' : null, lines, budget, (n) =>
    `…and ${n} more (press Sources)`,
  );
  return fitEmbed({
    title,
    description,
    color: answer.confident ? COLOR_CONFIDENT : COLOR_UNSURE,
    footer: { text: options.footer },
  });
}

/** The passages an answer cites, one embed per citation (headline linked, quote as description). */
export function formatSourcesEmbeds(answer: Answer, footer: string): APIEmbed[] {
  return answer.citations.map((c, i) =>
    fitEmbed({
      title: truncateText(`${i + 1}. ${escapeDiscordMarkdown(c.title.trim() || 'Untitled')}`, EMBED_TITLE_MAX_LENGTH),
      ...(safeEmbedUrl(c.url) ? { url: safeEmbedUrl(c.url)! } : {}),
      author: { name: truncateText(`${c.outlet ?? 'Unknown outlet'} · ${c.published ?? 'undated'}`, EMBED_AUTHOR_NAME_MAX_LENGTH) },
      description: truncateText(`>>> ${escapeDiscordMarkdown(c.quote)}`, EMBED_DESCRIPTION_MAX_LENGTH),
      color: COLOR_INFO,
      footer: { text: footer },
    }),
  );
}

/** One statement as a block: speaker and role, date, the quote, and where it was reported. */
export function statementBlock(s: Statement, n?: number): string {
  const who = escapeDiscordMarkdown(s.speaker ?? 'Unnamed speaker');
  const role = s.role ? `, ${escapeDiscordMarkdown(s.role)}` : '';
  const date = s.said_on ?? s.published ?? 'undated';
  const quote = escapeDiscordMarkdown(truncateText(s.quote, QUOTE_MAX_LENGTH));
  const shown = s.kind === 'direct' ? `“${quote}”` : `${quote} *(reported)*`;
  const sources = s.citations.map((c) => citationLine(c)).join('\n— ');
  return `**${n === undefined ? '' : `${n}. `}${who}**${role} · ${date}\n> ${shown.replace(/\n/g, '\n> ')}${sources ? `\n— ${sources}` : ''}`;
}

/** The statements `/latest` found, newest first, in one embed (under the line of a partial result). */
export function formatLatestEmbed(statements: readonly Statement[] & { partial?: PartialReason }, filter: LatestFilter, footer: string): APIEmbed {
  const about = [filter.speaker ? `by ${filter.speaker}` : '', filter.topic ? `on ${filter.topic}` : ''].filter(Boolean).join(' ');
  const title = truncateText(escapeDiscordMarkdown(`Latest statements${about ? ` ${about}` : ''}`), EMBED_TITLE_MAX_LENGTH);
  const blocks = statements.map((s, i) => statementBlock(s, i + 1));
  const description = packLines(partialLine(statements) ?? '', null, blocks, descriptionBudget(title, footer), (n) => `…and ${n} more`, '\n\n');
  return fitEmbed({ title, description, color: COLOR_INFO, footer: { text: footer } });
}

/** A new statement pushed to a subscribed channel. */
export function formatStatementEmbed(statement: Statement, footer: string): APIEmbed {
  const who = statement.speaker ?? 'an unnamed speaker';
  const title = truncateText(escapeDiscordMarkdown(`New statement by ${who}`), EMBED_TITLE_MAX_LENGTH);
  return fitEmbed({
    title,
    description: truncateText(statementBlock(statement), descriptionBudget(title, footer)),
    color: COLOR_INFO,
    footer: { text: footer },
  });
}

/** How many articles `/sources` asks the coverage for: more than one embed's description can show (about 30 lines). */
export const SOURCES_LIST_MAX = 50;

/**
 * `/sources`: what the coverage holds, its first page of articles (newest first, as the core
 * lists them), counting those neither listed nor on the page; with the line of a partial listing
 * (`partial`: the archive could not be listed, so these are the in-memory articles).
 */
export function formatCoverageEmbed(summary: CoverageSummary, articles: readonly ArticleMeta[], footer: string, partial?: PartialReason): APIEmbed {
  const title = 'Sources in the coverage';
  const span = summary.from && summary.to ? `, published ${summary.from} to ${summary.to}` : '';
  const count = `${summary.articles} article${summary.articles === 1 ? '' : 's'} (${summary.passages} passages)${span}.`;
  const notice = partialLine({ partial });
  const head = notice ? `${escapeDiscordMarkdown(count)}\n${notice}` : escapeDiscordMarkdown(count);
  const beyondPage = Math.max(0, summary.articles - articles.length);
  const more = (n: number) => `…and ${n + beyondPage} more articles`;
  const lines = articles.map((a) => `• ${citationLine(a)}`);
  // Room kept for the count of the articles beyond the page when every line of it fits.
  const budget = descriptionBudget(title, footer) - (beyondPage > 0 ? more(lines.length).length + 1 : 0);
  let description = packLines(head, null, lines, budget, more);
  if (beyondPage > 0 && !description.endsWith(' more articles')) description += `\n${more(0)}`;
  return fitEmbed({ title, description, color: COLOR_INFO, footer: { text: footer } });
}

/** `/help`: what the bot does and how to ask. */
export function formatHelpEmbed(footer: string): APIEmbed {
  return fitEmbed({
    title: 'Ask the coverage',
    description: [
      'I answer questions about a collection of news articles, always citing the articles I answer from.',
      '',
      '`/ask question:` ask anything about the coverage',
      '`/latest speaker: topic: limit:` the latest statements, by a speaker or on a topic',
      '`/sources` the articles in the coverage',
      '`/forget` delete what I stored about your conversations',
      '`/subscribe` `/unsubscribe` `/subscriptions` follow a speaker or topic in this channel (Manage Channels)',
      '',
      'You can also mention me with a question, or DM me. Reply to one of my answers to ask a follow-up.',
      'Under an answer, **Sources** shows the cited passages and **More like this** the next best ones.',
    ].join('\n'),
    color: COLOR_INFO,
    footer: { text: footer },
  });
}

/** `/subscriptions`: what this channel follows. */
export function formatSubscriptions(subscriptions: readonly Subscription[]): string {
  if (subscriptions.length === 0) return 'This channel follows nothing yet. Use `/subscribe` to follow a speaker or topic.';
  const lines = subscriptions.map((s) => `• ${escapeDiscordMarkdown(s.query)}`);
  return packLines('This channel follows:', null, lines, 2000, (n) => `…and ${n} more`);
}

/**
 * Groups embeds into messages, each within 10 embeds and 6000 characters in all, in order.
 * Every embed must already fit on its own (fitEmbed).
 */
export function packEmbeds(embeds: readonly APIEmbed[]): APIEmbed[][] {
  const messages: APIEmbed[][] = [];
  let current: APIEmbed[] = [];
  let size = 0;
  for (const embed of embeds) {
    const length = embedLength(embed);
    if (current.length > 0 && (current.length === EMBEDS_PER_MESSAGE_MAX || size + length > EMBEDS_TOTAL_MAX_LENGTH)) {
      messages.push(current);
      current = [];
      size = 0;
    }
    current.push(embed);
    size += length;
  }
  if (current.length > 0) messages.push(current);
  return messages;
}

/** The characters Discord counts towards an embed's 6000 total. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

/** Enforces every per-embed limit: each part truncated, fields capped, then the 6000 total. */
export function fitEmbed(embed: APIEmbed): APIEmbed {
  const out: APIEmbed = { ...embed };
  if (out.title) out.title = truncateText(out.title, EMBED_TITLE_MAX_LENGTH);
  if (out.description) out.description = truncateText(out.description, EMBED_DESCRIPTION_MAX_LENGTH);
  if (out.footer) out.footer = { ...out.footer, text: truncateText(out.footer.text, EMBED_FOOTER_MAX_LENGTH) };
  if (out.author) out.author = { ...out.author, name: truncateText(out.author.name, EMBED_AUTHOR_NAME_MAX_LENGTH) };
  if (out.fields) {
    out.fields = out.fields.slice(0, EMBED_FIELDS_MAX).map((f) => ({
      ...f,
      name: truncateText(f.name, EMBED_FIELD_NAME_MAX_LENGTH),
      value: truncateText(f.value, EMBED_FIELD_VALUE_MAX_LENGTH),
    }));
    while (out.fields.length > 0 && embedLength(out) > EMBEDS_TOTAL_MAX_LENGTH) out.fields = out.fields.slice(0, -1);
  }
  const excess = embedLength(out) - EMBEDS_TOTAL_MAX_LENGTH;
  if (excess > 0 && out.description) out.description = truncateText(out.description, Math.max(1, out.description.length - excess));
  return out;
}

function descriptionBudget(title: string, footer: string): number {
  return Math.min(EMBED_DESCRIPTION_MAX_LENGTH, EMBEDS_TOTAL_MAX_LENGTH - title.length - footer.length);
}

function safeEmbedUrl(url: string | null): string | null {
  const link = maskedLink('x', url);
  return link.startsWith('[x](') ? link.slice(4, -1) : null;
}

/**
 * `head`, then an optional heading, then as many whole `items` as fit in `max`; the rest are
 * counted in a last line. An item too long for an empty budget is truncated rather than dropped.
 */
function packLines(
  head: string,
  heading: string | null,
  items: readonly string[],
  max: number,
  more: (n: number) => string,
  separator = '\n',
): string {
  const reserve = more(items.length).length + 2;
  let text = truncateText(head, Math.max(1, max - (items.length > 0 ? reserve + (heading?.length ?? 0) + 4 : 0)));
  if (heading && items.length > 0) text += `${text ? '\n\n' : ''}${heading}`;
  let first = true;
  for (const [i, item] of items.entries()) {
    const sep = text ? (first && !heading ? '\n\n' : separator) : '';
    const remaining = items.length - i - 1;
    const room = max - text.length - sep.length - (remaining > 0 ? reserve : 0);
    if (item.length <= room) {
      text += sep + item;
    } else if (first && room > 40) {
      text += sep + truncateText(item, room);
    } else {
      return `${text}${text ? separator : ''}${more(items.length - i)}`;
    }
    first = false;
  }
  return text;
}
