// Orgs, users, memberships, the acting user (me) and org key policies: their replies and inputs.
import { z } from 'zod';
import { isoString, ruleEighteen, name } from './common';
import { keyMetaSchema, scopesSchema } from './keys';
import {
  EMAIL_MAX,
  MEMBERSHIP_STATUSES,
  USER_STATUSES,
  GRACE_MAX_SECONDS,
  NAME_MAX,
  POLICY_LIFETIME_MAX_DAYS,
  ROLES,
  type Policy,
} from '../vocabulary';

// Output shapes are schemas too: the IPC layer parses every reply with them, so only the
// declared fields ever cross into the renderer (a stray raw key would be stripped).
export const orgSchema = z.object({
  id: z.number(),
  name: z.string(),
  allowUserKeys: z.boolean(),
  createdAt: isoString,
});

export type Org = z.infer<typeof orgSchema>;

export const userSchema = z.object({
  id: z.number(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  isSuperAdmin: z.boolean(),
  status: z.enum(USER_STATUSES),
  createdAt: isoString,
});

export type User = z.infer<typeof userSchema>;

export const membershipSchema = z.object({
  id: z.number(),
  orgId: z.number(),
  userId: z.number(),
  role: z.enum(ROLES),
  status: z.enum(MEMBERSHIP_STATUSES),
  createdAt: isoString,
  user: userSchema,
});

export type Membership = z.infer<typeof membershipSchema>;

export const meSchema = z.object({
  id: z.number().nullable(),
  email: z.string().nullable(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  isSuperAdmin: z.boolean(),
  status: z.enum(USER_STATUSES).nullable(),
  currentOrg: z.object({ id: z.number(), name: z.string(), allowUserKeys: z.boolean() }).nullable(),
  orgUserId: z.number().nullable(),
  role: z.enum(ROLES).nullable(),
  key: keyMetaSchema.nullable(),
  impersonatedBy: z.object({ id: z.number(), email: z.string() }).nullable(),
});

export type Me = z.infer<typeof meSchema>;

/** docs/policies-and-labels.md: the whole policy object, every field required. */
export const policySchema = z.strictObject({
  maxLifetimeDays: z.number().int().min(1).max(POLICY_LIFETIME_MAX_DAYS).nullable(),
  requireExpiry: z.boolean(),
  maxGraceSeconds: z.number().int().min(0).max(GRACE_MAX_SECONDS).nullable(),
  allowedScopes: scopesSchema,
  allowOrgKeys: z.boolean(),
  allowImpersonation: z.boolean(),
}) satisfies z.ZodType<Policy>;

/** What a policy would do to the org's existing keys (they are never changed by it). */
export const policyPreviewSchema = z.object({ orgId: z.number(), violating: z.number() });

export type PolicyPreview = z.infer<typeof policyPreviewSchema>;

export const createOrgSchema = z.strictObject({ name, allowUserKeys: z.boolean().optional() });

export type CreateOrgInput = z.infer<typeof createOrgSchema>;

export const updateOrgSchema = z
  .strictObject({ name: name.optional(), allowUserKeys: z.boolean().optional() })
  .refine((o) => Object.keys(o).length > 0, 'nothing to update');

export type UpdateOrgInput = z.infer<typeof updateOrgSchema>;

export const addMemberSchema = z.strictObject({
  email: z.string().trim().toLowerCase().max(EMAIL_MAX).email('must be an email address'),
  firstName: z.string().trim().min(1).max(NAME_MAX).superRefine(ruleEighteen),
  lastName: z.string().trim().min(1).max(NAME_MAX).superRefine(ruleEighteen),
  role: z.enum(ROLES).optional(),
});

export type AddMemberInput = z.infer<typeof addMemberSchema>;

export const updateMemberSchema = z
  .strictObject({ role: z.enum(ROLES).optional(), status: z.enum(MEMBERSHIP_STATUSES).optional() })
  .refine((o) => Object.keys(o).length > 0, 'nothing to update');

export type UpdateMemberInput = z.infer<typeof updateMemberSchema>;

export const updateUserSchema = z.strictObject({ status: z.enum(USER_STATUSES) });

export type UpdateUserInput = z.infer<typeof updateUserSchema>;
