import { describe, expect, it } from 'vitest';
import type { User } from '../../../shared/domain/identity';
import type { Role, Tier } from '../../../shared/domain/roles';
import { actionState, actionStates, actorOf, canActAtAll, type Actor } from './alarm-permissions';
import { alarm, incident } from './alarms-test-fixtures';

const person = (role: Role, tier: Tier | null = null) =>
  actorOf({ kind: 'person', token: 't', expiresAt: 0, user: { id: 'u', username: 'u', displayName: 'U', role, tier, tenantId: null, disabled: false, createdAt: '' } as User });
const open = { kind: 'incident' as const, incident: incident('I') };

describe('board actions per permission (shared/domain/roles.ts)', () => {
  it('lets operators, duty managers and admins act', () => {
    for (const actor of [person('operator', 1), person('duty-manager'), person('admin')]) {
      expect(canActAtAll(actor)).toBe(true);
      expect(Object.values(actionStates(actor, open)).every((s) => s.allowed)).toBe(true);
    }
  });

  it('disables every action for tenant users and walls, with the reason', () => {
    for (const role of ['tenant-viewer', 'tenant-admin', 'approver', 'publisher'] as const) {
      const actor = person(role);
      expect(canActAtAll(actor)).toBe(false);
      expect(actionStates(actor, open)).toEqual({
        ack: { allowed: false, reason: 'role' },
        assign: { allowed: false, reason: 'role' },
        escalate: { allowed: false, reason: 'role' },
        comment: { allowed: false, reason: 'role' },
      });
    }
    const wall = actorOf({ kind: 'display', token: 'sfd_x' });
    expect(canActAtAll(wall)).toBe(false);
    expect(actionState('ack', wall, open)).toEqual({ allowed: false, reason: 'display' });
    expect(actionState('ack', actorOf(null), open)).toEqual({ allowed: false, reason: 'display' });
  });

  it('disables one action whose permission is missing while the others stay', () => {
    const actor: Actor = { kind: 'person', permissions: ['alarms:read', 'alarms:act'] };
    expect(canActAtAll(actor)).toBe(true);
    expect(actionState('ack', actor, open).allowed).toBe(true);
    expect(actionState('escalate', actor, open)).toEqual({ allowed: false, reason: 'role' });
  });

  it('says why an allowed role still cannot: acknowledged, closed, top tier, no incident', () => {
    const op = person('operator', 2);
    expect(actionState('ack', op, { kind: 'incident', incident: incident('I', { state: 'acknowledged', ackedBy: 'x', ackedAt: 'y' } as never) }).reason).toBe('acknowledged');
    expect(actionState('assign', op, { kind: 'incident', incident: incident('I', { state: 'resolved', resolvedAt: 'y' } as never) }).reason).toBe('closed');
    expect(actionState('escalate', op, { kind: 'incident', incident: incident('I', { tier: 4 }) }).reason).toBe('top-tier');
    expect(actionState('escalate', op, { kind: 'alarm', alarm: alarm('a', { incidentId: null }) }).reason).toBe('no-incident');
    expect(actionState('escalate', op, { kind: 'alarm', alarm: alarm('a', { incidentId: 'I' }) }).allowed).toBe(true);
    expect(actionState('comment', op, { kind: 'alarm', alarm: alarm('a', { state: 'cleared' } as never) }).allowed).toBe(true);
  });
});
