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
  /** See alarms and incidents (filtered to the audience like everything else). */
  'alarms:read',
  /** Acknowledge, clear, comment on and assign alarms and incidents. */
  'alarms:act',
  /** Escalate an incident to the next tier by hand. */
  'incidents:escalate',
  /** Unified dispatch (统一调度): re-assign across tiers, set an incident's tier. */
  'incidents:dispatch',
  /** Push events (`POST /api/v1/events`). */
  'events:write',
  /** Create, edit and disable alarm rules (tier 3–4 operators and admins). */
  'rules:write',
  /** Create and expire silences and maintenance windows. */
  'silences:write',
  /** Escalation policies, the on-call schedule and notification channels. */
  'escalation:manage',
  /** Read tenant dashboards (filtered to the audience: a tenant reads only its own). */
  'dashboards:read',
  /** Build, edit and delete dashboards (a tenant-admin: only its own tenant's). */
  'dashboards:write',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const OPERATIONS_READ: Permission[] = ['topology:read', 'metrics:read', 'alarms:read', 'dashboards:read'];
const OPERATING: Permission[] = ['alarms:act', 'incidents:escalate', 'events:write', 'silences:write'];

/** What each role may do at its lowest tier; see `permissionsFor` for what tiers add. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  operator: [...OPERATIONS_READ, ...OPERATING, 'demo:control'],
  'duty-manager': [...OPERATIONS_READ, ...OPERATING, 'incidents:dispatch', 'escalation:manage', 'demo:control'],
  approver: [],
  'tenant-admin': [...OPERATIONS_READ, 'dashboards:write'],
  'tenant-viewer': OPERATIONS_READ,
  publisher: [],
};

/** Tier 3–4 operators (experts, senior experts) also edit alarm rules (product.md). */
const TIER_PERMISSIONS: Partial<Record<Tier, readonly Permission[]>> = { 3: ['rules:write'], 4: ['rules:write'] };

/** A person's permissions: their role's, plus what an operator's tier adds. */
export function permissionsFor(role: Role, tier: Tier | null): readonly Permission[] {
  const extra = role === 'operator' && tier !== null ? TIER_PERMISSIONS[tier] : undefined;
  return extra ? [...new Set([...ROLE_PERMISSIONS[role], ...extra])] : ROLE_PERMISSIONS[role];
}

/** API keys are for machines that push data; they never read or administer. */
export const API_KEY_SCOPES = ['ingest:write', 'events:write'] as const satisfies readonly Permission[];
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** A display credential is read-only whatever its scope says. */
export const DISPLAY_PERMISSIONS: readonly Permission[] = OPERATIONS_READ;

export function roleHas(role: Role, permission: Permission, tier: Tier | null = null): boolean {
  return permissionsFor(role, tier).includes(permission);
}

/** Roles whose audience is everything operational. */
export function isOperationsRole(role: Role): boolean {
  return role === 'admin' || role === 'operator' || role === 'duty-manager';
}
