import { describe, expect, it } from 'vitest';
import { mergeArticleStatements, statementsByArticle } from '../../../src/core/statements/index.js';
import { loadCoreConfig } from '../../../src/config/index.js';
import { articleFrom } from './article.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();

describe('merging statements across articles', () => {
  const articles = [
    articleFrom(['"We will not give up our positions in the talks," Kremlin spokesman Dmitry Peskov said on Tuesday.'], { id: 'first', published: '2025-05-27' }),
    articleFrom(['Peskov said: "We will not give up our positions in the talks."'], { id: 'second', published: '2025-05-28' }),
    articleFrom(['"The talks were useful," Sergei Lavrov told reporters.'], { id: 'third', published: '2025-05-29' }),
  ];

  it('makes one statement citing both articles when two articles quote the same words', () => {
    const statements = mergeArticleStatements(articles, statementsByArticle(articles, { config: coreConfig }));
    const positions = statements.filter((s) => s.quote.includes('give up our positions'));
    expect(positions).toHaveLength(1);
    expect(positions[0]!.citations.map((c) => c.article)).toEqual(['first', 'second']);
  });

  it('merges the same found statements again (an update reusing unchanged articles) into the same statements', () => {
    const found = statementsByArticle(articles, { config: coreConfig });
    const first = mergeArticleStatements(articles, found);
    const again = mergeArticleStatements(articles, found);
    expect(again).toEqual(first);
    expect(again.length).toBeGreaterThanOrEqual(2);
  });
});
