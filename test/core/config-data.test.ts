import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config/index.js';
import { configDataProblems, lexicalDataProblem } from '../../src/core/index.js';

const configDir = mkdtempSync(path.join(tmpdir(), 'config-data-'));
const previous = process.env.CONFIG_DIR;
afterAll(() => {
  if (previous === undefined) delete process.env.CONFIG_DIR;
  else process.env.CONFIG_DIR = previous;
  rmSync(configDir, { recursive: true, force: true });
});

describe('configDataProblems', () => {
  // One test: the core reads each file once per process, so the broken folder must be the first it sees.
  it('names each broken file the core reads, with the schema\'s message, instead of throwing', () => {
    cpSync(path.join(projectRoot, 'config'), configDir, { recursive: true });
    writeFileSync(path.join(configDir, 'outlets.json'), JSON.stringify({ outlets: [{ name: 42 }] }));
    writeFileSync(path.join(configDir, 'synonyms.json'), '{"groups": [[');
    process.env.CONFIG_DIR = configDir;
    const problems = configDataProblems();
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(new RegExp(`^${path.join(configDir, 'outlets.json')}: outlets\\.0\\.`));
    expect(problems[1]).toMatch(new RegExp(`^${path.join(configDir, 'synonyms.json')}: `));
  });
});

describe('lexicalDataProblem', () => {
  it('is null when the built WordNet and word vectors load, and says what is missing otherwise', () => {
    expect(lexicalDataProblem()).toBeNull();
    expect(lexicalDataProblem(configDir)).toMatch(/\S/);
  });
});
