import { describe, expect, test } from 'vitest';
import type { APIEmbed } from 'discord.js';
import type { Answer, Citation, Statement } from '../../../src/core/index.js';
import {
  coverageFooter,
  embedLength,
  fitEmbed,
  formatAnswerEmbed,
  formatCoverageEmbed,
  formatLatestEmbed,
  formatSourcesEmbeds,
  formatStatementEmbed,
  packEmbeds,
} from '../../../src/adapters/discord/format.js';
import * as limits from '../../../src/adapters/discord/limits.js';
import { escapeDiscordMarkdown } from '../../../src/adapters/discord/markdown.js';
import { PARTIAL_NOTICES } from '../../../src/service/index.js';

const footer = 'Coverage: 5 articles from TRT World · 2025-05-28 to 2025-06-02';

function citation(overrides: Partial<Citation> = {}): Citation {
  return {
    article: '000_4febd3ada957fb7c',
    outlet: 'TRT World',
    title: 'Kremlin says no plans yet for Putin-Trump call',
    published: '2025-05-29',
    url: 'https://www.trtworld.com/article/kremlin-no-plans',
    quote: 'Shoygu met Turkish intelligence chief Ibrahim Kalin and Memis.',
    passageId: '000_4febd3ada957fb7c#12',
    ...overrides,
  };
}

function answer(overrides: Partial<Answer> = {}): Answer {
  return { question: 'Who did Shoygu meet?', answer: 'Memis.', confident: true, citations: [citation()], type: 'who', ...overrides };
}

/** Every limit Discord enforces on one embed. */
function expectWithinLimits(embed: APIEmbed): void {
  expect(embed.title?.length ?? 0).toBeLessThanOrEqual(limits.EMBED_TITLE_MAX_LENGTH);
  expect(embed.description?.length ?? 0).toBeLessThanOrEqual(limits.EMBED_DESCRIPTION_MAX_LENGTH);
  expect(embed.footer?.text.length ?? 0).toBeLessThanOrEqual(limits.EMBED_FOOTER_MAX_LENGTH);
  expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(limits.EMBED_FIELDS_MAX);
  for (const f of embed.fields ?? []) {
    expect(f.name.length).toBeLessThanOrEqual(limits.EMBED_FIELD_NAME_MAX_LENGTH);
    expect(f.value.length).toBeLessThanOrEqual(limits.EMBED_FIELD_VALUE_MAX_LENGTH);
  }
  expect(embedLength(embed)).toBeLessThanOrEqual(limits.EMBEDS_TOTAL_MAX_LENGTH);
}

describe('formatAnswerEmbed', () => {
  test('puts the question in the title, the answer first in the description and the coverage in the footer', () => {
    const embed = formatAnswerEmbed(answer(), { footer });
    expect(embed.title).toBe('Who did Shoygu meet?');
    expect(embed.description?.startsWith('Memis.')).toBe(true);
    expect(embed.footer?.text).toBe(footer);
  });

  test('lists each citation on a numbered line with outlet, linked headline and date', () => {
    const embed = formatAnswerEmbed(answer({ citations: [citation(), citation({ outlet: 'RT', url: null, published: null, title: 'Second' })] }), { footer });
    expect(embed.description).toContain('1. TRT World — [Kremlin says no plans yet for Putin-Trump call](https://www.trtworld.com/article/kremlin-no-plans) · 2025-05-29');
    expect(embed.description).toContain('2. RT — Second · undated');
  });

  test('says plainly when the answer is not confident', () => {
    const embed = formatAnswerEmbed(answer({ confident: false, answer: 'The coverage does not say.' }), { footer });
    expect(embed.description).toMatch(/Not a confident answer/);
  });

  test('escapes markdown and mentions from the question, the answer and headlines', () => {
    const embed = formatAnswerEmbed(
      answer({ question: '@everyone **who**?', answer: 'Ask <@123> [here](https://evil.example)', citations: [citation({ title: '<@&1> __x__' })] }),
      { footer },
    );
    const text = `${embed.title}\n${embed.description}`.replace('**Sources**', '');
    expect(text).not.toMatch(/@everyone|(?<!\\)<@|(?<!\\)\*\*|(?<!\\)\[here/);
  });

  test('stays within every embed limit for huge questions, headlines and many citations', () => {
    const many = Array.from({ length: 40 }, (_, i) => citation({ title: `Headline ${i} ${'very long words '.repeat(200)}`, url: `https://example.com/${i}/${'p'.repeat(400)}` }));
    const embed = formatAnswerEmbed(answer({ question: 'q'.repeat(5000), answer: 'a '.repeat(3000), citations: many }), { footer: 'f'.repeat(3000) });
    expectWithinLimits(embed);
    expect(embed.description).toMatch(/…and \d+ more \(press Sources\)$/);
  });

  test('keeps whole citation lines: a link is never cut in the middle', () => {
    const many = Array.from({ length: 40 }, (_, i) => citation({ title: `Headline ${i} ${'w '.repeat(90)}` }));
    const embed = formatAnswerEmbed(answer({ citations: many }), { footer });
    const lines = embed.description!.split('\n').filter((l) => /^\d+\. /.test(l));
    for (const line of lines) expect(line).toMatch(/\]\(https:\/\/www\.trtworld\.com\/article\/kremlin-no-plans\) · 2025-05-29$/);
  });
});

