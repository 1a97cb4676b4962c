import { describe, expect, it } from 'vitest';
import { ExitStatus } from '../../../src/adapters/cli/exit-status.js';

describe('ExitStatus', () => {
  it('is an Error carrying the status to exit with, named so that a log says what it is', () => {
    const status = new ExitStatus(1);
    expect(status).toBeInstanceOf(Error);
    expect(status.status).toBe(1);
    expect(status.name).toBe('ExitStatus');
    expect(status.message).toBe('exit status 1');
  });

  it('keeps any status it is given, so that a command may end with its own', () => {
    expect([0, 3, 255].map((n) => new ExitStatus(n).status)).toEqual([0, 3, 255]);
  });
});
