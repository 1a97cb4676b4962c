import type { Answer, CoverageSummary, PartialReason, SpeakerCount, Statement } from '../../core/index.js';
import { partialNotice, type LatestRequest } from '../../service/index.js';
import type { Subscription } from '../../store/index.js';
import { escapeHtml, htmlLink } from './html.js';

/*
 * Pure functions from core values to Telegram HTML. Every piece of article or user text goes
 * through escapeHtml (or htmlLink, which escapes both the text and the URL).
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2025-05-29" → "29 May 2025"; anything else is returned escaped as it is. */
export function formatDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  const month = match ? MONTHS[Number(match[2]) - 1] : undefined;
  if (!match || !month) return escapeHtml(isoDate);
  return `${Number(match[3])} ${month} ${match[1]}`;
}

interface SourceLine {
  outlet: string | null;
  title: string;
  published: string | null;
  url: string | null;
}

/** "TRT World — <a href=…>Headline</a> (29 May 2025)" */
function formatSourceLine(source: SourceLine): string {
  const outlet = source.outlet ? `<b>${escapeHtml(source.outlet)}</b> — ` : '';
  const date = source.published ? ` (${formatDate(source.published)})` : ' (undated)';
  return `${outlet}${htmlLink(source.title || 'Untitled article', source.url)}${date}`;
}

/** The service's line for a result the core marked partial, in italics, as a paragraph of its own; '' for a whole result. */
function partialLine(result: { partial?: PartialReason }): string[] {
  const notice = partialNotice(result);
  return notice ? ['', `<i>${escapeHtml(notice)}</i>`] : [];
}

/**
 * An answer: the answer text first, then its numbered sources. An answer the core is not confident
 * about says so and points to /sources; an answer that could not be asked shows the core's message.
 */
export function formatAnswer(answer: Answer): string {
  if (answer.error) return escapeHtml(answer.error);
  const lines = [escapeHtml(answer.answer)];
  if (!answer.confident) {
    lines.push(
      '',
      '<i>I am not confident the coverage answers this. Try rephrasing the question, or see /sources for what the coverage includes.</i>',
    );
  }
  lines.push(...partialLine(answer));
  if (answer.citations.length > 0) {
    lines.push('', answer.confident ? '<b>Sources</b>' : '<b>Possibly related</b>');
    answer.citations.forEach((citation, i) => lines.push(`${i + 1}. ${formatSourceLine(citation)}`));
  }
  return lines.join('\n');
}

/** One statement: the quote, who said it and when, and the articles that report it. */
export function formatStatement(statement: Statement): string {
  // Reported speech is the article's paraphrase, not the speaker's words: no quotation marks.
  const quote = statement.kind === 'direct' ? `“${escapeHtml(statement.quote)}”` : `<i>${escapeHtml(statement.quote)}</i>`;
  const who = `<b>${escapeHtml(statement.speaker ?? statement.role ?? 'Unattributed')}</b>`;
  const role = statement.speaker && statement.role ? `, ${escapeHtml(statement.role)}` : '';
  const when = statement.said_on ?? statement.published;
  const date = when ? ` · ${formatDate(when)}` : '';
  const reported = statement.kind === 'reported' ? ' · reported speech' : '';
  const sources = statement.citations
    .map((c) => htmlLink(c.outlet ?? c.title, c.url))
    .join(', ');
  return `${quote}\n— ${who}${role}${date}${reported}${sources ? ` · ${sources}` : ''}`;
}

