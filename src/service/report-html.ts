import { REASON_LABELS } from './feedback.js';
import { percent, type CoverageReport } from './report.js';

/*
 * The report as one self-contained HTML page: inline CSS and inline SVG charts, no scripts, no
 * external assets (it is mailed around and opened offline). Every piece of text that came from a
 * user or an article goes through escapeHtml.
 */

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const COLORS = { answered: '#2f7d32', unanswered: '#e07b00', invalid: '#9e9e9e', helpful: '#2f7d32', notHelpful: '#c62828', cited: '#1f5fa8' };
/** Chart geometry in SVG user units; the SVG scales to the page width. */
const CHART = { width: 720, barArea: 180, labelWidth: 220, rowHeight: 22 };

/** The whole page. */
export function renderReportHtml(report: CoverageReport): string {
  const t = report.totals;
  const title = `coverage-bot report${report.since ? ` since ${report.since}` : ''}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d1d1d; background: #fff; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
.meta { color: #555; }
.numbers { display: flex; flex-wrap: wrap; gap: 1rem; padding: 0; list-style: none; }
.numbers li { border: 1px solid #ddd; border-radius: 6px; padding: .6rem 1rem; min-width: 9rem; }
.numbers b { display: block; font-size: 1.5rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; } th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #eee; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
svg { width: 100%; height: auto; } figure { margin: 1rem 0; } figcaption { color: #555; font-size: .9rem; }
.legend span { display: inline-block; margin-right: 1rem; } .swatch { display: inline-block; width: .8rem; height: .8rem; margin-right: .3rem; vertical-align: -1px; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="meta">Generated ${escapeHtml(report.generatedAt.slice(0, 16).replace('T', ' '))} UTC from the question log and the ratings the bots keep (no user ids).</p>
<ul class="numbers" id="totals">
<li>Questions<b data-number="questions">${t.questions}</b></li>
<li>Answered<b data-number="share-answered">${percent(t.shareAnswered)}</b>${t.answered} of ${t.answered + t.unanswered}</li>
<li>Rated helpful<b data-number="share-helpful">${percent(t.shareHelpful)}</b>${t.helpful} of ${t.ratings} ratings</li>
<li>Median latency<b data-number="median-latency">${t.medianLatencyMs === null ? '—' : `${t.medianLatencyMs} ms`}</b></li>
</ul>
${section('Questions per day', perDayChart(report) + perDayTable(report))}
${section('Coverage gaps: unanswered questions by key term', gapsTable(report))}
${section('Answers rated down most', ratedDownTable(report))}
${section('Ratings', ratingsChart(report))}
${section('Articles: citations and ratings', articlesChart(report) + articlesTable(report))}
</body>
</html>
`;
}

function section(heading: string, body: string): string {
  return `<section>\n<h2>${escapeHtml(heading)}</h2>\n${body}\n</section>`;
}

function legend(entries: Array<[string, string]>): string {
  return `<p class="legend">${entries.map(([label, color]) => `<span><i class="swatch" style="background:${color}"></i>${escapeHtml(label)}</span>`).join('')}</p>`;
}

/** Stacked columns, one per day: answered, unanswered, not askable. */
function perDayChart(report: CoverageReport): string {
  if (report.perDay.length === 0) return '<p>No questions in this period.</p>';
  const height = 220;
  const top = 20;
  const bottom = 40;
  const left = 40;
  const max = Math.max(...report.perDay.map((d) => d.questions));
  const slot = (CHART.width - left) / report.perDay.length;
  const barWidth = Math.max(2, Math.min(60, slot * 0.7));
  const scale = (n: number) => (n / max) * (height - top - bottom);
  const bars = report.perDay
    .map((d, i) => {
      const x = left + i * slot + (slot - barWidth) / 2;
      let y = height - bottom;
      const parts = (['answered', 'unanswered', 'invalid'] as const)
        .filter((kind) => d[kind] > 0)
        .map((kind) => {
          const h = scale(d[kind]);
          y -= h;
          return `<rect class="bar ${kind}" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${h.toFixed(1)}" fill="${COLORS[kind]}"><title>${d.day}: ${d[kind]} ${kind}</title></rect>`;
        });
      const label = report.perDay.length <= 14 || i % Math.ceil(report.perDay.length / 14) === 0
        ? `<text x="${(x + barWidth / 2).toFixed(1)}" y="${height - bottom + 16}" text-anchor="middle" font-size="11">${d.day.slice(5)}</text>`
        : '';
      return parts.join('') + label;
    })
    .join('\n');
  const axis = `<line x1="${left}" y1="${height - bottom}" x2="${CHART.width}" y2="${height - bottom}" stroke="#777"/>` +
    `<text x="${left - 6}" y="${top + 4}" text-anchor="end" font-size="11">${max}</text><text x="${left - 6}" y="${height - bottom}" text-anchor="end" font-size="11">0</text>`;
  return `<figure id="chart-per-day"><svg viewBox="0 0 ${CHART.width} ${height}" role="img" aria-label="Questions per day, answered and unanswered"><title>Questions per day</title>${axis}\n${bars}</svg>
<figcaption>${legend([['answered', COLORS.answered], ['unanswered', COLORS.unanswered], ['not askable', COLORS.invalid]])}</figcaption></figure>`;
}

