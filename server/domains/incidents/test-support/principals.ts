import type { Role, Tier } from '../../../../shared/domain/roles.js';
import type { Principal } from '../../../core/auth/principal.js';

/** A signed-in person, for calling the incident service directly. */
export function person(username: string, role: Role, opts: { tier?: Tier | null; tenantId?: string | null } = {}): Principal {
  return { kind: 'user', userId: `u-${username}`, username, role, tier: opts.tier ?? (role === 'operator' ? 1 : null), tenantId: opts.tenantId ?? null, sessionId: `s-${username}`, expiresAt: Number.MAX_SAFE_INTEGER };
}
