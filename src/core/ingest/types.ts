/** Metadata a citation needs. `published` is the article's own date (YYYY-MM-DD) or null. */
export interface ArticleMeta {
  /** File name without extension; stable id used in citations. */
  id: string;
  outlet: string | null;
  title: string;
  /** The standfirst/subtitle under the headline, if the page has one. */
  subtitle: string | null;
  author: string | null;
  published: string | null;
  url: string | null;
}

/** A sentence of an article body, with the paragraph it belongs to and its place in the body text. */
export interface Passage {
  /** `${articleId}#${index}` */
  id: string;
  articleId: string;
  /** Position of the passage in the article (0-based, reading order). */
  index: number;
  /** Paragraph number (0-based) within the cleaned body. */
  paragraph: number;
  text: string;
  /** Character offsets of `text` within `Article.body`. */
  start: number;
  end: number;
}

export interface Article extends ArticleMeta {
  /** Path of the source file the article was read from. */
  file: string;
  /** Cleaned body text: paragraphs joined by a blank line, boilerplate removed. */
  body: string;
  passages: Passage[];
}

/** A file of the corpus folder that could not be read as an article, and why. */
export interface SkippedFile {
  file: string;
  reason: string;
}

export interface Corpus {
  /** The first (usually the only) folder the articles were read from. */
  dir: string;
  /** Every folder the articles were read from, in reading order, when there are several (else just `dir`). */
  dirs?: string[];
  articles: Article[];
  skipped: SkippedFile[];
}
