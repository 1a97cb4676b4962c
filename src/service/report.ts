import { configured, createAnalyzer, lexiconFromGroups, type Analyzer, type Coverage } from '../core/index.js';
import { FEEDBACK_REASONS, normalizeQuestion, type ArticleLabel, type FeedbackReason, type FeedbackRecord, type QuestionRecord } from '../store/index.js';

/** How many entries each list of the report shows at most (the page stays readable). */
export const REPORT_LIST_MAX = 20;
/** Example questions shown per coverage gap. */
const GAP_EXAMPLES_MAX = 3;

export interface DayCount {
  /** YYYY-MM-DD (UTC). */
  day: string;
  questions: number;
  answered: number;
  unanswered: number;
  invalid: number;
}

/** Unanswered questions that share a key term: a gap in the coverage. */
export interface CoverageGap {
  /** The key term's most common spelling in these questions. */
  label: string;
  /** Other key terms these questions share most, for context. */
  related: string[];
  questions: number;
  examples: string[];
}

export interface RatedAnswer {
  question: string;
  answer: string;
  coverageVersion: string;
  notHelpful: number;
  helpful: number;
  reasons: Partial<Record<FeedbackReason, number>>;
  sources: Array<{ article: string; title: string | null }>;
}

export interface ArticleUse {
  article: string;
  title: string | null;
  outlet: string | null;
  /** Questions whose answer cited it. */
  citations: number;
  helpful: number;
  notHelpful: number;
}

/** What editors read: what was asked, what went unanswered, how answers were rated. */
export interface CoverageReport {
  generatedAt: string;
  /** YYYY-MM-DD the report starts at, or null for everything kept. */
  since: string | null;
  totals: {
    questions: number;
    answered: number;
    unanswered: number;
    /** Not askable at all (no words, not English…). */
    invalid: number;
    /** answered / (answered + unanswered); null without such questions. */
    shareAnswered: number | null;
    ratings: number;
    helpful: number;
    notHelpful: number;
    /** helpful / ratings; null without ratings. */
    shareHelpful: number | null;
    /** Of answered and unanswered questions; null without any. */
    medianLatencyMs: number | null;
  };
  perDay: DayCount[];
  platforms: Record<string, number>;
  reasons: Record<FeedbackReason, number>;
  /** Most asked first. */
  gaps: CoverageGap[];
  /** Most rated down first. */
  ratedDown: RatedAnswer[];
  /** Most cited first. */
  articles: ArticleUse[];
}

/**
 * Computes the report from the question log and the ratings. `coverage` names the cited articles
 * (an article no longer in it keeps its id only).
 */
