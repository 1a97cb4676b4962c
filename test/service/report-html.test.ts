/**
 * The report page as a browser renders it: real headless Chromium (Debian's package) loads the
 * file, and the test reads the rendered DOM and counts the pixels of a screenshot.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildReport, renderReportHtml } from '../../src/service/index.js';
import type { FeedbackRecord, QuestionRecord } from '../../src/store/index.js';
import { dumpDom, screenshot, SKIP_CHROMIUM_REASON, skipChromiumSuites } from '../support/chromium.js';
import { countPixels, readPng } from '../support/png.js';

const DAY_MS = 24 * 60 * 60_000;
const HOSTILE = '<script>document.title="pwned"</script><img src=x onerror="alert(1)"> & "quotes"';

/** Ten days of questions: more asked each day, some unanswered, one with hostile text everywhere. */
function records(): { questions: QuestionRecord[]; ratings: FeedbackRecord[] } {
  const start = Date.UTC(2026, 0, 1, 12);
  const questions: QuestionRecord[] = [];
  for (let day = 0; day < 10; day++) {
    for (let n = 0; n <= day; n++) {
      const unanswered = n % 3 === 2;
      questions.push({
        id: `202601${String(day + 1).padStart(2, '0')}${String(n).padStart(10, '0')}`,
        at: start + day * DAY_MS + n * 1000,
        platform: n % 2 ? 'discord' : 'telegram',
        question: unanswered ? (n % 2 ? 'When will Putin visit Brazil?' : HOSTILE) : 'Who did Shoygu meet?',
        outcome: unanswered ? 'unanswered' : 'answered',
        answer: unanswered ? 'The coverage does not say.' : 'Shoygu met Memis in Pyongyang.',
        confident: !unanswered,
        coverageVersion: 'v1',
        citedArticles: unanswered ? [] : ['trt-shoygu', `article-${HOSTILE}`],
        latencyMs: 10 + n,
      });
    }
  }
  const rating = (vote: 'up' | 'down', i: number): FeedbackRecord => ({
    answerId: questions[i]!.id,
    userId: `u${String(i).padStart(32, '0')}`,
    platform: 'telegram',
    vote,
    ...(vote === 'down' ? { reason: 'wrong-source' as const } : {}),
    at: questions[i]!.at + 5000,
    question: questions[i]!.question,
    coverageVersion: 'v1',
    answer: HOSTILE,
    confident: true,
    citedArticles: questions[i]!.citedArticles,
  });
  return { questions, ratings: [rating('up', 0), rating('up', 1), rating('down', 3), rating('down', 4), rating('up', 6)] };
}

describe('the report page', () => {
  const { questions, ratings } = records();
  const report = buildReport(questions, ratings, { now: Date.UTC(2026, 0, 11) });
  const html = renderReportHtml(report);

  it('is one self-contained file: no scripts, no external assets', () => {
    expect(html).not.toMatch(/<script|<link|<iframe|<img|@import|url\(|https?:\/\//i);
    expect(html).toContain('&lt;script&gt;document.title=&quot;pwned&quot;&lt;/script&gt;');
  });

  describe.skipIf(skipChromiumSuites)(`rendered in headless Chromium${skipChromiumSuites ? ` (skipped: ${SKIP_CHROMIUM_REASON})` : ''}`, () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'report-page-'));
    const file = path.join(dir, 'report.html');
    writeFileSync(file, html);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('shows the numbers, the charts and every user text as text, with nothing injected', async () => {
      const dom = await dumpDom(file);
      // The title is the report's: the hostile question did not run.
      expect(dom).toMatch(/<title>coverage-bot report<\/title>/);
      expect(dom).not.toMatch(/<script|<img/i);
      expect(dom).toContain('&lt;script&gt;document.title="pwned"&lt;/script&gt;');
      expect(dom).toMatch(/data-number="questions">55</);
      expect(dom).toMatch(/data-number="share-helpful">60%</);
      // Ten stacked columns (answered, and unanswered from the third question of a day on).
      const perDay = /<figure id="chart-per-day">([\s\S]*?)<\/figure>/.exec(dom)?.[1] ?? '';
      expect(perDay.match(/<rect class="bar answered"/g)).toHaveLength(10);
      expect(perDay.match(/<rect class="bar unanswered"/g)).toHaveLength(8);
      expect(dom).toMatch(/<figure id="chart-articles">[\s\S]*<rect class="bar citations"/);
      expect(dom).toMatch(/<figure id="chart-ratings">[\s\S]*<rect class="bar helpful"/);
      expect(dom).toMatch(/<table id="gaps">[\s\S]*brazil/);
    });

    it('draws the charts: the screenshot is not blank and has the chart colours', async () => {
      const png = path.join(dir, 'report.png');
      await screenshot(file, png);
      const image = readPng(readFileSync(png));
      expect(image.width).toBe(1200);
      const total = image.width * image.height;
      const inked = countPixels(image, (r, g, b) => r < 235 || g < 235 || b < 235);
      expect(inked / total).toBeGreaterThan(0.03);
      // The answered bars (#2f7d32), the unanswered ones (#e07b00) and the citation bars (#1f5fa8).
      const near = (cr: number, cg: number, cb: number) => (r: number, g: number, b: number) => Math.abs(r - cr) + Math.abs(g - cg) + Math.abs(b - cb) < 30;
      expect(countPixels(image, near(0x2f, 0x7d, 0x32))).toBeGreaterThan(2000);
      expect(countPixels(image, near(0xe0, 0x7b, 0x00))).toBeGreaterThan(500);
      expect(countPixels(image, near(0x1f, 0x5f, 0xa8))).toBeGreaterThan(500);
    });
  });
});
