/**
 * Runs one section of the bench in this (fresh) process and prints its result as one JSON line on
 * stdout. bench/run.ts starts it as `node --expose-gc --import tsx bench/section.ts <name> <json>`.
 */
import { cpuNow, gcExposed, round } from './measure.js';
import { isSectionName, runSectionHere, sections } from './sections.js';

const [name, json = '{}'] = process.argv.slice(2);
if (!isSectionName(name)) {
  process.stderr.write(`bench/section.ts: unknown section ${JSON.stringify(name)}; one of ${Object.keys(sections).join(', ')}\n`);
  process.exit(2);
}
const result = await runSectionHere(name, JSON.parse(json));
// The section process's whole CPU time (startup included), so a run on a busy machine still shows its cost.
process.stdout.write(`${JSON.stringify({ ...result, gc_exposed: gcExposed(), cpu_s: round(cpuNow() / 1000, 1) })}\n`);
