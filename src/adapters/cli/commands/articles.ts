import type { Command } from 'commander';
import type { ArticleListing, PartialReason } from '../../../core/index.js';
import { partialNotice } from '../../../service/index.js';
import { openCoverage } from './ask.js';

interface ArticlesOptions {
  json?: boolean;
  corpus?: string;
}

/** Articles asked of the coverage at a time: the archive lists its articles a bounded page per query. */
const PAGE_ARTICLES = 500;

/**
 * `coverage-bot articles [--json] [--corpus DIR]` — the articles of the coverage (the whole
 * archive with ARCHIVE_URL), newest first, with their metadata and passage counts, printed a page
 * at a time so that no listing holds every article in memory.
 */
export function registerArticlesCommand(program: Command): void {
  program
    .command('articles')
    .description('list the articles of the coverage, newest first, with their metadata and passage counts')
    .option('--json', 'print a JSON array')
    .option('--corpus <dir>', 'coverage folder (default: $CORPUS_DIR, else seeds/)')
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ArticlesOptions>();
      const coverage = await openCoverage(options.corpus, options);
      let after: string | null = null;
      let printed = 0;
      let partial: PartialReason | undefined;
      do {
        const page = coverage.listArticles({ limit: PAGE_ARTICLES, after });
        partial ??= page.partial;
        for (const article of page.articles) {
          if (options.json) process.stdout.write(`${printed === 0 ? '[\n' : ',\n'}  ${JSON.stringify(articleJson(article))}`);
          else process.stdout.write(`${formatArticleLine(article)}\n`);
          printed++;
        }
        after = page.next;
      } while (after !== null);
      if (options.json) process.stdout.write(printed === 0 ? '[]\n' : '\n]\n');
      else if (printed === 0) process.stdout.write('The coverage folder holds no readable articles.\n');
      // On stderr, so that --json's array stays as it is.
      const notice = partialNotice({ partial });
      if (notice) process.stderr.write(`coverage-bot: note: ${notice}\n`);
    });
}

/** The JSON contract of `articles --json`: one object per article. */
export function articleJson(article: ArticleListing) {
  return {
    article: article.id,
    outlet: article.outlet,
    title: article.title,
    subtitle: article.subtitle,
    author: article.author,
    published: article.published,
    url: article.url,
    passages: article.passages,
  };
}

/** One article as the terminal lists it (`articles`, the chat's /sources). */
export function formatArticleLine(article: ArticleListing): string {
  const source = [article.outlet, article.title].filter((part): part is string => Boolean(part)).join(' — ');
  const date = article.published ? ` (${article.published})` : '';
  return `${article.id}  ${source}${date}  [${article.passages} passages]${article.url ? ` ${article.url}` : ''}`;
}
