/**
 * Runs one section of the bench in this (fresh) process and prints its result as one JSON line on
 * stdout. bench/run.ts starts it as `node --expose-gc --import tsx bench/section.ts <name> <json>`.
 */
import { gcExposed } from './measure.js';
import { runPeers, type PeerOptions } from './peers.js';
import { runQuality, type QualityOptions } from './quality.js';
import { runScalePoint, type ScalePointOptions } from './scale.js';

const sections = {
  quality: (o: QualityOptions) => runQuality(o),
  scale: (o: ScalePointOptions) => runScalePoint(o),
  peers: (o: PeerOptions) => runPeers(o),
} as const;

export type SectionName = keyof typeof sections;

const [name, json = '{}'] = process.argv.slice(2);
if (!name || !(name in sections)) {
  process.stderr.write(`bench/section.ts: unknown section ${JSON.stringify(name)}; one of ${Object.keys(sections).join(', ')}\n`);
  process.exit(2);
}
const run = sections[name as SectionName] as (options: unknown) => Promise<object>;
const result = await run(JSON.parse(json));
process.stdout.write(`${JSON.stringify({ ...result, gc_exposed: gcExposed() })}\n`);