/** /latest: a header saying what was asked, then the statements newest first as the core ordered them (and the line of a partial result). */
export function formatLatest(
  statements: readonly Statement[] & { partial?: PartialReason },
  request: LatestRequest,
  speakers: readonly SpeakerCount[],
): string {
  const subject =
    request.matchedAs === 'all' ? '' : request.matchedAs === 'speaker' ? ` by ${escapeHtml(request.query!)}` : ` about ${escapeHtml(request.query!)}`;
  if (statements.length === 0) {
    const known = speakers.slice(0, 8).map((s) => escapeHtml(s.speaker));
    return [
      `I found no statements${subject || ''} in the coverage.`,
      known.length > 0 ? `People quoted in the coverage: ${known.join(', ')}.` : 'Try /latest with no name, or see /sources.',
      ...partialLine(statements),
    ].join('\n');
  }
  const items = statements.map((s, i) => `${i + 1}. ${formatStatement(s)}`);
  return [`<b>Latest statements${subject}</b>`, '', items.join('\n\n'), ...partialLine(statements)].join('\n');
}

/** How many articles /sources lists: a large coverage would otherwise take dozens of messages. */
export const SOURCES_LIST_MAX = 50;

/**
 * /sources: the first page of the coverage's articles (newest first, undated last, as the core
 * lists them), at most `max` of them, under the count of all `total`; with the line of a partial
 * listing (`partial`: the archive could not be listed, so these are the in-memory articles).
 */
export function formatSources(
  articles: readonly SourceLine[],
  total: number = articles.length,
  max: number = SOURCES_LIST_MAX,
  partial?: PartialReason,
): string {
  if (total === 0 || articles.length === 0) return ['The coverage has no articles yet.', ...partialLine({ partial })].join('\n');
  const shown = articles.slice(0, max);
  const noun = total === 1 ? 'article' : 'articles';
  const lines = [`<b>${total} ${noun} in the coverage</b>`, '', ...shown.map((a, i) => `${i + 1}. ${formatSourceLine(a)}`)];
  if (total > shown.length) lines.push('', `…and ${total - shown.length} more. Ask a question to search them all.`);
  lines.push(...partialLine({ partial }));
  return lines.join('\n');
}

/** /start and /help: what the bot covers, how to use it, and example questions drawn from the coverage. */
export function formatHelp(summary: CoverageSummary, speakers: readonly SpeakerCount[], botUsername: string): string {
  const noun = summary.articles === 1 ? 'article' : 'articles';
  const outlets = summary.outlets.length > 0 ? ` from ${summary.outlets.map(escapeHtml).join(', ')}` : '';
  const range =
    summary.from && summary.to
      ? summary.from === summary.to
        ? `, published on ${formatDate(summary.from)}`
        : `, published ${formatDate(summary.from)} to ${formatDate(summary.to)}`
      : '';
  const examples = speakers.slice(0, 2).flatMap((s) => [`/ask What did ${escapeHtml(s.speaker)} say?`]);
  const top = speakers[0];
  if (top) examples.push(`/latest ${escapeHtml(top.speaker)}`);
  const lines = [
    `I answer questions about <b>${summary.articles} news ${noun}</b>${outlets}${range}, always with the articles I answer from.`,
    '',
    '/ask <i>question</i> — ask about the coverage (in a private chat, just send the question)',
    '/latest <i>[speaker or topic]</i> — the newest statements, quoted and sourced',
    '/sources — every article I know',
    '/subscribe <i>speaker or topic</i> — get new statements in this chat (/unsubscribe, /subscriptions)',
    '/forget — delete what I keep about your questions',
    '',
    `In groups, mention @${escapeHtml(botUsername)}, reply to one of my answers, or use a command. In any chat, type @${escapeHtml(botUsername)} and a question to share an answer.`,
  ];
  if (examples.length > 0) lines.push('', '<b>Try</b>', ...examples);
  return lines.join('\n');
}

/** /subscriptions */
export function formatSubscriptions(subscriptions: readonly Subscription[]): string {
  if (subscriptions.length === 0) {
    return 'This chat follows nothing yet. Use /subscribe <i>speaker or topic</i> to get new statements here.';
  }
  const items = subscriptions.map((s, i) => `${i + 1}. ${escapeHtml(s.query)}`);
  return ['<b>This chat follows</b>', ...items, '', 'Use /unsubscribe <i>name</i> to stop one, or /unsubscribe to stop all.'].join('\n');
}
