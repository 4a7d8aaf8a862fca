import { z } from 'zod';
import { ROLES, TIERS, API_KEY_SCOPES } from './roles.js';

export const TenantIdSchema = z.string().min(2).max(64).regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and -');

export const TenantSchema = z.strictObject({
  id: TenantIdSchema,
  name: z.string().min(1).max(200),
  createdAt: z.string(),
});
export type Tenant = z.infer<typeof TenantSchema>;

export const UsernameSchema = z.string().min(2).max(64).regex(/^[a-zA-Z0-9._-]+$/, 'letters, digits and . _ -');

export const UserSchema = z.strictObject({
  id: z.string(),
  username: UsernameSchema,
  displayName: z.string(),
  role: z.enum(ROLES),
  tier: z.union(TIERS.map((t) => z.literal(t))).nullable(),
  tenantId: TenantIdSchema.nullable(),
  disabled: z.boolean(),
  createdAt: z.string(),
});
export type User = z.infer<typeof UserSchema>;

/**
 * What a wall display may show. Scope is data, so a wall can be narrowed without code:
 * `tenants: null` means every tenant's systems (the control room), a list narrows to those
 * tenants' visible sets; `topics` are topic names or prefixes ending in `*`.
 */
export const DisplayScopeSchema = z.strictObject({
  tenants: z.array(TenantIdSchema).max(100).nullable(),
  topics: z.array(z.string().min(1).max(120)).min(1).max(50),
  views: z.array(z.string().min(1).max(120)).max(50),
});
export type DisplayScope = z.infer<typeof DisplayScopeSchema>;

export const DisplayCredentialSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  scope: DisplayScopeSchema,
  createdBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type DisplayCredential = z.infer<typeof DisplayCredentialSchema>;

export const ApiKeySchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  scopes: z.array(z.enum(API_KEY_SCOPES)),
  tenantId: TenantIdSchema.nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type ApiKey = z.infer<typeof ApiKeySchema>;
