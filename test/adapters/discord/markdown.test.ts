import { describe, expect, test } from 'vitest';
import { escapeDiscordMarkdown, maskedLink, truncateText } from '../../../src/adapters/discord/markdown.js';

describe('escapeDiscordMarkdown', () => {
  test('leaves plain prose unchanged', () => {
    expect(escapeDiscordMarkdown('Peskov said on Thursday that talks were possible.')).toBe('Peskov said on Thursday that talks were possible.');
  });

  test('escapes bold, italics, underline, strikethrough, spoilers and code', () => {
    expect(escapeDiscordMarkdown('**bold** _it_ __u__ ~~s~~ ||spoiler|| `code` ```block```')).toBe(
      '\\*\\*bold\\*\\* \\_it\\_ \\_\\_u\\_\\_ \\~\\~s\\~\\~ \\|\\|spoiler\\|\\| \\`code\\` \\`\\`\\`block\\`\\`\\`',
    );
  });

  test('breaks masked links so a headline cannot link anywhere', () => {
    expect(escapeDiscordMarkdown('[click me](https://evil.example)')).toBe('\\[click me\\](https://evil.example)');
  });

  test('neutralises user, role, channel mentions and timestamps', () => {
    expect(escapeDiscordMarkdown('<@123> <@!123> <@&456> <#789> <t:1700000000:R>')).toBe(
      '\\<@123\\> \\<@!123\\> \\<@&456\\> \\<#789\\> \\<t:1700000000:R\\>',
    );
  });

  test('puts a zero-width space into @everyone and @here', () => {
    const out = escapeDiscordMarkdown('hey @everyone and @here, @Everyone');
    expect(out).not.toMatch(/@everyone|@here/i);
    expect(out.replace(/\u200b/g, '')).toBe('hey @everyone and @here, @Everyone');
  });

  test('escapes headings, lists, subtext and block quotes at line starts only', () => {
    expect(escapeDiscordMarkdown('# Title\n- item\n1. first\n-# small\n> quoted\nmid-line # and - stay')).toBe(
      '\\# Title\n\\- item\n1\\. first\n\\-# small\n\\> quoted\nmid-line # and - stay',
    );
  });

  test('escapes a backslash so it cannot escape what we add after it', () => {
    expect(escapeDiscordMarkdown('ends with \\')).toBe('ends with \\\\');
  });

  test('removes control characters and bidirectional overrides', () => {
    expect(escapeDiscordMarkdown('a\u0000b\u202ec\u0007d')).toBe('abcd');
  });
});

describe('truncateText', () => {
  test('returns short text as is', () => {
    expect(truncateText('short', 10)).toBe('short');
  });

  test('cuts at a word boundary near the limit and ends with an ellipsis', () => {
    const out = truncateText('The Kremlin said no plans for a call yet', 30);
    expect(out.length).toBeLessThanOrEqual(30);
    expect(out).toBe('The Kremlin said no plans for…');
  });

  test('never leaves half a surrogate pair', () => {
    const out = truncateText(`${'a'.repeat(8)}😀😀😀`, 10);
    expect(out.length).toBeLessThanOrEqual(10);
    expect(out).toBe('aaaaaaaa…');
  });

  test('never leaves a dangling escape backslash', () => {
    const out = truncateText(escapeDiscordMarkdown('abcdefgh*ijk'), 10);
    expect(out.length).toBeLessThanOrEqual(10);
    expect(out).not.toMatch(/(^|[^\\])(\\\\)*\\…$/);
  });
});

describe('maskedLink', () => {
  test('links an http(s) URL with an escaped label', () => {
    expect(maskedLink('Shoygu [meets] Memis', 'https://www.trtworld.com/a?b=1')).toBe('[Shoygu \\[meets\\] Memis](https://www.trtworld.com/a?b=1)');
  });

  test('percent-encodes parentheses so the URL cannot close the link early', () => {
    expect(maskedLink('x', 'https://example.com/a_(b)')).toBe('[x](https://example.com/a_%28b%29)');
  });

  test('shows only the label for a missing, non-http or overlong URL', () => {
    expect(maskedLink('title', null)).toBe('title');
    expect(maskedLink('title', 'javascript:alert(1)')).toBe('title');
    expect(maskedLink('title', `https://example.com/${'a'.repeat(600)}`)).toBe('title');
  });
});
