import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, runCli } from '../../../support/cli.js';

beforeAll(assertBuilt);

describe('coverage-bot speakers', () => {
  it('lists speakers with statement counts as JSON, most quoted first', async () => {
    const { code, stdout } = await runCli(['speakers', '--json']);
    expect(code).toBe(0);
    const speakers = JSON.parse(stdout) as { speaker: string; role: string | null; statements: number }[];
    expect(speakers[0]).toMatchObject({ speaker: 'Dmitry Peskov', role: 'Kremlin spokesman' });
    expect(speakers.map((s) => s.speaker)).toEqual(expect.arrayContaining(['Sergey Shoygu', 'Donald Trump', 'Yury Ushakov', 'Sergey Lavrov']));
    const counts = speakers.map((s) => s.statements);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it('lists speakers as text, one a line', async () => {
    const { code, stdout } = await runCli(['speakers']);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toMatch(/^\s*\d+ {2}Dmitry Peskov \(Kremlin spokesman\)$/);
  });
});
