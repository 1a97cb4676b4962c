/**
 * What a long operation of the core is busy with: reading the files of a corpus folder, indexing
 * its articles, finding their statements, or adding files to it (ingest).
 */
export type ProgressStep = 'reading files' | 'indexing' | 'finding statements' | 'adding files';

/**
 * How a long operation of the core says how far it has come: `done` of `total` units (files or
 * articles) of its current `step`. It is called once at the start of each step (done 0) and after
 * every unit, synchronously, so a caller that draws something throttles itself; the core itself
 * never draws or prints anything.
 */
export type ProgressCallback = (done: number, total: number, step: ProgressStep) => void;
