import { z } from 'zod';
import {
  ApiKeySchema,
  DisplayCredentialSchema,
  DisplayScopeSchema,
  TenantIdSchema,
  TenantSchema,
  UserSchema,
  UsernameSchema,
} from '../../../shared/domain/identity.js';
import { API_KEY_SCOPES, PERMISSIONS, ROLES, TIERS } from '../../../shared/domain/roles.js';
import { PageQuerySchema } from '../../../shared/protocol/api.js';

/**
 * Request and response shapes of the identity routes that shared/ does not define yet. Requests
 * are strict (unknown fields → 400); cross-field rules (role ↔ tier ↔ tenant) are checked by
 * the service, so every caller gets them, not only HTTP.
 */
export const PasswordSchema = z.string().min(8, 'at least 8 characters').max(256);
const TierSchema = z.union(TIERS.map((t) => z.literal(t)));
const NameSchema = z.string().trim().min(1).max(200);

export const IdParamsSchema = z.strictObject({ id: z.string().min(1).max(200) });
/** Routes without query parameters still refuse unknown ones, like unknown body fields. */
export const NoQuerySchema = z.strictObject({});

export const TenantCreateSchema = z.strictObject({ id: TenantIdSchema, name: TenantSchema.shape.name });
export type TenantCreate = z.infer<typeof TenantCreateSchema>;
export const TenantPatchSchema = z.strictObject({ name: TenantSchema.shape.name });
export type TenantPatch = z.infer<typeof TenantPatchSchema>;

export const UserCreateSchema = z.strictObject({
  username: UsernameSchema,
  displayName: NameSchema.optional(),
  password: PasswordSchema,
  role: z.enum(ROLES),
  /** Operators only (1–4). */
  tier: TierSchema.nullable().optional(),
  /** tenant-admin and tenant-viewer only. */
  tenantId: TenantIdSchema.nullable().optional(),
  disabled: z.boolean().optional(),
});
export type UserCreate = z.infer<typeof UserCreateSchema>;

export const UserPatchSchema = z
  .strictObject({
    displayName: NameSchema.optional(),
    password: PasswordSchema.optional(),
    role: z.enum(ROLES).optional(),
    tier: TierSchema.nullable().optional(),
    tenantId: TenantIdSchema.nullable().optional(),
    disabled: z.boolean().optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), 'nothing to change');
export type UserPatchInput = z.infer<typeof UserPatchSchema>;

export const UserListQuerySchema = PageQuerySchema.extend({
  tenantId: TenantIdSchema.optional().describe('Only users of this tenant'),
});

export const DisplayCredentialViewSchema = DisplayCredentialSchema.extend({ lastUsedAt: z.string().nullable() });
export type DisplayCredentialView = z.infer<typeof DisplayCredentialViewSchema>;
/** The token appears in this response only; it is not stored. */
export const IssuedDisplayCredentialSchema = DisplayCredentialViewSchema.extend({ token: z.string() });
export const DisplayCredentialCreateSchema = z.strictObject({
  name: NameSchema,
  scope: DisplayScopeSchema,
  /** UTC ISO 8601; null or absent: until revoked (a wall runs for weeks). */
  expiresAt: z.iso.datetime().nullable().optional(),
});
export type DisplayCredentialCreate = z.infer<typeof DisplayCredentialCreateSchema>;

export const ApiKeyViewSchema = ApiKeySchema.extend({ lastUsedAt: z.string().nullable() });
export type ApiKeyView = z.infer<typeof ApiKeyViewSchema>;
export const IssuedApiKeySchema = ApiKeyViewSchema.extend({ token: z.string() });
export const ApiKeyCreateSchema = z.strictObject({
  name: NameSchema,
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1).max(API_KEY_SCOPES.length),
  /** A key bound to a tenant may push data for that tenant only. */
  tenantId: TenantIdSchema.nullable().optional(),
});
export type ApiKeyCreate = z.infer<typeof ApiKeyCreateSchema>;

const PermissionsSchema = z.array(z.enum(PERMISSIONS));

/** Who the caller is and what it may do: the console builds its menus from this. */
export const MeResponseSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), user: UserSchema, sessionId: z.string(), expiresAt: z.string(), permissions: PermissionsSchema }),
  z.object({
    kind: z.literal('display'),
    id: z.string(),
    name: z.string(),
    scope: DisplayScopeSchema,
    expiresAt: z.string().nullable(),
    permissions: PermissionsSchema,
  }),
  z.object({
    kind: z.literal('apikey'),
    id: z.string(),
    name: z.string(),
    scopes: z.array(z.enum(API_KEY_SCOPES)),
    tenantId: z.string().nullable(),
    permissions: PermissionsSchema,
  }),
]);

export const LogoutResponseSchema = z.object({ endedSessions: z.number().int() });
export const DeletedResponseSchema = z.object({ id: z.string(), deleted: z.literal(true) });
