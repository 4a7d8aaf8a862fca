/**
 * Roles and the permission table of product.md ("Who may do what"). The server's guard and the
 * console's menus both read this one table, so a role can never do in one place what it may not
 * do in the other.
 */
export const ROLES = [
  'admin',
  'operator',
  'duty-manager',
  'approver',
  'tenant-admin',
  'tenant-viewer',
  'publisher',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles bound to one tenant: their user row must name it, and they see only its visible set. */
export const TENANT_ROLES: readonly Role[] = ['tenant-admin', 'tenant-viewer'];

/** Operator tiers (domain.md): 1 control desk, 2 first-line emergency, 3 experts, 4 senior experts. */
export const TIERS = [1, 2, 3, 4] as const;
export type Tier = (typeof TIERS)[number];

export const PERMISSIONS = [
  'tenants:manage',
  'users:manage',
  'credentials:manage',
  'audit:read',
  'topology:read',
  'metrics:read',
  'ingest:write',
  'demo:control',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const OPERATIONS_READ: Permission[] = ['topology:read', 'metrics:read'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  operator: [...OPERATIONS_READ, 'demo:control'],
  'duty-manager': [...OPERATIONS_READ, 'demo:control'],
  approver: [],
  'tenant-admin': OPERATIONS_READ,
  'tenant-viewer': OPERATIONS_READ,
  publisher: [],
};

/** API keys are for machines that push data; they never read or administer. */
export const API_KEY_SCOPES = ['ingest:write'] as const satisfies readonly Permission[];
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** A display credential is read-only whatever its scope says. */
export const DISPLAY_PERMISSIONS: readonly Permission[] = OPERATIONS_READ;

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** Roles whose audience is everything operational. */
export function isOperationsRole(role: Role): boolean {
  return role === 'admin' || role === 'operator' || role === 'duty-manager';
}
