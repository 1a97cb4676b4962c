import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatStatements, newestFirst } from '../../../../src/adapters/cli/commands/latest.js';
import type { Statement } from '../../../../src/core/index.js';
import { assertBuilt, runCli, seeds } from '../../../support/cli.js';

beforeAll(assertBuilt);

describe('coverage-bot latest', () => {
  it('prints a JSON array with exactly the contract’s fields, newest first', async () => {
    const { code, stdout } = await runCli(['latest', '--json', '--corpus', seeds]);
    expect(code).toBe(0);
    const statements = JSON.parse(stdout) as Record<string, unknown>[];
    expect(statements.length).toBe(10);
    for (const s of statements) {
      expect(Object.keys(s).sort()).toEqual(['citations', 'published', 'quote', 'role', 'said_on', 'speaker', 'speaker_kind']);
      for (const c of s.citations as Record<string, unknown>[]) {
        expect(Object.keys(c).sort()).toEqual(['article', 'outlet', 'published', 'title', 'url']);
      }
    }
    const days = statements.map((s) => String(s.said_on ?? ''));
    expect(days).toEqual([...days].sort().reverse());
  });

  it('lists the newest article’s statements first when nothing is filtered', async () => {
    const { stdout } = await runCli(['latest', '--json', '--limit', '100', '--corpus', seeds]);
    const statements = JSON.parse(stdout) as { citations: { article: string; published: string | null }[] }[];
    const newest = statements.flatMap((s) => s.citations).reduce((a, b) => ((b.published ?? '') > (a.published ?? '') ? b : a));
    const firstOther = statements.findIndex((s) => !s.citations.some((c) => c.article === newest.article));
    const lastNewest = statements.findLastIndex((s) => s.citations.some((c) => c.article === newest.article));
    expect(firstOther).toBeGreaterThan(0);
    expect(lastNewest).toBeLessThan(firstOther);
  });

  it('filters by speaker alias, topic and limit', async () => {
    const { code, stdout } = await runCli(['latest', '--speaker', 'shoigu', '--topic', 'Istanbul', '--limit', '2', '--json']);
    expect(code).toBe(0);
    const statements = JSON.parse(stdout) as { speaker: string; quote: string }[];
    expect(statements).toHaveLength(2);
    expect(statements.every((s) => s.speaker === 'Sergey Shoygu')).toBe(true);
    expect(statements[0]!.quote).toMatch(/Istanbul/);
  });

  it('keeps only statements since a date', async () => {
    const { stdout } = await runCli(['latest', '--since', '2025-07-01', '--json']);
    const statements = JSON.parse(stdout) as { said_on: string }[];
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.every((s) => s.said_on >= '2025-07-01')).toBe(true);
  });

  it('prints readable text with speaker, date, quote and source', async () => {
    const { code, stdout } = await runCli(['latest', '--speaker', 'Kremlin spokesman', '--limit', '1']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\d{4}-\d{2}-\d{2} {2}Dmitry Peskov \(Kremlin spokesman\)\n/);
    expect(stdout).toContain('  — ');
  });

  it('says so when nothing matches', async () => {
    const { code, stdout } = await runCli(['latest', '--speaker', 'nobody-at-all']);
    expect(code).toBe(0);
    expect(stdout).toBe('No statements match.\n');
  });

  it('rejects a bad --since with exit 2 and one line', async () => {
    const { code, stdout, stderr } = await runCli(['latest', '--since', '2025-02-30']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('--since');
  });

  it('rejects a bad --limit with exit 2 and one line', async () => {
    for (const limit of ['0', 'ten', '-3', '2.5']) {
      const { code, stderr } = await runCli(['latest', '--limit', limit]);
      expect(code).toBe(2);
      expect(stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('newestFirst and formatStatements', () => {
  const citation = { article: 'a', outlet: 'RT', title: 'Headline', published: '2025-05-02', url: 'https://example.com/a' };
  const statement = (id: string, fields: Partial<Statement>): Statement => ({
    id, speaker: 'Dmitry Peskov', role: 'Kremlin spokesman', quote: `Quote ${id}`, kind: 'direct', said_on: null, published: null, citations: [citation], ...fields,
  });

  it('orders by the day said, else published, undated last, keeping the given order within a day', () => {
    const list = [
      statement('undated', {}),
      statement('old', { said_on: '2025-01-01' }),
      statement('published-only', { published: '2025-03-01' }),
      statement('new-1', { said_on: '2025-05-01' }),
      statement('new-2', { said_on: '2025-05-01' }),
    ];
    expect(newestFirst(list).map((s) => s.id)).toEqual(['new-1', 'new-2', 'published-only', 'old', 'undated']);
    expect(list[0]!.id).toBe('undated');
  });

  it('writes when, who, the quote (reported speech marked) and each source', () => {
    expect(formatStatements([statement('1', { said_on: '2025-05-01' })])).toBe(
      '2025-05-01  Dmitry Peskov (Kremlin spokesman)\n  “Quote 1”\n  — RT, Headline, 2025-05-02 <https://example.com/a>\n',
    );
    expect(formatStatements([statement('2', { speaker: null, role: null, kind: 'reported', citations: [] })])).toBe('date unknown  Unattributed\n  (reported) Quote 2\n');
    expect(formatStatements([])).toBe('No statements match.\n');
  });
});
