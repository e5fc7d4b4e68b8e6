// What every domain's schemas build on: ids, names, ISO instants, pages, and turning zod
// issues into one readable sentence. Plain data only: no Node, no Electron, no DOM.
import { z } from 'zod';
import { parseInstant } from '../instant';
import { nameProblem } from '../text';
import { TOKEN_MAX, DESCRIPTION_MAX, NAME_MAX, PAGE_MAX } from '../vocabulary';

export const isoString = z.string();

export const nullableIso = z.string().nullable();

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const pageSchema = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const storedFileSchema = z.object({
  id: z.number(),
  displayName: z.string(),
  /** The lower-case extension. */
  fileType: z.string(),
  contentType: z.string(),
  fileUUID: z.string(),
  fileUrl: z.string(),
});

export type StoredFile = z.infer<typeof storedFileSchema>;

/** Every id in the API and over IPC: a positive integer that survives the trip through a JS number. */
export const idSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const id = idSchema;

/** Rule 18 on top of a string schema: the shared check's own message. */
export const ruleEighteen = (value: string, ctx: z.core.$RefinementCtx<string>): void => {
  const why = nameProblem(value);
  if (why) ctx.addIssue({ code: 'custom', message: why, input: value });
};

export const name = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(NAME_MAX, `at most ${NAME_MAX} characters`)
  .superRefine(ruleEighteen);

export const description = z.string().max(DESCRIPTION_MAX, `at most ${DESCRIPTION_MAX} characters`);

// ISO 8601 date-time with an explicit zone and at most millisecond precision. "In the
// future" needs a clock, so the engine checks that.
export const isoDateTime = z
  .string()
  .max(40)
  .refine(
    (s) => parseInstant(s) !== null,
    'must be a real ISO 8601 date-time with a zone, at most millisecond precision',
  );

export const pageQuerySchema = z.strictObject({
  limit: z.number().int().min(1).max(PAGE_MAX).optional(),
  cursor: z.string().max(TOKEN_MAX).optional(),
});

export type PageQuery = z.infer<typeof pageQuerySchema>;

export const importJsonSchema = z.strictObject({ records: z.array(z.unknown()).max(100_000) });

type Issue = z.core.$ZodIssue;

/**
 * A union's own message is only "Invalid input". Follow the branch that came closest
 * (fewest issues), so the message names the field that is actually wrong.
 */
function leafIssues(issues: readonly Issue[], prefix: PropertyKey[]): { path: PropertyKey[]; message: string }[] {
  return issues.flatMap((i) => {
    const path = [...prefix, ...i.path];
    if (i.code === 'invalid_union' && i.errors.length > 0) {
      return leafIssues(
        i.errors.reduce((best, e) => (e.length < best.length ? e : best)),
        path,
      );
    }
    return [{ path, message: i.message }];
  });
}

/** Turns zod issues into one readable sentence for an error message. */
export function describeIssues(error: z.ZodError): string {
  return leafIssues(error.issues, [])
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.map(String).join('.') : 'body'}: ${i.message}`)
    .join('; ');
}
