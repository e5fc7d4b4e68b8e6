// The audit log: an event as shown and the log's query.
import { z } from 'zod';
import { isoString, id, isoDateTime } from './common';
import { AUDIT_OUTCOMES, TOKEN_MAX, PAGE_MAX } from '../vocabulary';

export const auditEventSchema = z.object({
  id: z.number(),
  at: isoString,
  orgId: z.number().nullable(),
  action: z.string(),
  outcome: z.enum(AUDIT_OUTCOMES),
  code: z.string().nullable(),
  actorUserId: z.number().nullable(),
  impersonatorUserId: z.number().nullable(),
  keyId: z.number().nullable(),
  keyStart: z.string().nullable(),
  targetType: z.string().nullable(),
  targetId: z.number().nullable(),
  /** SHA-256 (hex) of the previous event's hash in its chain and this event's fields (docs/usage-and-rotation.md). */
  hash: z.string().nullable(),
});

export type AuditEvent = z.infer<typeof auditEventSchema>;

export const listAuditSchema = z.strictObject({
  orgId: id.optional(),
  action: z.string().max(100).optional(),
  outcome: z.enum(AUDIT_OUTCOMES).optional(),
  /** Calls made with the key only. */
  keyId: id.optional(),
  /** Everything about the key: calls made with it and its own lifecycle (it is the target). */
  aboutKeyId: id.optional(),
  actorUserId: id.optional(),
  since: isoDateTime.optional(),
  until: isoDateTime.optional(),
  limit: z.number().int().min(1).max(PAGE_MAX).optional(),
  cursor: z.string().max(TOKEN_MAX).optional(),
});

export type ListAuditQuery = z.infer<typeof listAuditSchema>;
