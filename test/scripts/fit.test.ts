import { describe, expect, it } from 'vitest';
import { chooseThreshold, fitConditionalLogit, fitLogistic, riskCoverage } from '../../scripts/train/fit.js';

describe('fitting the answer scorer', () => {
  it('learns to rank the alternative whose feature marks the right answer first', () => {
    const groups = Array.from({ length: 20 }, (_, g) => ({
      rows: [
        [1, (g % 3) - 1],
        [0, (g % 5) - 2],
        [0, 1],
      ],
      right: [true, false, false],
      weight: 1,
    }));
    const w = fitConditionalLogit(groups, 2);
    expect(w[0]).toBeGreaterThan(1);
    expect(Math.abs(w[1]!)).toBeLessThan(w[0]!);
  });

  it('fits a logistic regression that separates the labels and is the same on every run', () => {
    const rows = [[-2], [-1], [1], [2]];
    const labels = [false, false, true, true];
    const first = fitLogistic(rows, labels, [1, 1, 1, 1]);
    expect(first[1]).toBeGreaterThan(0);
    expect(fitLogistic(rows, labels, [1, 1, 1, 1])).toEqual(first);
  });

  it('chooses the threshold that maximises answered-right plus refused, each as a share of its kind', () => {
    const questions = [
      { confidence: 0.9, right: true, weight: 1, answerable: true },
      { confidence: 0.8, right: true, weight: 1, answerable: true },
      { confidence: 0.6, right: false, weight: 1, answerable: false },
      { confidence: 0.4, right: true, weight: 1, answerable: true },
      { confidence: 0.2, right: false, weight: 1, answerable: false },
    ];
    // Answering down to 0.8: 2/3 right + 2/2 refused = 1.67; down to 0.4: 3/3 + 1/2 = 1.5.
    expect(chooseThreshold(questions)).toBe(0.8);
    const curve = riskCoverage(questions);
    expect(curve[0]).toMatchObject({ coverage: 0.2, accuracy: 1 });
    expect(curve.at(-1)).toMatchObject({ coverage: 1, accuracy: 0.6 });
  });
});
