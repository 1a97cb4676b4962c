import { countWords } from './normalize.js';

/**
 * Rules that recognise page furniture in article text: widgets, players, credits, notices and
 * navigation that web pages put around an article. Every rule describes a kind of furniture, not
 * one outlet's wording, because the same shapes appear on every news site.
 */

/** Marker words that introduce a list of other articles' headlines. */
const LIST_MARKERS = [
  'explore', 'related', 'recommended', 'read more', 'read also', 'also read', 'see also', 'more on this',
  'more on this story', 'more from', 'more stories', 'more news', 'latest news', 'latest', 'most read',
  'most popular', 'popular', 'trending', 'top stories', 'you may also like', 'you might also like',
  'related articles', 'related stories', 'related news', 'related content', 'related topics',
  'recommended stories', 'recommended for you', 'editor’s picks', "editor's picks", 'further reading',
  'what to read next', 'read next', 'up next', 'in other news', 'more in', 'also on',
];
const LIST_MARKER_LINE = new RegExp(
  `^(?:${LIST_MARKERS.map((m) => m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})\\s*[:：»›>]*$`,
  'i',
);
/** Longer marker headings: "Explore more on these topics", "More from Europe", "Related coverage". */
const LIST_MARKER_PHRASE = /^(?:explore more|more (?:on|from|about|in|stories|news|coverage)|related (?:coverage|reading|links|videos?)|read more (?:on|about|from)|you (?:may|might) also|recommended (?:for|reading))\b[^.!?]{0,40}$/i;
/** "RelatedTRT Global - ...": a marker glued to the first headline (the page's spacing was lost). */
const GLUED_LIST_MARKER = /^(?:Related|Recommended|Explore|Read more|Read also|Also read|See also|Trending|Latest|Popular|Most read)(?=\p{Lu})\S/u;
/** "Related article: Some headline", "READ MORE: ..." — one linked headline on its own line. */
const LINKED_HEADLINE = /^(?:related(?: articles?| stories| story| news| content| coverage)?|read (?:more|also|next)|also read|see also|more|recommended|watch|listen|explainer|opinion|analysis)\s*[:：|»›>–—-]\s*\S/i;

/** Short lines that only label page furniture. */
const LABELS = new Set([
  'advertisement', 'advert', 'ad', 'sponsored', 'sponsored content', 'share', 'share this', 'share this article',
  'share on facebook', 'share on twitter', 'tweet', 'email', 'print', 'comments', 'comment', 'leave a comment',
  'podcasts', 'podcast', 'video', 'videos', 'watch', 'listen', 'listen to this article', 'photo', 'photos',
  'gallery', 'subscribe', 'sign up', 'sign in', 'log in', 'login', 'register', 'menu', 'search', 'home',
  'close', 'skip to content', 'skip to main content', 'back to top', 'top', 'next', 'previous', 'follow us',
  'newsletter', 'topics', 'tags', 'more', 'loading', 'loading...', 'cookie settings', 'accept', 'world',
  'news', 'opinion', 'analysis', 'features', 'live', 'breaking', 'breaking news', 'exclusive', 'updated',
  'save', 'saved', 'bookmark', 'copy link', 'link copied', 'reuse this content', 'print this page',
  'click here to share on social media', 'listen to this story', 'play', 'pause', 'enlarge', 'expand',
  'view comments', 'show more', 'read more', 'see more', 'load more', 'gift this article', 'translate',
]);
/** Promotion of the outlet itself: newsletters, memberships, apps, donations. */
const SELF_PROMOTION = /^(?:subscribe|sign up|join|become a (?:member|subscriber|patron)|support (?:us|our|independent)|donate|download (?:our|the)|get (?:our|the latest|breaking)|follow (?:us|our)|we need your (?:help|support)|help us)\b.{0,200}\b(?:newsletter|subscri\w+|membership|member|journalism|app|donat\w+|telegram|whatsapp|channel|updates|inbox|support)\b/i;
/** Photo captions as BBC-style pages export them: "Image source, Getty Images", "Image caption, …". */
const MEDIA_LABEL = /^(?:image|video|media|audio) (?:source|caption|credit|copyright)\s*[,:]/i;
/** "share2", "Share 14", counters and button residue. */
const WIDGET_RESIDUE = /^(?:share|comments?|likes?|views?|tweets?)\s*\d*$/i;

