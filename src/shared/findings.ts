// Schemas of the findings API (GET /user/keyFindings, docs/estate.md): shared by the
// engine, the HTTP server, the remote backend and the IPC contract.
import { z } from 'zod';
import { keyMetaSchema, labelFilterListSchema } from './domain';
import { FINDING_CODES, THRESHOLD_MAX_DAYS } from './findingCodes';
import { PAGE_MAX } from './vocabulary';

export * from './findingCodes';

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const days = z.number().int().min(1).max(THRESHOLD_MAX_DAYS);
const code = z.enum(FINDING_CODES, { message: `must be one of ${FINDING_CODES.join(', ')}` });

export const thresholdsSchema = z.strictObject({
  expiringDays: days.optional(),
  idleDays: days.optional(),
  neverUsedDays: days.optional(),
  rotationDays: days.optional(),
});

export const keyFindingsQuerySchema = z.strictObject({
  orgId: id,
  code: code.optional(),
  ...thresholdsSchema.shape,
  /** docs/policies-and-labels.md: `key` or `key:value`, every one must match (as on GET /user/apiKey). */
  label: labelFilterListSchema.optional(),
  limit: z.number().int().min(1).max(PAGE_MAX).optional(),
  cursor: z.string().max(200).optional(),
});
export type KeyFindingsQuery = z.infer<typeof keyFindingsQuerySchema>;

export const findingCountsSchema = z.object(
  Object.fromEntries(FINDING_CODES.map((c) => [c, z.number().int().min(0)])) as Record<
    (typeof FINDING_CODES)[number],
    z.ZodNumber
  >,
);

export const keyFindingSchema = z.object({ key: keyMetaSchema, findings: z.array(code) });

export const keyFindingsSchema = z.object({
  orgId: z.number(),
  counts: findingCountsSchema,
  items: z.array(keyFindingSchema),
  nextCursor: z.string().nullable(),
});
export type KeyFindings = z.infer<typeof keyFindingsSchema>;
