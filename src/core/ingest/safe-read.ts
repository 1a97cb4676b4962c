import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { tooLargeReason } from './article-file.js';

/**
 * Reading a file without being led outside where it should be. The corpus folder is a jail: a
 * file whose real path (links resolved) is outside it is refused, and what is read is the file
 * that was checked (opened without following a last link, then checked on the open descriptor),
 * so a link swapped in between the check and the read cannot lead elsewhere either.
 */

/** Why a file was refused, or its bytes. */
export type ReadResult = { bytes: Buffer } | { reason: string };

/** The reason given for a file that resolves outside its folder; it never names the target. */
export const OUTSIDE_FOLDER_REASON = 'links to a file outside the coverage folder; refused (the coverage folder is the only place articles are read from)';

/**
 * Reads the file `name` of the folder whose real path is `realDir` (see realFolder), refusing it
 * when its real path is outside that folder, it is not a regular file, or it is over `maxBytes`.
 */
export function readFileInFolder(realDir: string, name: string, maxBytes: number): ReadResult {
  let real: string;
  try {
    real = realpathSync(path.join(realDir, name));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { reason: code === 'ENOENT' ? 'a link to nothing (its target does not exist)' : `cannot be read (${code ?? (error as Error).message})` };
  }
  if (!isInside(realDir, real)) return { reason: OUTSIDE_FOLDER_REASON };
  return readRegularFile(real, maxBytes);
}

/**
 * Reads a regular file that is not a symbolic link (ingest copies files, never through links).
 * Opened with O_NOFOLLOW (a link put in its place fails to open) and O_NONBLOCK (a FIFO does not
 * hang the read), then checked on the descriptor.
 */
export function readRegularFile(file: string, maxBytes: number): ReadResult {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return { reason: 'is a symbolic link; only regular files are read, never through links' };
    return { reason: `cannot be read (${code ?? (error as Error).message})` };
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return { reason: 'not a regular file' };
    // Decided from the size alone so a huge file is never read into memory.
    if (info.size > maxBytes) return { reason: tooLargeReason(info.size, maxBytes) };
    // One byte more than allowed, in case the file grew since fstat.
    const buffer = Buffer.alloc(Math.min(info.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length === buffer.length) break;
    }
    if (length > maxBytes) return { reason: tooLargeReason(length, maxBytes) };
    return { bytes: buffer.subarray(0, length) };
  } catch (error) {
    return { reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  } finally {
    closeSync(fd);
  }
}

/** Whether a path is a symbolic link (not followed). */
export function isSymbolicLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/** The real path of a folder; throws when it cannot be resolved. */
export function realFolder(dir: string): string {
  return realpathSync(dir);
}

/** Whether `real` (a real path) is inside the folder `realDir` (a real path). */
export function isInside(realDir: string, real: string): boolean {
  const relative = path.relative(realDir, real);
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}
