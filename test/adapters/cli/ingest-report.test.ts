import { describe, expect, it } from 'vitest';
import { formatIngestReport, reasonKind } from '../../../src/adapters/cli/ingest-report.js';
import type { IngestReport } from '../../../src/core/index.js';

const meta = (id: string, fields: Partial<IngestReport['added'][number]['meta']> = {}) => ({
  id,
  outlet: 'RT',
  title: `Headline ${id}`,
  subtitle: null,
  author: null,
  published: '2025-05-12',
  url: null,
  ...fields,
});

const report: IngestReport = {
  added: [
    { source: 'in/a.txt', file: '/corpus/a.txt', meta: meta('a') },
    { source: 'in/b.html', file: '/corpus/b.html', meta: meta('b', { outlet: null, published: null }), replaces: 'old-b' },
  ],
  duplicates: [{ source: 'in/c.txt', existing: 'a', reason: 'same text' }],
  skipped: [
    { file: 'in/big.txt', reason: 'too large (6.1 MB; the limit is 5 MB)' },
    { file: 'in/huge.txt', reason: 'too large (9.0 MB; the limit is 5 MB)' },
    { file: 'in/empty.txt', reason: 'empty file' },
  ],
};

describe('formatIngestReport', () => {
  it('lists each skipped file with its full reason, then a table counting added, duplicates, replaced and skipped by reason', () => {
    expect(formatIngestReport(report, '/corpus', false)).toBe(
      [
        'skipped    in/big.txt: too large (6.1 MB; the limit is 5 MB)',
        'skipped    in/huge.txt: too large (9.0 MB; the limit is 5 MB)',
        'skipped    in/empty.txt: empty file',
        '',
        'Ingest into /corpus:',
        '  added         1',
        '  duplicates    1',
        '  replaced      1',
        '  skipped       3',
        '    too large   2',
        '    empty file  1',
        '',
      ].join('\n'),
    );
  });

  it('with verbose, names every added, replacing and duplicate file before the skipped ones, leaving out missing metadata', () => {
    const lines = formatIngestReport(report, '/corpus', true).split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'added      in/a.txt → a.txt (RT — Headline a — 2025-05-12)',
      'replaced   in/b.html → b.html (Headline b), a newer version of old-b',
      'duplicate  in/c.txt: already in the coverage as a (same text)',
    ]);
    expect(lines[3]).toBe('skipped    in/big.txt: too large (6.1 MB; the limit is 5 MB)');
  });

  it('prints only the table, with no blank line before it, when nothing was skipped', () => {
    const clean: IngestReport = { added: [report.added[0]!], duplicates: [], skipped: [] };
    expect(formatIngestReport(clean, 'corpus', false)).toBe('Ingest into corpus:\n  added       1\n  duplicates  0\n  replaced    0\n  skipped     0\n');
  });

  it('aligns the counts when one runs to several digits', () => {
    const many: IngestReport = { added: [], duplicates: [], skipped: Array.from({ length: 1234 }, (_, i) => ({ file: `f${i}.txt`, reason: 'empty file' })) };
    const table = formatIngestReport(many, '/c', false).split('\n').slice(-6, -1);
    expect(table).toEqual(['  added            0', '  duplicates       0', '  replaced         0', '  skipped       1234', '    empty file  1234']);
  });
});

describe('reasonKind', () => {
  it('drops the particulars after a parenthesis, semicolon or colon', () => {
    expect(reasonKind('too large (6.1 MB; the limit is 5 MB)')).toBe('too large');
    expect(reasonKind('cannot be read (EACCES)')).toBe('cannot be read');
    expect(reasonKind('not an article; no headline')).toBe('not an article');
    expect(reasonKind('unsupported type: .pdf')).toBe('unsupported type');
  });

  it('keeps a reason without particulars whole, and a reason that is all particulars as it is', () => {
    expect(reasonKind('empty file')).toBe('empty file');
    expect(reasonKind('(odd)')).toBe('(odd)');
    expect(reasonKind('')).toBe('');
  });
});
