import { describe, expect, it } from 'vitest';
import { escapeHtml, htmlLink, splitTelegramHtml } from '../../../src/adapters/telegram/html.js';
import { MESSAGE_MAX_LENGTH } from '../../../src/adapters/telegram/limits.js';

/** Checks a part the way Telegram's HTML parser would: tags balanced and properly nested, entities whole. */
function assertValidTelegramHtml(part: string): void {
  const open: string[] = [];
  for (const [tag, closing, name] of part.matchAll(/<(\/?)([a-z]+)[^>]*>/g)) {
    if (closing) expect(open.pop(), `unbalanced ${tag} in ${part.slice(0, 80)}`).toBe(name);
    else open.push(name!);
  }
  expect(open).toEqual([]);
  // Every & starts a whole entity; every < starts a whole tag.
  expect(part.replace(/&(amp|lt|gt|quot|#\d+);/g, '')).not.toContain('&');
  expect(part.replace(/<\/?[a-z]+(\s[^<>]*)?>/g, '')).not.toMatch(/[<>]/);
}

const visibleText = (html: string) => html.replace(/<[^>]*>/g, '');

describe('escapeHtml', () => {
  it('escapes the characters Telegram HTML gives meaning to', () => {
    expect(escapeHtml('<b>bold</b> & </a> "q"')).toBe('&lt;b&gt;bold&lt;/b&gt; &amp; &lt;/a&gt; &quot;q&quot;');
  });

  it('escapes an ampersand that already looks like an entity, so it shows as typed', () => {
    expect(escapeHtml('&amp; &lt;')).toBe('&amp;amp; &amp;lt;');
  });

  it('turns a lone surrogate into a replacement character and keeps real emoji', () => {
    expect(escapeHtml('a\uD800b 😀')).toBe('a\uFFFDb 😀');
  });

  it('drops control characters but keeps newlines and tabs', () => {
    expect(escapeHtml('a\u0000b\u0007c\nd\te')).toBe('abc\nd\te');
  });

  it('neutralizes an attempt to close an attribute and inject a tag', () => {
    const link = htmlLink('x', 'https://example.com/"><script>');
    expect(link).toBe('<a href="https://example.com/&quot;&gt;&lt;script&gt;">x</a>');
  });

  it('does not link a URL that is not http(s)', () => {
    expect(htmlLink('click <me>', 'javascript:alert(1)')).toBe('click &lt;me&gt;');
  });
});

describe('splitTelegramHtml', () => {
  it('keeps a short message whole', () => {
    expect(splitTelegramHtml('<b>hi</b>\nthere')).toEqual(['<b>hi</b>\nthere']);
  });

  it('splits a long message on line boundaries', () => {
    const lines = Array.from({ length: 200 }, (_, i) => `${i + 1}. <b>Outlet</b> — <a href="https://example.com/${i}">Headline number ${i}</a>`);
    const parts = splitTelegramHtml(lines.join('\n'));
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(MESSAGE_MAX_LENGTH);
      assertValidTelegramHtml(part);
    }
    // No line was cut: each part is a run of whole lines, together all of them in order.
    expect(parts.flatMap((p) => p.split('\n'))).toEqual(lines);
  });

  it('splits a single overlong line at spaces, outside tags and entities', () => {
    const line = Array.from({ length: 900 }, (_, i) => (i % 7 === 0 ? `<a href="https://e.com/${i}">w&amp;${i}</a>` : `word${i}`)).join(' ');
    const parts = splitTelegramHtml(line, 1000);
    expect(parts.length).toBeGreaterThan(5);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(1000);
      assertValidTelegramHtml(part);
    }
    expect(parts.map(visibleText).join(' ')).toBe(visibleText(line));
  });

  it('closes an element open at a split and reopens it in the next part', () => {
    const quote = `<i>${'very long quote '.repeat(400).trim()}</i>`;
    const parts = splitTelegramHtml(`<b>Header</b>\n${quote}`, 1000);
    expect(parts.length).toBeGreaterThan(5);
    for (const part of parts.slice(1)) {
      expect(part.startsWith('<i>')).toBe(true);
      expect(part.endsWith('</i>')).toBe(true);
      assertValidTelegramHtml(part);
    }
  });

  it('cuts a line with no spaces between characters, never inside an entity or an emoji', () => {
    const line = '&amp;😀x'.repeat(500);
    const parts = splitTelegramHtml(line, 100);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(100);
      assertValidTelegramHtml(part);
      expect(part).not.toMatch(/[\uD800-\uDBFF]$/);
      expect(part).not.toMatch(/^[\uDC00-\uDFFF]/);
    }
    expect(parts.join('')).toBe(line);
  });

  it('drops parts that would hold no visible text', () => {
    expect(splitTelegramHtml('\n\n\n')).toEqual([]);
  });
});
