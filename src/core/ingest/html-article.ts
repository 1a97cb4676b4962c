import { createRequire } from 'node:module';
import type { Readability } from '@mozilla/readability';
import type { parseHTML } from 'linkedom';
import { parseMachineDate } from './dates.js';
import { hostOf, type OutletDirectory } from './outlets.js';
import { extractFromText, type ArticleHints, type ExtractedArticle } from './text-article.js';

/**
 * HTML pages: metadata from the page head (JSON-LD NewsArticle, OpenGraph, article:published_time,
 * <time datetime>, canonical link, <title>), main content from @mozilla/readability on a linkedom
 * DOM, then the same text rules as plain-text articles for what the extractor leaves in.
 */

const ARTICLE_TYPES = /^(?:NewsArticle|Article|ReportageNewsArticle|AnalysisNewsArticle|BackgroundNewsArticle|OpinionNewsArticle|ReviewNewsArticle|BlogPosting|LiveBlogPosting|Report|ScholarlyArticle|TechArticle|SocialMediaPosting)$/;
type Page = ReturnType<typeof parseHTML>['document'];
type ReadabilityDocument = ConstructorParameters<typeof Readability>[0];

interface HtmlLibraries {
  parseHTML: typeof parseHTML;
  Readability: typeof Readability;
}
let libraries: HtmlLibraries | undefined;

/**
 * linkedom and Readability, loaded on the first HTML page: they take a fifth of a second to load,
 * which a corpus of plain-text files (and the CLI's cold start over one) need not pay.
 */
function htmlLibraries(): HtmlLibraries {
  if (!libraries) {
    const require = createRequire(import.meta.url);
    libraries = {
      parseHTML: (require('linkedom') as { parseHTML: typeof parseHTML }).parseHTML,
      Readability: (require('@mozilla/readability') as { Readability: typeof Readability }).Readability,
    };
  }
  return libraries;
}

const BLOCKS = 'p, h1, h2, h3, h4, h5, h6, li, blockquote, pre, dd, dt, figcaption, td';

/** Extracts an article from an HTML page, or returns null when the page holds no article text. */
export function extractFromHtml(html: string, outlets: OutletDirectory): ExtractedArticle | null {
  const { parseHTML, Readability } = htmlLibraries();
  const { document } = parseHTML(html);
  // Text with no tag at all parses to a document without a root element, which Readability rejects.
  if (!document.documentElement) return null;
  const hints = pageMetadata(document, outlets);
  const parsed = new Readability(document as unknown as ReadabilityDocument, { charThreshold: 200 }).parse();
  if (!parsed?.content) return null;
  hints.title ??= clean(parsed.title) ?? null;
  hints.author ??= personName(parsed.byline);
  hints.published ??= parseMachineDate(parsed.publishedTime);
  if (!hints.outlet && parsed.siteName) hints.outlet = outlets.byName(parsed.siteName) ?? clean(parsed.siteName) ?? null;
  const text = contentText(parsed.content);
  const article = extractFromText(text, { outlets, hints: withoutNulls(hints) });
  return article.paragraphs.length > 0 ? article : null;
}

