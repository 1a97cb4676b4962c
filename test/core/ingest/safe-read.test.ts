import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isInside, isSymbolicLink, OUTSIDE_FOLDER_REASON, readFileInFolder, readRegularFile, realFolder } from '../../../src/core/ingest/safe-read.js';

let root: string;
let folder: string;
const SECRET = 'outside text that must never be read';

beforeAll(() => {
  root = realpathSync(mkdtempSync(path.join(tmpdir(), 'safe-read-')));
  folder = path.join(root, 'corpus');
  mkdirSync(folder);
  mkdirSync(path.join(folder, 'sub'));
  writeFileSync(path.join(root, 'secret.txt'), SECRET);
  writeFileSync(path.join(folder, 'article.txt'), 'Harbour cranes return to work');
  writeFileSync(path.join(folder, 'empty.txt'), '');
  writeFileSync(path.join(folder, 'ten.txt'), '0123456789');
  symlinkSync(path.join(folder, 'article.txt'), path.join(folder, 'link-inside.txt'));
  symlinkSync(path.join(root, 'secret.txt'), path.join(folder, 'link-out.txt'));
  symlinkSync(path.join('..', 'secret.txt'), path.join(folder, 'link-out-relative.txt'));
  symlinkSync(path.join(folder, 'missing.txt'), path.join(folder, 'link-dangling.txt'));
  execFileSync('mkfifo', [path.join(folder, 'pipe.txt')]);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const text = (result: ReturnType<typeof readRegularFile>) => {
  if (!('bytes' in result)) throw new Error(result.reason);
  return result.bytes.toString('utf8');
};

describe('readFileInFolder', () => {
  it('reads a regular file of the folder, and a link to another file inside it', () => {
    expect(text(readFileInFolder(folder, 'article.txt', 1000))).toBe('Harbour cranes return to work');
    expect(text(readFileInFolder(folder, 'link-inside.txt', 1000))).toBe('Harbour cranes return to work');
  });

  it('refuses a link that leads outside the folder, absolute or relative, without naming the target', () => {
    for (const name of ['link-out.txt', 'link-out-relative.txt', '../secret.txt']) {
      expect(readFileInFolder(folder, name, 1000)).toEqual({ reason: OUTSIDE_FOLDER_REASON });
    }
    expect(OUTSIDE_FOLDER_REASON).not.toContain('secret');
  });

  it('says a dangling link leads to nothing and a missing name cannot be found', () => {
    expect(readFileInFolder(folder, 'link-dangling.txt', 1000)).toEqual({ reason: 'a link to nothing (its target does not exist)' });
    expect(readFileInFolder(folder, 'never-written.txt', 1000)).toEqual({ reason: 'a link to nothing (its target does not exist)' });
  });

  it('refuses a folder and a FIFO as not regular files, without hanging on the FIFO', () => {
    expect(readFileInFolder(folder, 'sub', 1000)).toEqual({ reason: 'not a regular file' });
    expect(readFileInFolder(folder, 'pipe.txt', 1000)).toEqual({ reason: 'not a regular file' });
  });
});

describe('readRegularFile', () => {
  it('refuses a symbolic link itself, even one pointing inside', () => {
    expect(readRegularFile(path.join(folder, 'link-inside.txt'), 1000)).toEqual({
      reason: 'is a symbolic link; only regular files are read, never through links',
    });
  });

  it('reads a file exactly at the limit and refuses one byte over by its size', () => {
    expect(text(readRegularFile(path.join(folder, 'ten.txt'), 10))).toBe('0123456789');
    expect(readRegularFile(path.join(folder, 'ten.txt'), 9)).toEqual({ reason: 'file is 10 bytes, over the 9 bytes limit for one article' });
  });

  it('reads an empty file as zero bytes (deciding it is empty is the decoder’s job)', () => {
    const result = readRegularFile(path.join(folder, 'empty.txt'), 1000);
    expect('bytes' in result && result.bytes.length).toBe(0);
  });

  it('gives the error code of a file that cannot be opened', () => {
    expect(readRegularFile(path.join(folder, 'never-written.txt'), 1000)).toEqual({ reason: 'cannot be read (ENOENT)' });
  });
});

describe('folder helpers', () => {
  it('isSymbolicLink tells links from files and missing paths', () => {
    expect(isSymbolicLink(path.join(folder, 'link-out.txt'))).toBe(true);
    expect(isSymbolicLink(path.join(folder, 'link-dangling.txt'))).toBe(true);
    expect(isSymbolicLink(path.join(folder, 'article.txt'))).toBe(false);
    expect(isSymbolicLink(path.join(folder, 'never-written.txt'))).toBe(false);
  });

  it('realFolder resolves a link to a folder and throws for a missing one', () => {
    symlinkSync(folder, path.join(root, 'corpus-link'));
    expect(realFolder(path.join(root, 'corpus-link'))).toBe(folder);
    expect(() => realFolder(path.join(root, 'nowhere'))).toThrow(/ENOENT/);
  });

  it('isInside accepts only paths strictly below the folder', () => {
    expect(isInside(folder, path.join(folder, 'a.txt'))).toBe(true);
    expect(isInside(folder, path.join(folder, 'sub', 'a.txt'))).toBe(true);
    expect(isInside(folder, path.join(folder, '..file.txt'))).toBe(true);
    expect(isInside(folder, folder)).toBe(false);
    expect(isInside(folder, root)).toBe(false);
    expect(isInside(folder, path.join(root, 'secret.txt'))).toBe(false);
    expect(isInside(folder, `${folder}-sibling/a.txt`)).toBe(false);
  });
});
