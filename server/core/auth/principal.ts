import type { ApiKeyScope, Permission, Role, Tier } from '../../../shared/domain/roles.js';
import { DISPLAY_PERMISSIONS, isOperationsRole, permissionsFor } from '../../../shared/domain/roles.js';
import type { DisplayScope } from '../../../shared/domain/identity.js';

/**
 * Who is calling. Every authenticated request and socket carries exactly one of these.
 *
 *   person  ──login──▶ user (session, expires, refreshable, revocable)
 *   wall    ──────────▶ display (long-lived, read-only, scoped, revocable)
 *   machine ──────────▶ apikey (push only, scoped, revocable)
 */
export type Principal =
  | {
      kind: 'user';
      userId: string;
      username: string;
      role: Role;
      tier: Tier | null;
      tenantId: string | null;
      sessionId: string;
      /** Wall-clock ms. */
      expiresAt: number;
    }
  | { kind: 'display'; credentialId: string; name: string; scope: DisplayScope; expiresAt: number | null }
  | { kind: 'apikey'; keyId: string; name: string; scopes: ApiKeyScope[]; tenantId: string | null };

/**
 * What a principal may see: the audience decides the visible set. Principals with the same
 * audience share one stream view, so each audience's delta is encoded once per tick.
 */
export type Audience =
  | { kind: 'operations' }
  | { kind: 'tenants'; tenants: readonly string[] }
  | { kind: 'nobody' };

export function audienceOf(p: Principal): Audience {
  switch (p.kind) {
    case 'user':
      if (isOperationsRole(p.role)) return { kind: 'operations' };
      if (p.tenantId && (p.role === 'tenant-admin' || p.role === 'tenant-viewer')) {
        return { kind: 'tenants', tenants: [p.tenantId] };
      }
      return { kind: 'nobody' };
    case 'display':
      return p.scope.tenants === null
        ? { kind: 'operations' }
        : { kind: 'tenants', tenants: [...new Set(p.scope.tenants)].sort() };
    case 'apikey':
      return { kind: 'nobody' };
  }
}

export function audienceKey(a: Audience): string {
  switch (a.kind) {
    case 'operations':
      return 'ops';
    case 'tenants':
      return `tenants:${a.tenants.join(',')}`;
    case 'nobody':
      return 'nobody';
  }
}

export function permissionsOf(p: Principal): readonly Permission[] {
  switch (p.kind) {
    case 'user':
      return permissionsFor(p.role, p.tier);
    case 'display':
      return DISPLAY_PERMISSIONS;
    case 'apikey':
      return p.scopes;
  }
}

export function can(p: Principal, permission: Permission): boolean {
  return permissionsOf(p).includes(permission);
}

/** May this principal subscribe to a topic at all? Displays are further narrowed by their scope. */
export function topicAllowedByScope(p: Principal, topic: string): boolean {
  if (p.kind !== 'display') return true;
  return p.scope.topics.some((pattern) =>
    pattern.endsWith('*') ? topic.startsWith(pattern.slice(0, -1)) : topic === pattern,
  );
}

/** A short label for logs and the audit record. */
export function actorOf(p: Principal | null): { actor: string; actorKind: 'user' | 'display' | 'apikey' | 'system' } {
  if (!p) return { actor: 'system', actorKind: 'system' };
  switch (p.kind) {
    case 'user':
      return { actor: p.username, actorKind: 'user' };
    case 'display':
      return { actor: `display:${p.credentialId}`, actorKind: 'display' };
    case 'apikey':
      return { actor: `apikey:${p.keyId}`, actorKind: 'apikey' };
  }
}
