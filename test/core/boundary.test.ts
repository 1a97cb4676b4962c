import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config/index.js';

/**
 * The core takes its configuration as a value (see src/core/config.ts): it never imports
 * src/config, never reads the environment, and never names a config file or folder in its code.
 * Comments may mention config/people.json and the like; the code may not.
 */
const CONFIG_FILE = /(?:outlets|people|speech|variants|synonyms)\.json|CONFIG_DIR/;

/** What in one file of the core breaks that rule, one line per finding. */
function configReadsIn(file: string, source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
  const found: string[] = [];
  for (const match of code.matchAll(/(?:from\s+|import\s*\(\s*)['"]([^'"]+)['"]/g)) {
    const target = path.resolve(path.dirname(file), match[1]!);
    if (target.startsWith(path.join(projectRoot, 'src', 'config'))) found.push(`${file}: imports ${match[1]}`);
  }
  if (/\bprocess\s*\.\s*env\b|\bprocess\s*\[\s*['"]env['"]\s*\]/.test(code)) found.push(`${file}: reads process.env`);
  for (const match of code.matchAll(/(['"`])((?:\\.|(?!\1).)*)\1/g)) {
    const text = match[2]!;
    if (CONFIG_FILE.test(text) || /(?:^|[\\/])config(?:[\\/]|$)/.test(text)) found.push(`${file}: names ${JSON.stringify(text)}`);
  }
  return found;
}

describe('the core reads no configuration itself', () => {
  it('has no import of src/config, no process.env and no config file or folder named in src/core', () => {
    const coreDir = path.join(projectRoot, 'src', 'core');
    const files = readdirSync(coreDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(20);
    const found = files.flatMap((f) => configReadsIn(path.join(coreDir, f), readFileSync(path.join(coreDir, f), 'utf8')));
    expect(found).toEqual([]);
  });

  it('would notice each of those (the check itself)', () => {
    const file = path.join(projectRoot, 'src', 'core', 'ingest', 'example.ts');
    const offending = [
      "import { configFile } from '../../config/index.js';",
      "const { loadConfig } = await import('../../config/index.js');",
      'const dir = process.env.CONFIG_DIR;',
      "const people = readFileSync(path.join(root, 'config', 'people.json'), 'utf8');",
    ];
    for (const line of offending) expect(configReadsIn(file, line), line).not.toEqual([]);
    const allowed = ["// Reads config/people.json's shape (a comment).", "import { configured } from '../config.js';", "const x = 'the configuration';"];
    for (const line of allowed) expect(configReadsIn(file, line), line).toEqual([]);
  });
});