export function buildReport(
  questions: readonly QuestionRecord[],
  ratings: readonly FeedbackRecord[],
  options: { since?: number; coverage?: Coverage; now?: number } = {},
): CoverageReport {
  const asked = questions.filter((q) => q.outcome !== 'invalid');
  const answered = asked.filter((q) => q.outcome === 'answered').length;
  const helpful = ratings.filter((r) => r.vote === 'up').length;
  const reasons = Object.fromEntries(FEEDBACK_REASONS.map((r) => [r, 0])) as Record<FeedbackReason, number>;
  for (const r of ratings) if (r.vote === 'down' && r.reason) reasons[r.reason] += 1;
  const platforms: Record<string, number> = {};
  for (const q of questions) platforms[q.platform] = (platforms[q.platform] ?? 0) + 1;

  return {
    generatedAt: new Date(options.now ?? Date.now()).toISOString(),
    since: options.since !== undefined ? new Date(options.since).toISOString().slice(0, 10) : null,
    totals: {
      questions: questions.length,
      answered,
      unanswered: asked.length - answered,
      invalid: questions.length - asked.length,
      shareAnswered: asked.length > 0 ? answered / asked.length : null,
      ratings: ratings.length,
      helpful,
      notHelpful: ratings.length - helpful,
      shareHelpful: ratings.length > 0 ? helpful / ratings.length : null,
      medianLatencyMs: median(asked.map((q) => q.latencyMs)),
    },
    perDay: countPerDay(questions),
    platforms,
    reasons,
    gaps: coverageGaps(
      // A question refused while the archive was out of reach says nothing about what the coverage lacks.
      asked.filter((q) => q.outcome === 'unanswered' && !q.partial).map((q) => q.question),
      options.coverage ? configured(options.coverage.config).analyzer : unconfiguredAnalyzer(),
    ),
    ratedDown: ratedDown(ratings, options.coverage),
    articles: articleUse(asked, ratings, options.coverage),
  };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function countPerDay(questions: readonly QuestionRecord[]): DayCount[] {
  const days = new Map<string, DayCount>();
  for (const q of questions) {
    const day = new Date(q.at).toISOString().slice(0, 10);
    const count = days.get(day) ?? { day, questions: 0, answered: 0, unanswered: 0, invalid: 0 };
    count.questions += 1;
    count[q.outcome] += 1;
    days.set(day, count);
  }
  return [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
}

let plain: Analyzer | undefined;

/** Without a coverage (the CLI's report when none loads) questions are still grouped, on folding and stems alone. */
function unconfiguredAnalyzer(): Analyzer {
  plain ??= createAnalyzer(lexiconFromGroups([]));
  return plain;
}

/**
 * Groups unanswered questions by their key terms, through the coverage's own analyzer (the same
 * folding, spelling variants and stems the index uses, so "Erdoğan's" and "Erdogan" are one term).
 * Each question joins the group of its term that most unanswered questions share; a group is
 * labelled with that term's most common spelling.
 */
export function coverageGaps(questions: readonly string[], analyzer: Analyzer): CoverageGap[] {
  const spellings = new Map<string, Map<string, number>>();
  const termsOf = questions.map((question) => {
    const terms = new Set<string>();
    for (const token of analyzer.tokens(question)) {
      if (!token.term || (token.kind !== 'word' && token.kind !== 'number')) continue;
      terms.add(token.term);
      const forms = spellings.get(token.term) ?? new Map<string, number>();
      forms.set(token.folded, (forms.get(token.folded) ?? 0) + 1);
      spellings.set(token.term, forms);
    }
    return [...terms];
  });
  const frequency = new Map<string, number>();
  for (const terms of termsOf) for (const term of terms) frequency.set(term, (frequency.get(term) ?? 0) + 1);
  const spell = (term: string) => [...(spellings.get(term) ?? new Map([[term, 1]]))].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];

  const groups = new Map<string, { questions: string[]; related: Map<string, number> }>();
  termsOf.forEach((terms, i) => {
    const key = [...terms].sort((a, b) => frequency.get(b)! - frequency.get(a)! || a.localeCompare(b))[0] ?? '';
    const group = groups.get(key) ?? { questions: [], related: new Map<string, number>() };
    group.questions.push(questions[i]!);
    for (const term of terms) if (term !== key) group.related.set(term, (group.related.get(term) ?? 0) + 1);
    groups.set(key, group);
  });
  return [...groups]
    .map(([key, group]) => ({
      label: key ? spell(key) : '(no key words)',
      related: [...group.related].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 3).map(([term]) => spell(term)),
      questions: group.questions.length,
      examples: [...new Set(group.questions)].slice(0, GAP_EXAMPLES_MAX),
    }))
    .sort((a, b) => b.questions - a.questions || a.label.localeCompare(b.label))
    .slice(0, REPORT_LIST_MAX);
}

function ratedDown(ratings: readonly FeedbackRecord[], coverage: Coverage | undefined): RatedAnswer[] {
  const answers = new Map<string, RatedAnswer>();
  for (const r of ratings) {
    const key = JSON.stringify([normalizeQuestion(r.question), r.answer, r.coverageVersion]);
    const entry = answers.get(key) ?? {
      question: r.question,
      answer: r.answer,
      coverageVersion: r.coverageVersion,
      notHelpful: 0,
      helpful: 0,
      reasons: {},
      sources: r.citedArticles.map((article) => ({ article, title: null as string | null })),
    };
    if (r.vote === 'up') entry.helpful += 1;
    else {
      entry.notHelpful += 1;
      if (r.reason) entry.reasons[r.reason] = (entry.reasons[r.reason] ?? 0) + 1;
    }
    answers.set(key, entry);
  }
  const listed = [...answers.values()]
    .filter((a) => a.notHelpful > 0)
    .sort((a, b) => b.notHelpful - a.notHelpful || a.helpful - b.helpful || a.question.localeCompare(b.question))
    .slice(0, REPORT_LIST_MAX);
  const known = articleLabels(coverage, listed.flatMap((a) => a.sources.map((s) => s.article)), ratings);
  for (const a of listed) for (const source of a.sources) source.title = known.get(source.article)?.title ?? null;
  return listed;
}

