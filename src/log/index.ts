import { pino, type Logger } from 'pino';

export type { Logger };

const secrets = new Set<string>();

/** Registers a value (a bot token) that must never be printed, in any log line. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 8) secrets.add(value);
}

/** Replaces every registered secret in `text` with `[redacted]`. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('[redacted]');
  return out;
}

/**
 * One logger for the process: JSON lines on stderr (stdout belongs to the CLI's answers).
 * Libraries put tokens into URLs and error messages, so every finished line is scrubbed of
 * registered secrets rather than trusting each call site.
 */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  const stream = { write: (line: string) => process.stderr.write(redactSecrets(line)) };
  return pino({ level, base: undefined }, stream);
}
