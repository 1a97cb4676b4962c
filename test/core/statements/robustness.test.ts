import { describe, expect, it } from 'vitest';
import { extractStatements } from '../../../src/core/statements/index.js';
import { articleFrom } from './article.js';
import { loadCoreConfig } from '../../../src/config/index.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();

describe('odd input', () => {
  it('returns no statements for an empty body', () => {
    expect(extractStatements([articleFrom([''])], { config: coreConfig })).toEqual([]);
  });

  it('survives unbalanced and stray quotation marks', () => {
    const paragraphs = ['” “ « » ‘ ’ " " "', '"He said', '“Unclosed quotation that goes on and on, Peskov said', '’’’ ”” ««'];
    expect(() => extractStatements([articleFrom(paragraphs)], { config: coreConfig })).not.toThrow();
  });

  it('survives control characters, emoji and right-to-left text', () => {
    const paragraphs = ['\u0000\u202e“مرحبا بكم في الأخبار اليوم,” he said 🙂\u200b.', '“Ça va très bien, merci beaucoup à tous,” a dit Emmanuel Macron.'];
    const statements = extractStatements([articleFrom(paragraphs)], { config: coreConfig });
    expect(Array.isArray(statements)).toBe(true);
  });

  it('handles a very long paragraph in reasonable time', () => {
    const sentence = '“We will keep talking to everyone who wants peace in the region,” Peskov said. ';
    const started = Date.now();
    const statements = extractStatements([articleFrom([sentence.repeat(2000)])], { config: coreConfig });
    expect(statements).toHaveLength(1);
    expect(statements[0]!.speaker).toBe('Dmitry Peskov');
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