function articleUse(asked: readonly QuestionRecord[], ratings: readonly FeedbackRecord[], coverage: Coverage | undefined): ArticleUse[] {
  const use = new Map<string, ArticleUse>();
  const entry = (article: string) => {
    let found = use.get(article);
    if (!found) {
      found = { article, title: null, outlet: null, citations: 0, helpful: 0, notHelpful: 0 };
      use.set(article, found);
    }
    return found;
  };
  for (const q of asked) for (const article of q.citedArticles) entry(article).citations += 1;
  for (const r of ratings) for (const article of r.citedArticles) entry(article)[r.vote === 'up' ? 'helpful' : 'notHelpful'] += 1;
  const listed = [...use.values()].sort((a, b) => b.citations - a.citations || b.notHelpful - a.notHelpful || a.article.localeCompare(b.article)).slice(0, REPORT_LIST_MAX);
  const known = articleLabels(coverage, listed.map((a) => a.article), [...asked, ...ratings]);
  for (const a of listed) Object.assign(a, { title: known.get(a.article)?.title ?? null, outlet: known.get(a.article)?.outlet ?? null });
  return listed;
}

/**
 * The listed articles' titles and outlets: as the coverage holds them now (looked up once, in the
 * archive too, for articles no longer in memory), else as the records cited them (an article
 * retracted since, or an archive out of reach).
 */
function articleLabels(
  coverage: Coverage | undefined,
  ids: readonly string[],
  records: readonly { citedLabels?: Record<string, ArticleLabel> }[],
): Map<string, ArticleLabel> {
  const labels = new Map<string, ArticleLabel>();
  const wanted = new Set(ids);
  for (const record of records) {
    for (const [id, label] of Object.entries(record.citedLabels ?? {})) if (wanted.has(id)) labels.set(id, label);
  }
  // articlesById leaves out what it cannot find (or reach): the records' labels stand for those.
  if (coverage && wanted.size > 0) for (const a of coverage.articlesById([...wanted])) labels.set(a.id, { title: a.title, outlet: a.outlet });
  return labels;
}

/** A share as a whole percentage ("83%"), or "—" when there is nothing to divide. */
export function percent(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 100)}%`;
}

/** The report's headline numbers as plain text lines (the bots' /report reply and the CLI's default output). */
export function formatReportSummary(report: CoverageReport): string {
  const t = report.totals;
  const lines = [
    `Coverage report${report.since ? ` since ${report.since}` : ''} (generated ${report.generatedAt.slice(0, 16).replace('T', ' ')} UTC)`,
    `Questions: ${t.questions} (${t.answered} answered, ${t.unanswered} unanswered, ${t.invalid} not askable)`,
    `Answered: ${percent(t.shareAnswered)} · rated helpful: ${percent(t.shareHelpful)} of ${t.ratings} rating${t.ratings === 1 ? '' : 's'} · median latency: ${t.medianLatencyMs === null ? '—' : `${t.medianLatencyMs} ms`}`,
  ];
  if (report.gaps.length > 0) {
    lines.push('', 'Coverage gaps (unanswered, by key term):');
    for (const gap of report.gaps.slice(0, 5)) lines.push(`- ${gap.label} (${gap.questions}): ${gap.examples[0] ?? ''}`);
  }
  if (report.ratedDown.length > 0) {
    lines.push('', 'Rated down most:');
    for (const a of report.ratedDown.slice(0, 5)) lines.push(`- ${a.notHelpful}× “${a.question}” → ${a.sources.map((s) => s.title ?? s.article).join('; ') || 'no sources'}`);
  }
  return lines.join('\n');
}
