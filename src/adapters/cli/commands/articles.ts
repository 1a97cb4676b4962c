import type { Command } from 'commander';
import type { Article } from '../../../core/index.js';
import { openCoverage } from './ask.js';

interface ArticlesOptions {
  json?: boolean;
  corpus?: string;
}

/** `coverage-bot articles [--json] [--corpus DIR]` — the ingested articles with their metadata and passage counts. */
export function registerArticlesCommand(program: Command): void {
  program
    .command('articles')
    .description('list the articles of the coverage with their metadata and passage counts')
    .option('--json', 'print a JSON array')
    .option('--corpus <dir>', 'coverage folder (default: $CORPUS_DIR, else seeds/)')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ArticlesOptions>();
      const coverage = await openCoverage(options.corpus, options);
      const articles = coverage.corpus.articles;
      if (options.json) {
        process.stdout.write(`${JSON.stringify(articles.map(articleJson), null, 2)}\n`);
        return;
      }
      if (articles.length === 0) {
        process.stdout.write('The coverage folder holds no readable articles.\n');
        return;
      }
      process.stdout.write(`${articles.map(formatArticleLine).join('\n')}\n`);
    });
}

/** The JSON contract of `articles --json`: one object per article. */
export function articleJson(article: Article) {
  return {
    article: article.id,
    outlet: article.outlet,
    title: article.title,
    subtitle: article.subtitle,
    author: article.author,
    published: article.published,
    url: article.url,
    passages: article.passages.length,
  };
}

function formatArticleLine(article: Article): string {
  const source = [article.outlet, article.title].filter((part): part is string => Boolean(part)).join(' — ');
  const date = article.published ? ` (${article.published})` : '';
  return `${article.id}  ${source}${date}  [${article.passages.length} passages]${article.url ? ` ${article.url}` : ''}`;
}