function perDayTable(report: CoverageReport): string {
  if (report.perDay.length === 0) return '';
  const rows = report.perDay.map((d) => `<tr><td>${d.day}</td><td class="n">${d.questions}</td><td class="n">${d.answered}</td><td class="n">${d.unanswered}</td><td class="n">${d.invalid}</td></tr>`);
  return `<table id="per-day"><thead><tr><th>Day</th><th class="n">Questions</th><th class="n">Answered</th><th class="n">Unanswered</th><th class="n">Not askable</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function gapsTable(report: CoverageReport): string {
  if (report.gaps.length === 0) return '<p>Every question in this period was answered.</p>';
  const rows = report.gaps.map(
    (g) => `<tr><td><b>${escapeHtml(g.label)}</b>${g.related.length ? `<br><small>with ${escapeHtml(g.related.join(', '))}</small>` : ''}</td><td class="n">${g.questions}</td><td>${g.examples.map((e) => `“${escapeHtml(e)}”`).join('<br>')}</td></tr>`,
  );
  return `<table id="gaps"><thead><tr><th>Key term</th><th class="n">Questions</th><th>Examples</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function ratedDownTable(report: CoverageReport): string {
  if (report.ratedDown.length === 0) return '<p>No answer was rated down in this period.</p>';
  const rows = report.ratedDown.map((a) => {
    const reasons = Object.entries(a.reasons).map(([r, n]) => `${escapeHtml(REASON_LABELS[r as keyof typeof REASON_LABELS] ?? r)} ×${n}`).join(', ');
    const sources = a.sources.map((s) => escapeHtml(s.title ?? s.article)).join('<br>') || '—';
    return `<tr><td>“${escapeHtml(a.question)}”<br><small>${escapeHtml(a.answer)}</small></td><td class="n">${a.notHelpful}</td><td class="n">${a.helpful}</td><td>${reasons || '—'}</td><td>${sources}<br><small>coverage ${escapeHtml(a.coverageVersion)}</small></td></tr>`;
  });
  return `<table id="rated-down"><thead><tr><th>Question and answer</th><th class="n">Not helpful</th><th class="n">Helpful</th><th>Reasons</th><th>Sources</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Horizontal bars: a label column, then a bar per value. */
function horizontalBars(id: string, label: string, rows: Array<{ label: string; values: Array<{ value: number; color: string; kind: string }> }>): string {
  const max = Math.max(1, ...rows.map((r) => r.values.reduce((n, v) => n + v.value, 0)));
  const width = CHART.width - CHART.labelWidth - 40;
  const height = rows.length * CHART.rowHeight + 10;
  const body = rows
    .map((row, i) => {
      const y = 5 + i * CHART.rowHeight;
      let x = CHART.labelWidth;
      const bars = row.values
        .filter((v) => v.value > 0)
        .map((v) => {
          const w = (v.value / max) * width;
          const rect = `<rect class="bar ${v.kind}" x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${CHART.rowHeight - 6}" fill="${v.color}"><title>${escapeHtml(row.label)}: ${v.value} ${v.kind}</title></rect>`;
          x += w;
          return rect;
        })
        .join('');
      const total = row.values.reduce((n, v) => n + v.value, 0);
      const text = row.label.length > 34 ? `${row.label.slice(0, 33)}…` : row.label;
      return `<text x="${CHART.labelWidth - 8}" y="${y + 12}" text-anchor="end" font-size="12">${escapeHtml(text)}</text>${bars}<text x="${(x + 4).toFixed(1)}" y="${y + 12}" font-size="11">${total}</text>`;
    })
    .join('\n');
  return `<figure id="${id}"><svg viewBox="0 0 ${CHART.width} ${height}" role="img" aria-label="${escapeHtml(label)}"><title>${escapeHtml(label)}</title>\n${body}</svg></figure>`;
}

function ratingsChart(report: CoverageReport): string {
  const t = report.totals;
  if (t.ratings === 0) return '<p>No ratings in this period.</p>';
  const rows = [
    { label: 'Helpful', values: [{ value: t.helpful, color: COLORS.helpful, kind: 'helpful' }] },
    { label: 'Not helpful', values: [{ value: t.notHelpful, color: COLORS.notHelpful, kind: 'not-helpful' }] },
    ...Object.entries(report.reasons).map(([reason, n]) => ({
      label: `· ${REASON_LABELS[reason as keyof typeof REASON_LABELS]}`,
      values: [{ value: n, color: COLORS.notHelpful, kind: 'reason' }],
    })),
  ];
  return horizontalBars('chart-ratings', 'Ratings of answers', rows);
}

function articlesChart(report: CoverageReport): string {
  if (report.articles.length === 0) return '<p>No article was cited in this period.</p>';
  const rows = report.articles.map((a) => ({
    label: a.title ?? a.article,
    values: [{ value: a.citations, color: COLORS.cited, kind: 'citations' }],
  }));
  return horizontalBars('chart-articles', 'Citations per article', rows) + legend([['citations', COLORS.cited]]);
}

function articlesTable(report: CoverageReport): string {
  if (report.articles.length === 0) return '';
  const rows = report.articles.map(
    (a) => `<tr><td>${escapeHtml(a.title ?? a.article)}${a.outlet ? `<br><small>${escapeHtml(a.outlet)}</small>` : ''}</td><td class="n">${a.citations}</td><td class="n">${a.helpful}</td><td class="n">${a.notHelpful}</td></tr>`,
  );
  return `<table id="articles"><thead><tr><th>Article</th><th class="n">Cited</th><th class="n">Helpful</th><th class="n">Not helpful</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
