import { describe, expect, it } from 'vitest';
import { buildLexicon, extractStatements } from '../../../src/core/statements/index.js';
import { articleFrom } from './article.js';

describe('odd input', () => {
  it('returns no statements for an empty body', () => {
    expect(extractStatements([articleFrom([''])])).toEqual([]);
  });

  it('survives unbalanced and stray quotation marks', () => {
    const paragraphs = ['” “ « » ‘ ’ " " "', '"He said', '“Unclosed quotation that goes on and on, Peskov said', '’’’ ”” ««'];
    expect(() => extractStatements([articleFrom(paragraphs)])).not.toThrow();
  });

  it('survives control characters, emoji and right-to-left text', () => {
    const paragraphs = ['\u0000\u202e“مرحبا بكم في الأخبار اليوم,” he said 🙂\u200b.', '“Ça va très bien, merci beaucoup à tous,” a dit Emmanuel Macron.'];
    const statements = extractStatements([articleFrom(paragraphs)]);
    expect(Array.isArray(statements)).toBe(true);
  });

  it('handles a very long paragraph in reasonable time', () => {
    const sentence = '“We will keep talking to everyone who wants peace in the region,” Peskov said. ';
    const started = Date.now();
    const statements = extractStatements([articleFrom([sentence.repeat(2000)])]);
    expect(statements).toHaveLength(1);
    expect(statements[0]!.speaker).toBe('Dmitry Peskov');
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('rejects a malformed gazetteer with a message naming the problem', () => {
    expect(() => buildLexicon({ people: [{ name: '' }] } as never, {} as never)).toThrow();
  });
});
