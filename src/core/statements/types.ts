export interface StatementCitation {
  article: string;
  outlet: string | null;
  title: string;
  published: string | null;
  url: string | null;
}

export type SpeakerKind = 'person' | 'organisation' | 'unnamed';

export interface Statement {
  /** Stable id derived from the normalized quote text. */
  id: string;
  /** Canonical full name, or null when the coverage does not make the speaker clear. */
  speaker: string | null;
  /** The speaker's role as the article gives it ("Kremlin spokesman"), or null. */
  role: string | null;
  quote: string;
  /** direct: inside quotation marks; reported: attributed indirect speech. */
  kind: 'direct' | 'reported';
  /** When it was said (YYYY-MM-DD) or null. */
  said_on: string | null;
  /** Publication date of the earliest citing article (YYYY-MM-DD) or null. */
  published: string | null;
  citations: StatementCitation[];
  /**
   * What the speaker is: `person`, a named person; `organisation`, an institution speaking as
   * itself ("Kremlin", "VW"); `unnamed`, a source the coverage does not name ("industry sources",
   * "a senior official": `speaker` is null and `role` describes the source). Statements built by
   * this version always have it; absent means `speakerKindOf` decides.
   */
  speaker_kind?: SpeakerKind;
  /** Ids of the passages the statement was read from (in every citing article), for topic search. */
  passages?: string[];
}

export interface LatestFilter {
  /** Any alias or part of a name ("peskov", "Kremlin spokesman"). */
  speaker?: string;
  /** Words to rank statements by relevance. */
  topic?: string;
  /** YYYY-MM-DD: only statements said (or published) on or after. */
  since?: string;
  /** At most this many (default 10). */
  limit?: number;
}

/** What `findStatements` looks for: a speaker (any alias, part of a name or role) and/or a topic. */
export interface StatementQuery {
  speaker?: string;
  topic?: string;
  since?: string;
  /** At most this many (default 5). */
  limit?: number;
}

export interface SpeakerCount {
  speaker: string;
  role: string | null;
  statements: number;
}