describe('formatSourcesEmbeds and packEmbeds', () => {
  test('shows each cited passage quoted under its linked headline', () => {
    const [embed] = formatSourcesEmbeds(answer(), footer);
    expect(embed?.url).toBe('https://www.trtworld.com/article/kremlin-no-plans');
    expect(embed?.description).toBe('>>> Shoygu met Turkish intelligence chief Ibrahim Kalin and Memis.');
    expect(embed?.author?.name).toBe('TRT World · 2025-05-29');
  });

  test('splits many long passages into messages within 10 embeds and 6000 characters each', () => {
    const citations = Array.from({ length: 23 }, () => citation({ quote: 'long passage '.repeat(400) }));
    const messages = packEmbeds(formatSourcesEmbeds(answer({ citations }), footer));
    expect(messages.flat()).toHaveLength(23);
    for (const embeds of messages) {
      expect(embeds.length).toBeLessThanOrEqual(limits.EMBEDS_PER_MESSAGE_MAX);
      expect(embeds.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(limits.EMBEDS_TOTAL_MAX_LENGTH);
      for (const e of embeds) expectWithinLimits(e);
    }
  });
});

describe('fitEmbed', () => {
  test('drops fields beyond 25 and then beyond the 6000 total', () => {
    const fields = Array.from({ length: 30 }, (_, i) => ({ name: `n${i}`, value: 'v'.repeat(1000) }));
    const fitted = fitEmbed({ title: 't', fields });
    expectWithinLimits(fitted);
    expect(fitted.fields!.length).toBe(5);
  });
});

const statement: Statement = {
  id: 's1',
  speaker: 'Dmitry Peskov',
  role: 'Kremlin spokesman',
  quote: 'As far as I know, no response has been received yet',
  kind: 'direct',
  said_on: '2025-05-29',
  published: '2025-05-29',
  citations: [{ article: 'a', outlet: 'TRT World', title: 'Kremlin says no plans yet', published: '2025-05-29', url: 'https://www.trtworld.com/x' }],
};

describe('statements', () => {
  test('formatLatestEmbed names the filter and attributes, dates, quotes and cites each statement', () => {
    const embed = formatLatestEmbed([statement], { speaker: 'Peskov' }, footer);
    expect(embed.title).toBe('Latest statements by Peskov');
    expect(embed.description).toContain('**1. Dmitry Peskov**, Kremlin spokesman · 2025-05-29');
    expect(embed.description).toContain('> “As far as I know, no response has been received yet”');
    expect(embed.description).toContain('— TRT World — [Kremlin says no plans yet](https://www.trtworld.com/x) · 2025-05-29');
  });

  test('formatLatestEmbed stays within limits with many long statements', () => {
    const long = Array.from({ length: 10 }, () => ({ ...statement, quote: 'x '.repeat(2000) }));
    expectWithinLimits(formatLatestEmbed(long, {}, footer));
  });

  test('formatStatementEmbed announces a new statement and escapes it', () => {
    const embed = formatStatementEmbed({ ...statement, quote: '@everyone look <@1>' }, footer);
    expect(embed.title).toBe('New statement by Dmitry Peskov');
    expect(embed.description).not.toMatch(/@everyone|(?<!\\)<@1/);
  });
});

test('coverageFooter names the article count, outlets and date span', () => {
  expect(coverageFooter({ articles: 2, passages: 10, outlets: ['RT', 'TRT World'], from: '2025-05-28', to: '2025-06-02' })).toBe(
    'Coverage: 2 articles from RT, TRT World · 2025-05-28 to 2025-06-02',
  );
});

test('formatCoverageEmbed counts the articles it cannot list', () => {
  const article = { id: 'a', outlet: 'RT', title: 'T '.repeat(100), subtitle: null, author: null, published: '2025-05-29', url: 'https://rt.com/a', file: 'a.txt', body: '', passages: [] };
  const articles = Array.from({ length: 200 }, (_, i) => ({ ...article, id: `a${i}` }));
  const embed = formatCoverageEmbed({ articles: 200, passages: 0, outlets: ['RT'], from: '2025-05-29', to: '2025-05-29' }, articles, footer);
  expectWithinLimits(embed);
  expect(embed.description).toMatch(/…and \d+ more articles$/);
});

test('formatCoverageEmbed counts the articles beyond the page it is given (an archive lists one page)', () => {
  const article = { id: 'a', outlet: 'RT', title: 'Short headline', subtitle: null, author: null, published: '2025-05-29', url: null };
  const embed = formatCoverageEmbed({ articles: 5000, passages: 90000, outlets: ['RT'], from: '2020-01-01', to: '2025-05-29' }, [article, { ...article, id: 'b' }], footer);
  expectWithinLimits(embed);
  expect(embed.description).toMatch(/^5000 articles \(90000 passages\)/);
  expect(embed.description?.match(/• /g)).toHaveLength(2);
  expect(embed.description).toMatch(/\n…and 4998 more articles$/);
});

describe('results the core marked partial (the archive was unreachable)', () => {
  const line = `*${escapeDiscordMarkdown(PARTIAL_NOTICES['archive-unreachable'])}*`;

  test('formatAnswerEmbed adds the service’s line under the answer, before the sources; nothing under a whole answer', () => {
    const embed = formatAnswerEmbed(answer({ partial: 'archive-unreachable' }), { footer });
    expect(embed.description?.startsWith(`Memis.\n\n${line}\n\n**Sources**`)).toBe(true);
    expect(formatAnswerEmbed(answer(), { footer }).description).not.toContain(line);
    expectWithinLimits(formatAnswerEmbed(answer({ answer: 'a '.repeat(3000), partial: 'archive-unreachable' }), { footer }));
  });

  test('formatLatestEmbed and formatCoverageEmbed add it above the list', () => {
    const latest = formatLatestEmbed(Object.assign([statement], { partial: 'archive-unreachable' as const }), {}, footer);
    expect(latest.description?.startsWith(`${line}\n\n**1. Dmitry Peskov**`)).toBe(true);
    expect(formatLatestEmbed([statement], {}, footer).description).not.toContain(line);
    const article = { id: 'a', outlet: 'RT', title: 'Short headline', subtitle: null, author: null, published: '2025-05-29', url: null };
    const sources = formatCoverageEmbed({ articles: 8, passages: 90, outlets: ['RT'], from: '2020-01-01', to: '2025-05-29' }, [article], footer, 'archive-unreachable');
    expect(sources.description).toMatch(/^8 articles \(90 passages\), published 2020-01-01 to 2025-05-29\.\n\*Part of the archive/);
    expect(sources.description).toContain(line);
    expect(sources.description).toMatch(/\n…and 7 more articles$/);
  });
});
