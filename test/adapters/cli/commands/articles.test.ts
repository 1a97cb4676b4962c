import { beforeAll, describe, expect, it } from 'vitest';
import { articleJson, formatArticleLine } from '../../../../src/adapters/cli/commands/articles.js';
import { assertBuilt, runCli } from '../../../support/cli.js';

beforeAll(assertBuilt);

describe('coverage-bot articles', () => {
  it('lists the articles with their metadata and passage counts as JSON', async () => {
    const { code, stdout } = await runCli(['articles', '--json']);
    expect(code).toBe(0);
    const articles = JSON.parse(stdout) as Record<string, unknown>[];
    expect(articles).toHaveLength(5);
    // Newest first, as every listing (the seeds' dates decide; the ids below are in file order).
    const dates = articles.map((a) => String(a.published ?? ''));
    expect(dates).toEqual([...dates].sort().reverse());
    expect(articles.map((a) => a.article).sort()).toEqual([
      '000_4febd3ada957fb7c',
      '001_389ba111ca556c41',
      '002_139fa1bb7e812c3d',
      '003_9be217cb5ba1d0f2',
      '004_f199326b91c0929f',
    ]);
    for (const a of articles) {
      expect(typeof a.title).toBe('string');
      expect(a.passages).toBeGreaterThan(0);
    }
    expect(articles.find((a) => a.article === '004_f199326b91c0929f')).toMatchObject({ outlet: 'The Moscow Times', published: '2025-05-12' });
  });
});

describe('formatArticleLine and articleJson', () => {
  const article = { id: '004_x', outlet: 'The Moscow Times', title: 'Kremlin Reiterates', subtitle: 'Sub', author: 'A. Writer', published: '2025-05-12', url: 'https://example.com/a', passages: 12 };

  it('writes id, outlet — title, (date), passage count and URL, leaving out what is missing', () => {
    expect(formatArticleLine(article)).toBe('004_x  The Moscow Times — Kremlin Reiterates (2025-05-12)  [12 passages] https://example.com/a');
    expect(formatArticleLine({ ...article, outlet: null, published: null, url: null })).toBe('004_x  Kremlin Reiterates  [12 passages]');
  });

  it('names the id `article` in JSON and keeps exactly the contract’s fields', () => {
    expect(articleJson(article)).toEqual({ article: '004_x', outlet: 'The Moscow Times', title: 'Kremlin Reiterates', subtitle: 'Sub', author: 'A. Writer', published: '2025-05-12', url: 'https://example.com/a', passages: 12 });
  });
});
