// Key usage (docs/usage-and-rotation.md): buckets per key and the queries for one key or a page.
import { z } from 'zod';
import { isoString, id, isoDateTime } from './common';
import { USAGE_BATCH_MAX, USAGE_GRANULARITIES } from '../vocabulary';

export const usageBucketSchema = z.object({ at: isoString, ok: z.number(), denied: z.number() });

export const keyUsageSchema = z.object({
  keyId: z.number(),
  granularity: z.enum(USAGE_GRANULARITIES),
  items: z.array(usageBucketSchema),
  total: z.object({ ok: z.number(), denied: z.number() }),
});

export type KeyUsage = z.infer<typeof keyUsageSchema>;

export const usageQuerySchema = z.strictObject({
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  granularity: z.enum(USAGE_GRANULARITIES).optional(),
});

export type UsageQuery = z.infer<typeof usageQuerySchema>;

/** Usage of a page of keys in one request (the keys table's sparklines). */
export const usageBatchSchema = usageQuerySchema.extend({
  ids: z.array(id).min(1).max(USAGE_BATCH_MAX),
});

export type UsageBatchQuery = z.infer<typeof usageBatchSchema>;

export const usageBatchReplySchema = z.object({ items: z.array(keyUsageSchema) });

export type UsageBatch = z.infer<typeof usageBatchReplySchema>;