/** Block elements of the extracted content as paragraphs separated by blank lines. */
function contentText(content: string): string {
  const { document } = htmlLibraries().parseHTML(`<!DOCTYPE html><html><body>${content}</body></html>`);
  const blocks: string[] = [];
  for (const element of document.querySelectorAll(BLOCKS)) {
    // Nested blocks (a <p> inside an <li>) are read once, at the innermost level.
    if (element.querySelector(BLOCKS)) continue;
    if (element.closest('figcaption') && element.tagName !== 'FIGCAPTION') continue;
    if (element.tagName === 'FIGCAPTION') continue;
    const text = (element.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (text) blocks.push(text);
  }
  if (blocks.length === 0) {
    const text = (document.body?.textContent ?? '').replace(/[ \t]+/g, ' ').trim();
    if (text) blocks.push(...text.split(/\n\s*\n/));
  }
  return blocks.join('\n\n');
}

function pageMetadata(document: Page, outlets: OutletDirectory): ArticleHints {
  const meta = (key: string): string | null => {
    const element =
      document.querySelector(`meta[property="${key}"]`) ?? document.querySelector(`meta[name="${key}"]`);
    return clean(element?.getAttribute('content'));
  };
  const ld = jsonLdArticle(document);
  const canonical = clean(document.querySelector('link[rel="canonical"]')?.getAttribute('href'));
  const url = absoluteUrl(ld.url) ?? absoluteUrl(canonical) ?? absoluteUrl(meta('og:url'));
  const titleTag = clean(document.querySelector('title')?.textContent);
  const siteName = ld.publisher ?? meta('og:site_name') ?? meta('application-name') ?? titleSuffix(titleTag);
  const published =
    parseMachineDate(ld.datePublished) ??
    parseMachineDate(meta('article:published_time')) ??
    parseMachineDate(meta('og:published_time')) ??
    parseMachineDate(meta('date')) ??
    parseMachineDate(meta('pubdate')) ??
    parseMachineDate(meta('publish-date')) ??
    parseMachineDate(meta('dc.date')) ??
    parseMachineDate(document.querySelector('time[datetime]')?.getAttribute('datetime'));
  const host = url ? hostOf(url) : null;
  const outlet =
    (siteName ? outlets.byName(siteName) : null) ??
    (host ? outlets.byDomain(host) : null) ??
    siteName ??
    host;
  const title = ld.headline ?? meta('og:title') ?? meta('twitter:title') ?? stripSiteSuffix(titleTag, siteName);
  return {
    title: title ?? undefined,
    subtitle: meta('og:description') ?? meta('description') ?? undefined,
    author: ld.author ?? personName(meta('author')) ?? personName(meta('article:author')) ?? undefined,
    published: published ?? undefined,
    url: url ?? undefined,
    outlet: outlet ?? undefined,
  } as ArticleHints;
}

interface JsonLdFields {
  headline: string | null;
  datePublished: string | null;
  author: string | null;
  publisher: string | null;
  url: string | null;
}

/** The first NewsArticle-like object in the page's JSON-LD blocks (top level, arrays or @graph). */
function jsonLdArticle(document: Page): JsonLdFields {
  const empty: JsonLdFields = { headline: null, datePublished: null, author: null, publisher: null, url: null };
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    let data: unknown;
    try {
      data = JSON.parse(script.textContent ?? '');
    } catch {
      continue;
    }
    const found = findArticleObject(data, 0);
    if (found) {
      return {
        headline: textOf(found.headline) ?? textOf(found.name),
        datePublished: textOf(found.datePublished) ?? textOf(found.dateCreated),
        author: namesOf(found.author),
        publisher: namesOf(found.publisher) ?? namesOf(found.sourceOrganization),
        url: textOf(found.url) ?? idOf(found.mainEntityOfPage),
      };
    }
  }
  return empty;
}

function findArticleObject(value: unknown, depth: number): Record<string, unknown> | null {
  if (depth > 5 || value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findArticleObject(item, depth + 1);
      if (found) return found;
    }
    return null;
  }
  const object = value as Record<string, unknown>;
  const types = ([] as unknown[]).concat(object['@type'] ?? []);
  if (types.some((t) => typeof t === 'string' && ARTICLE_TYPES.test(t))) return object;
  return findArticleObject(object['@graph'], depth + 1);
}

function textOf(value: unknown): string | null {
  return typeof value === 'string' ? clean(value) : null;
}

function idOf(value: unknown): string | null {
  if (typeof value === 'string') return clean(value);
  if (value && typeof value === 'object') return textOf((value as Record<string, unknown>)['@id']) ?? textOf((value as Record<string, unknown>).url);
  return null;
}

function namesOf(value: unknown): string | null {
  const list = ([] as unknown[]).concat(value ?? []);
  const names = list
    .map((item) => (typeof item === 'string' ? clean(item) : item && typeof item === 'object' ? textOf((item as Record<string, unknown>).name) : null))
    .filter((n): n is string => !!n && !/^https?:\/\//.test(n));
  return names.length > 0 ? names.join(', ') : null;
}

/** A byline as a name, or null when it is something else (a URL, a date, a whole sentence). */
function personName(value: string | null | undefined): string | null {
  const text = clean(value)?.replace(/^by\s+/i, '');
  if (!text || /^https?:\/\//.test(text) || /\d/.test(text) || text.length > 120) return null;
  if (/\b(?:posted|published|updated|ago|read|minutes?)\b/i.test(text) || text.split(/\s+/).length > 12) return null;
  return text;
}

/** "Headline – Site Name": the short last part of a <title>, which names the site. */
function titleSuffix(title: string | null): string | null {
  const parts = title?.split(/\s+[|–—-]\s+/) ?? [];
  const last = parts.at(-1);
  return parts.length >= 2 && last && last.split(/\s+/).length <= 4 ? last : null;
}

function stripSiteSuffix(title: string | null, siteName: string | null): string | null {
  if (!title) return null;
  const parts = title.split(/\s+[|–—-]\s+/);
  if (parts.length < 2) return title;
  const last = parts.at(-1)!;
  if ((siteName && last.toLowerCase() === siteName.toLowerCase()) || last.split(/\s+/).length <= 4) {
    return parts.slice(0, -1).join(' - ');
  }
  return title;
}

function absoluteUrl(value: string | null): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function clean(value: string | null | undefined): string | null {
  const text = value?.replace(/\s+/g, ' ').trim();
  return text ? text : null;
}

function withoutNulls(hints: ArticleHints): ArticleHints {
  return Object.fromEntries(Object.entries(hints).filter(([, v]) => v !== null && v !== undefined)) as ArticleHints;
}
