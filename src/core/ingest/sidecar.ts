import { z } from 'zod';
import { parseMachineDate } from './dates.js';
import type { ArticleMeta } from './types.js';

/** Metadata fields a NAME.meta.json sidecar may set; any field it names overrides the extracted value. */
export type MetaOverrides = Partial<Omit<ArticleMeta, 'id'>>;

const nullableText = z.string({ error: 'must be text or null' }).trim().min(1, 'must not be empty').nullable();
const sidecarSchema = z
  .object({
    outlet: nullableText,
    title: z.string({ error: 'must be text' }).trim().min(1, 'must not be empty'),
    subtitle: nullableText,
    author: nullableText,
    published: z
      .string({ error: 'must be a date such as 2025-05-12, or null' })
      .nullable()
      .transform((value, ctx) => {
        if (value === null) return null;
        const date = parseMachineDate(value);
        if (!date) ctx.addIssue({ code: 'custom', message: 'must be a date such as 2025-05-12, or null' });
        return date;
      }),
    url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL or null' }).nullable(),
  })
  .partial();

/** Suffix of the metadata file that sits beside an article (`NAME.meta.json` for `NAME.txt`). */
export const SIDECAR_SUFFIX = '.meta.json';

/**
 * Parses a sidecar's JSON text. Unknown keys are ignored (the sidecar may carry notes); a field
 * with a wrong type is an error naming the field.
 */
export function parseSidecar(text: string): { overrides: MetaOverrides } | { error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { error: `not valid JSON (${(error as Error).message})` };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { error: 'must be a JSON object' };
  const parsed = sidecarSchema.safeParse(raw);
  if (!parsed.success) {
    return { error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  }
  return { overrides: parsed.data as MetaOverrides };
}
