import { runArchiveAsk, runArchiveImport, runArchiveMemory, type ArchiveAskOptions, type ArchiveImportOptions, type ArchiveMemoryOptions } from './archive.js';
import { runPeers, type PeerOptions } from './peers.js';
import { runQuality, type QualityOptions } from './quality.js';
import { runScalePoint, type ScalePointOptions } from './scale.js';
import { runServedPoint, type ServedOptions } from './served.js';

/** The bench's sections by name; each returns a JSON-ready object. */
export const sections = {
  quality: (o: QualityOptions) => runQuality(o),
  scale: (o: ScalePointOptions) => runScalePoint(o),
  served: (o: ServedOptions) => runServedPoint(o),
  peers: (o: PeerOptions) => runPeers(o),
  'archive-import': (o: ArchiveImportOptions) => runArchiveImport(o),
  'archive-ask': (o: ArchiveAskOptions) => runArchiveAsk(o),
  'archive-memory': (o: ArchiveMemoryOptions) => runArchiveMemory(o),
} as const;

export type SectionName = keyof typeof sections;

export const isSectionName = (name: string | undefined): name is SectionName => name !== undefined && name in sections;

/** Runs one section in this process. */
export function runSectionHere(name: SectionName, options: object): Promise<object> {
  return (sections[name] as (options: unknown) => Promise<object>)(options);
}
