/**
 * Plain, deterministic fitting of the two linear models of the answer scorer: full-batch gradient
 * descent from zero weights (no sampling, so no seed is needed and every run gives the same model).
 */

/** Column means and standard deviations (1 for a constant column), for standardising inputs. */
export function standardiser(rows: readonly number[][], width: number): { mean: number[]; scale: number[] } {
  const mean = new Array<number>(width).fill(0);
  const scale = new Array<number>(width).fill(0);
  for (const row of rows) for (let j = 0; j < width; j++) mean[j]! += row[j]! / rows.length;
  for (const row of rows) for (let j = 0; j < width; j++) scale[j]! += (row[j]! - mean[j]!) ** 2 / rows.length;
  return { mean, scale: scale.map((v) => (v > 1e-12 ? Math.sqrt(v) : 1)) };
}

export function standardise(row: readonly number[], s: { mean: number[]; scale: number[] }): number[] {
  return row.map((x, j) => (x - s.mean[j]!) / s.scale[j]!);
}

export interface FitOptions {
  /** L2 penalty on the weights (not the bias). */
  l2: number;
  iterations: number;
  learningRate: number;
}

/** Default fitting: a light L2 penalty keeps correlated features from trading huge weights. */
export const defaultFitOptions: FitOptions = { l2: 1e-3, iterations: 1500, learningRate: 0.3 };

/** One group of alternatives (a question's candidates): rows of standardised features and which are right. */
export interface ChoiceGroup {
  rows: number[][];
  right: boolean[];
  weight: number;
}

/**
 * Conditional logit (a listwise logistic regression): maximises, over groups that have a right
 * alternative, the softmax probability of the right alternatives. Returns the weights (no bias:
 * it cancels within a group).
 */
export function fitConditionalLogit(groups: readonly ChoiceGroup[], width: number, options: FitOptions = defaultFitOptions): number[] {
  const usable = groups.filter((g) => g.right.some(Boolean) && g.right.some((r) => !r));
  const w = new Array<number>(width).fill(0);
  const m = new Array<number>(width).fill(0);
  const v = new Array<number>(width).fill(0);
  const totalWeight = usable.reduce((n, g) => n + g.weight, 0) || 1;
  for (let step = 1; step <= options.iterations; step++) {
    const grad = w.map((wj) => options.l2 * wj);
    for (const g of usable) {
      const scores = g.rows.map((row) => dot(w, row));
      const top = Math.max(...scores);
      const exp = scores.map((s) => Math.exp(s - top));
      const all = exp.reduce((a, b) => a + b, 0);
      const pos = exp.reduce((a, e, i) => a + (g.right[i] ? e : 0), 0);
      g.rows.forEach((row, i) => {
        const coefficient = (exp[i]! / all - (g.right[i] ? exp[i]! / pos : 0)) * (g.weight / totalWeight);
        for (let j = 0; j < width; j++) grad[j]! += coefficient * row[j]!;
      });
    }
    adamStep(w, grad, m, v, step, options.learningRate);
  }
  return w;
}

/** Logistic regression with a bias: returns [bias, ...weights]. */
export function fitLogistic(rows: readonly number[][], labels: readonly boolean[], weights: readonly number[], options: FitOptions = defaultFitOptions): number[] {
  const width = (rows[0]?.length ?? 0) + 1;
  const w = new Array<number>(width).fill(0);
  const m = new Array<number>(width).fill(0);
  const v = new Array<number>(width).fill(0);
  const totalWeight = weights.reduce((a, b) => a + b, 0) || 1;
  for (let step = 1; step <= options.iterations; step++) {
    const grad = w.map((wj, j) => (j === 0 ? 0 : options.l2 * wj));
    rows.forEach((row, i) => {
      const p = 1 / (1 + Math.exp(-(w[0]! + dot(w.slice(1), row))));
      const coefficient = (p - (labels[i] ? 1 : 0)) * (weights[i]! / totalWeight);
      grad[0]! += coefficient;
      for (let j = 1; j < width; j++) grad[j]! += coefficient * row[j - 1]!;
    });
    adamStep(w, grad, m, v, step, options.learningRate);
  }
  return w;
}

function dot(w: readonly number[], x: readonly number[]): number {
  let s = 0;
  for (let j = 0; j < x.length; j++) s += w[j]! * x[j]!;
  return s;
}

/** Adam with its usual constants (β1 0.9, β2 0.999): steady steps whatever the features' scales. */
function adamStep(w: number[], grad: readonly number[], m: number[], v: number[], step: number, rate: number): void {
  const rateNow = rate / Math.sqrt(step);
  for (let j = 0; j < w.length; j++) {
    m[j] = 0.9 * m[j]! + 0.1 * grad[j]!;
    v[j] = 0.999 * v[j]! + 0.001 * grad[j]! ** 2;
    const mHat = m[j]! / (1 - 0.9 ** step);
    const vHat = v[j]! / (1 - 0.999 ** step);
    w[j]! -= (rateNow * mHat) / (Math.sqrt(vHat) + 1e-8);
  }
}

/** One answered-or-not question: the scorer's confidence and whether its best answer is right. */
export interface ScoredQuestion {
  confidence: number;
  right: boolean;
  weight: number;
}

/** Points of the risk–coverage curve: answering the `coverage` most confident share, `accuracy` of those answered. */
export function riskCoverage(questions: readonly ScoredQuestion[]): { threshold: number; coverage: number; accuracy: number; net: number }[] {
  const sorted = [...questions].sort((a, b) => b.confidence - a.confidence);
  const total = sorted.reduce((n, q) => n + q.weight, 0) || 1;
  const points: { threshold: number; coverage: number; accuracy: number; net: number }[] = [];
  let answered = 0;
  let right = 0;
  sorted.forEach((q, i) => {
    answered += q.weight;
    if (q.right) right += q.weight;
    // Ties answer together: a threshold cannot split equal confidences.
    if (i + 1 < sorted.length && sorted[i + 1]!.confidence === q.confidence) return;
    points.push({ threshold: q.confidence, coverage: answered / total, accuracy: right / answered, net: (right - (answered - right)) / total });
  });
  return points;
}

/**
 * The abstention threshold by the stated rule: the confidence that maximises (share of answerable
 * questions answered right) + (share of unanswerable questions refused) on the fit data, i.e.
 * the two figures of the quality bar weighed equally whatever the mix of the two kinds of question
 * (Youden's J of the answer-or-refuse decision). Ties go to the higher threshold (fewer answers).
 */
export function chooseThreshold(questions: readonly (ScoredQuestion & { answerable: boolean })[]): number {
  const answerable = questions.filter((q) => q.answerable).reduce((n, q) => n + q.weight, 0) || 1;
  const unanswerable = questions.filter((q) => !q.answerable).reduce((n, q) => n + q.weight, 0) || 1;
  const sorted = [...questions].sort((a, b) => b.confidence - a.confidence);
  let right = 0;
  let refused = unanswerable;
  let best = { threshold: 1, value: refused / unanswerable };
  sorted.forEach((q, i) => {
    if (q.right) right += q.weight;
    if (!q.answerable) refused -= q.weight;
    if (i + 1 < sorted.length && sorted[i + 1]!.confidence === q.confidence) return;
    const value = right / answerable + refused / unanswerable;
    if (value > best.value) best = { threshold: q.confidence, value };
  });
  return best.threshold;
}