const TIMECODE = /^(?:\d{1,2}:)?\d{1,2}:\d{2}(?:\s*\/\s*(?:\d{1,2}:)?\d{1,2}:\d{2})?$/;
const READING_TIME = /^(?:\d+|one|two|three|four|five)\s*(?:-\s*)?(?:min(?:ute)?s?\.?)\s*(?:read|reading time)?$|^reading time:?\s*\d+\s*min/i;
const NAV_SYMBOLS = /^[\/|>»›•·\\\-–—:*#=+~_]+$/;
const BARE_URL = /^<?(?:https?:\/\/|www\.)\S+>?$/i;
const COPYRIGHT = /^(?:©|\(c\)\s*\d{4}|copyright\b|all rights reserved)|\ball rights reserved\b|\bdistributed by\b.*\b(?:agency|syndicate|services?|llc|inc)\b/i;
const COMMENT_NOTICE = /\bcomments? (?:powered by|are closed|section|policy)\b|\bcommenting (?:system|policy|platform)\b|\bto (?:leave|post|write) (?:a )?comments?\b|\bdisqus\b|^dear readers\b|\bjoin the (?:conversation|discussion)\b|^(?:\d+\s+)?comments?\s*\(\d+\)$|^show comments$/i;
/** Words that make the part after " / " an image credit ("… / Reuters", "Name / pool photo via AP"). */
const CREDIT_WORDS = /\b(?:photo(?:graph)?s?|pool|via|getty|images?|file|handout|courtesy|credit|reuters|ap|afp|epa|efe|tass|sputnik|ria novosti|anadolu|aa|xinhua|shutterstock|alamy|bloomberg|ansa|dpa|pa|sipa|kremlin\.ru|press service|press office|screenshot|screengrab|illustration)\b/i;
const PHOTO_LABEL_START = /^(?:photo|image|picture|pictured|illustration|file photo|credit|photograph|source|video)\s*(?:by|credit)?\s*[:：]|^\(?(?:photo|image|illustration)(?: by| credit)?[:：]?\s/i;
const PHOTO_LABEL_END_HINT = /[)s]$/;
const PHOTO_LABEL_END = /\((?:photo|image)(?: by|:)[^)]*\)$|\b(?:getty images|shutterstock)\)?$/i;
const ICON_WORD = /icon/gi;
const SOCIAL_SHARE = /^(?:share|follow us)(?: on| via)?[:\s]+(?:facebook|twitter|x|telegram|whatsapp|linkedin|email|vk|reddit)(?:[\s,|/]+(?:facebook|twitter|x|telegram|whatsapp|linkedin|email|vk|reddit))*$/i;
const PUBLISHED_IN = /^(?:published|posted|filed|appeared) (?:in|under)\s+[\p{L}&,' ]{1,60}$/iu;
const CONTACT_LINE = /^(?:contact|email|e-mail|write to|follow)\b.*(?:@|\bat\b).{0,80}$/i;

/** True when `line` is a marker such as "Explore" or "Recommended" that heads a list of other headlines. */
export function isListMarker(line: string): boolean {
  return LIST_MARKER_LINE.test(line) || (LIST_MARKER_PHRASE.test(line) && countWords(line) <= 7);
}

/** True for a marker glued to a headline, such as "RelatedTRT Global - …". */
export function isGluedListItem(line: string): boolean {
  return GLUED_LIST_MARKER.test(line) && !/[.!?]["”’)]?$/.test(line);
}

/** True for an image caption or credit line. */
export function isImageCredit(line: string, words = countWords(line)): boolean {
  if (words > 60) return false;
  const slash = line.lastIndexOf(' / ');
  if (slash >= 0) {
    const credit = line.slice(slash + 3);
    if (countWords(credit) <= 8 && CREDIT_WORDS.test(credit)) return true;
  }
  return PHOTO_LABEL_START.test(line) || (PHOTO_LABEL_END_HINT.test(line) && PHOTO_LABEL_END.test(line));
}

/** True for lines of icon names that an icon font leaves behind ("icon bookmark-bicon …"). */
export function isIconJunk(line: string, words = countWords(line)): boolean {
  if (!line.includes('icon')) return false;
  const icons = line.match(ICON_WORD)?.length ?? 0;
  return icons >= 3 && icons * 6 >= words;
}

/**
 * True when `line` is page furniture on its own: player timecodes, reading time, navigation
 * symbols, bare links, copyright and distribution lines, comment-system notices, image credits,
 * icon-font junk, share buttons and one-line related-article links.
 */
export function isFurnitureLine(line: string, words = countWords(line)): boolean {
  if (line === '') return false;
  // Long lines are running text; of the furniture only notices and copyright lines get that long.
  if (line.length > 400) return COMMENT_NOTICE.test(line) || (COPYRIGHT.test(line) && words <= 80) || isIconJunk(line, words);
  if (
    COPYRIGHT.test(line) ||
    COMMENT_NOTICE.test(line) ||
    LINKED_HEADLINE.test(line) ||
    MEDIA_LABEL.test(line) ||
    (SELF_PROMOTION.test(line) && words <= 40) ||
    isImageCredit(line, words) ||
    isIconJunk(line, words)
  ) {
    return true;
  }
  // The remaining kinds are all short lines.
  return (
    words <= 15 &&
    (TIMECODE.test(line) ||
      READING_TIME.test(line) ||
      NAV_SYMBOLS.test(line) ||
      BARE_URL.test(line) ||
      SOCIAL_SHARE.test(line) ||
      PUBLISHED_IN.test(line) ||
      WIDGET_RESIDUE.test(line) ||
      CONTACT_LINE.test(line) ||
      isLabel(line))
  );
}

/** True for a short label such as "Podcasts", "Comments" or "Advertisement". */
export function isLabel(line: string): boolean {
  const key = line.toLowerCase().replace(/[:：.!»›>|]+$/, '').trim();
  return LABELS.has(key);
}

/** True for a line written in no Latin letter at all (a language switch such as "عربي" on an English page). */
export function isForeignScriptSnippet(line: string, documentIsLatin: boolean, words = countWords(line)): boolean {
  return documentIsLatin && words <= 4 && /\p{L}/u.test(line) && !/\p{Script=Latin}/u.test(line);
}
