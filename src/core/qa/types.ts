export interface Citation {
  /** Article id (file name without extension). */
  article: string;
  outlet: string | null;
  title: string;
  published: string | null;
  url: string | null;
  /** The supporting passage text. */
  quote: string;
  passageId: string;
}

export type QuestionType =
  | 'who'
  | 'what'
  | 'when'
  | 'where'
  | 'how-many'
  | 'yes-no'
  | 'statement'
  | 'other';

export interface Answer {
  question: string;
  /** At most 400 characters; when not confident, a polite "the coverage does not say" sentence. */
  answer: string;
  confident: boolean;
  /** Best first. Empty only when nothing in the coverage is related at all. */
  citations: Citation[];
  type: QuestionType;
  /** When the question could not be asked at all (empty, too long, no words): a message for the user. */
  error?: string;
  /** Set when part of the coverage could not be searched for this answer (see PartialReason); absent when all of it was. */
  partial?: PartialReason;
}

/**
 * Why a result covers less than the whole coverage: `archive-unreachable`, the older coverage
 * (the archive's cold tier) could not be searched, so the result comes from the in-memory
 * (most recent) coverage only. The core names the reason; adapters word it for the user.
 */
export type PartialReason = 'archive-unreachable';

export interface AskOptions {
  /** The previous question in this conversation, for follow-ups ("and what did he say about X?"). */
  previous?: string;
  /** How many citations to return at most (default 3). */
  limit?: number;
  /** Skip this many best passages (for "more like this"). */
  offset?: number;
  /** Longest question answered, in characters (default 1,000); the bots pass MAX_QUESTION_LENGTH. */
  maxQuestionLength?: number;
}
