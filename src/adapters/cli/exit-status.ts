/**
 * Thrown by a command that has printed everything it had to say and exits with `status` without a
 * further message (`doctor`: 1 when a check failed).
 */
export class ExitStatus extends Error {
  override name = 'ExitStatus';
  constructor(readonly status: number) {
    super(`exit status ${status}`);
  }
}
