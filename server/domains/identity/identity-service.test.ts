import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { can } from '../../core/auth/principal.js';
import type { SessionEndedEvent, SessionRefreshedEvent } from './identity-events.js';
import type { IdentityService } from './identity-service.js';
import { ADMIN_PASSWORD, createIdentityKit, type IdentityKit } from './test-support/identity-kit.js';

const MINUTE = 60_000;
const IP = '10.1.2.3';

describe('identity service', () => {
  let kit: IdentityKit;
  let service: IdentityService;

  beforeEach(async () => {
    kit = await createIdentityKit({ sessionTtlMs: 30 * MINUTE });
    service = kit.identity.service;
    await service.createUser({ username: 'op1', password: 'operator-pass', role: 'operator', tier: 1 });
  });
  afterEach(async () => {
    await kit.close();
  });

  describe('sign-in', () => {
    it('answers a session token that authenticates as that person until it expires', async () => {
      const grant = await service.login('op1', 'operator-pass', IP);
      expect(grant.token).toMatch(/^sft_[A-Za-z0-9_-]{43}$/);
      expect(grant.expiresAt).toBe(new Date(kit.clock.now() + 30 * MINUTE).toISOString());
      expect(grant.user).toMatchObject({ username: 'op1', role: 'operator', tier: 1 });
      expect(grant.user).not.toHaveProperty('passwordHash');
      expect(await service.authenticate(grant.token)).toMatchObject({ kind: 'user', username: 'op1', tier: 1, sessionId: grant.sessionId });

      kit.clock.advance(30 * MINUTE - 1);
      expect(await service.authenticate(grant.token)).not.toBeNull();
      kit.clock.advance(1);
      expect(await service.authenticate(grant.token)).toBeNull();
    });

    it('sign-in ignores the case of the username', async () => {
      expect((await service.login('OP1', 'operator-pass', IP)).user.username).toBe('op1');
    });

    it('wrong password, unknown user and disabled account get the same 401', async () => {
      const wrong = await service.login('op1', 'nope-nope', IP).catch((e: unknown) => e);
      const unknown = await service.login('ghost', 'operator-pass', IP).catch((e: unknown) => e);
      const u = (await service.listUsers({ limit: 10 })).items.find((x) => x.username === 'op1')!;
      await service.updateUser(u.id, { disabled: true });
      const disabled = await service.login('op1', 'operator-pass', IP).catch((e: unknown) => e);
      for (const e of [wrong, unknown, disabled]) {
        expect(e).toMatchObject({ status: 401, code: 'invalid_credentials', message: 'wrong username or password' });
      }
      // Failed attempts are in the audit log, without the password that was tried.
      const failed = await kit.audit.list({ limit: 10, action: 'auth.login-failed' });
      expect(failed.items).toHaveLength(3);
      expect(JSON.stringify(failed.items)).not.toContain('nope-nope');
    });

    it('the 6th attempt within a minute after 5 failures is refused with 429, right password or not, until the minute has passed', async () => {
      for (let i = 0; i < 5; i++) await expect(service.login('op1', `wrong-${i}`, IP)).rejects.toMatchObject({ status: 401 });
      kit.clock.advance(30_000);
      await expect(service.login('op1', 'operator-pass', IP)).rejects.toMatchObject({ status: 429 });
      // Another address is not punished for this one's guessing.
      await expect(service.login('op1', 'operator-pass', '10.9.9.9')).resolves.toMatchObject({ user: { username: 'op1' } });
      kit.clock.advance(30_000);
      await expect(service.login('op1', 'operator-pass', IP)).resolves.toMatchObject({ user: { username: 'op1' } });
    });

    it('a successful sign-in clears earlier failures', async () => {
      for (let i = 0; i < 4; i++) await expect(service.login('op1', 'wrong', IP)).rejects.toMatchObject({ status: 401 });
      await service.login('op1', 'operator-pass', IP);
      for (let i = 0; i < 5; i++) await expect(service.login('op1', 'wrong', IP)).rejects.toMatchObject({ status: 401 });
      await expect(service.login('op1', 'wrong', IP)).rejects.toMatchObject({ status: 429 });
    });
  });

  describe('sessions', () => {
    it('refresh keeps the session, moves its expiry, and the old token stops working', async () => {
      const events: SessionRefreshedEvent[] = [];
      kit.identity.onSessionRefreshed((e) => events.push(e));
      const first = await service.login('op1', 'operator-pass', IP);
      kit.clock.advance(20 * MINUTE);
      const second = await service.refresh(first.token);

      expect(second.sessionId).toBe(first.sessionId);
      expect(second.token).not.toBe(first.token);
      expect(second.expiresAt).toBe(new Date(kit.clock.now() + 30 * MINUTE).toISOString());
      expect(events).toEqual([{ sessionId: first.sessionId, expiresAt: Date.parse(second.expiresAt) }]);
      expect(await service.authenticate(first.token)).toBeNull();
      await expect(service.refresh(first.token)).rejects.toMatchObject({ status: 401 });

      // Past the original expiry, the refreshed token still works.
      kit.clock.advance(20 * MINUTE);
      expect(await service.authenticate(second.token)).toMatchObject({ sessionId: first.sessionId });
    });

    it('an expired session cannot be refreshed', async () => {
      const grant = await service.login('op1', 'operator-pass', IP);
      kit.clock.advance(31 * MINUTE);
      await expect(service.refresh(grant.token)).rejects.toMatchObject({ status: 401 });
    });

    it('sign out everywhere ends every session of that user, tells listeners, and leaves others alone', async () => {
      const events: SessionEndedEvent[] = [];
      const unsubscribe = kit.identity.onSessionEnded((e) => events.push(e));
      const a = await service.login('op1', 'operator-pass', IP);
      const b = await service.login('op1', 'operator-pass', '10.0.0.2');
      const admin = await service.login('admin', ADMIN_PASSWORD, IP);

      expect(await service.logoutAll(a.user.id)).toBe(2);
      expect(events).toEqual([{ kind: 'sessions', sessionIds: [a.sessionId, b.sessionId], userId: a.user.id, reason: 'signed-out' }]);
      expect(await service.authenticate(a.token)).toBeNull();
      expect(await service.authenticate(b.token)).toBeNull();
      expect(await service.authenticate(admin.token)).not.toBeNull();

      unsubscribe();
      await service.logout(admin.sessionId);
      expect(events).toHaveLength(1);
      expect(await service.authenticate(admin.token)).toBeNull();
    });

    it('disabling or deleting a user ends their sessions at once', async () => {
      const events: SessionEndedEvent[] = [];
      kit.identity.onSessionEnded((e) => events.push(e));
      const s = await service.login('op1', 'operator-pass', IP);
      await service.updateUser(s.user.id, { disabled: true });
      expect(await service.authenticate(s.token)).toBeNull();
      expect(events).toEqual([expect.objectContaining({ kind: 'sessions', sessionIds: [s.sessionId] })]);

      await service.updateUser(s.user.id, { disabled: false });
      const again = await service.login('op1', 'operator-pass', IP);
      await service.deleteUser(s.user.id);
      expect(await service.authenticate(again.token)).toBeNull();
      expect(events.at(-1)).toMatchObject({ kind: 'sessions', sessionIds: [again.sessionId] });
    });

    it('a new role takes effect on the next request; the old session is ended so no socket keeps old rights', async () => {
      const s = await service.login('op1', 'operator-pass', IP);
      await service.updateUser(s.user.id, { role: 'duty-manager', tier: null });
      expect(await service.authenticate(s.token)).toBeNull();
      const again = await service.login('op1', 'operator-pass', IP);
      expect(await service.authenticate(again.token)).toMatchObject({ role: 'duty-manager', tier: null });
    });

    it('tokens of unknown kinds or made up are refused', async () => {
      expect(await service.authenticate('sft_' + 'A'.repeat(43))).toBeNull();
      expect(await service.authenticate('Bearer whatever')).toBeNull();
    });
  });

  describe('display credentials and API keys', () => {
    it('a display credential works until revoked; revocation tells listeners', async () => {
      const events: SessionEndedEvent[] = [];
      kit.identity.onSessionEnded((e) => events.push(e));
      const scope = { tenants: null, topics: ['topology', 'alarms'], views: ['wall-main'] };
      const issued = await service.createDisplayCredential({ name: '大屏 A', scope }, 'admin');
      expect(issued.token).toMatch(/^sfd_/);

      const p = await service.authenticate(issued.token);
      expect(p).toEqual({ kind: 'display', credentialId: issued.id, name: '大屏 A', scope, expiresAt: null });
      expect(can(p!, 'topology:read')).toBe(true);
      expect(can(p!, 'users:manage')).toBe(false);
      // Weeks later, no person involved, the wall is still signed in.
      kit.clock.advance(30 * 24 * 60 * MINUTE);
      expect(await service.authenticate(issued.token)).not.toBeNull();

      const revoked = await service.revokeDisplayCredential(issued.id);
      expect(revoked.revokedAt).toBe(new Date(kit.clock.now()).toISOString());
      expect(events).toEqual([{ kind: 'credential', credentialId: issued.id, reason: 'revoked' }]);
      expect(await service.authenticate(issued.token)).toBeNull();
      // The listing never shows a token again.
      expect(JSON.stringify(await service.listDisplayCredentials({ limit: 10 }))).not.toContain(issued.token);
    });

    it('last use is recorded at most once a minute', async () => {
      const issued = await service.createDisplayCredential({ name: 'wall', scope: { tenants: null, topics: ['*'], views: [] } }, 'admin');
      const lastUsed = async () => (await service.listDisplayCredentials({ limit: 10 })).items[0]!.lastUsedAt;
      const t0 = new Date(kit.clock.now()).toISOString();
      await service.authenticate(issued.token);
      expect(await lastUsed()).toBe(t0);
      kit.clock.advance(59_000);
      await service.authenticate(issued.token);
      expect(await lastUsed()).toBe(t0);
      kit.clock.advance(1_000);
      await service.authenticate(issued.token);
      expect(await lastUsed()).toBe(new Date(kit.clock.now()).toISOString());
    });

    it('a display credential with an expiry stops at that wall-clock time', async () => {
      const expiresAt = new Date(kit.clock.now() + 10 * MINUTE).toISOString();
      const issued = await service.createDisplayCredential({ name: 'temp', scope: { tenants: null, topics: ['*'], views: [] }, expiresAt }, 'admin');
      kit.clock.advance(10 * MINUTE);
      expect(await service.authenticate(issued.token)).toBeNull();
      await expect(
        service.createDisplayCredential({ name: 'old', scope: { tenants: null, topics: ['*'], views: [] }, expiresAt }, 'admin'),
      ).rejects.toMatchObject({ status: 400 });
    });

    it('an API key may push data and nothing else, for its tenant; revocation ends it', async () => {
      await service.createTenant({ id: 'billing', name: 'Billing' });
      const key = await service.createApiKey({ name: 'collector', scopes: ['ingest:write'], tenantId: 'billing' }, 'admin');
      expect(key.token).toMatch(/^sfk_/);
      const p = await service.authenticate(key.token);
      expect(p).toEqual({ kind: 'apikey', keyId: key.id, name: 'collector', scopes: ['ingest:write'], tenantId: 'billing' });
      expect(can(p!, 'ingest:write')).toBe(true);
      expect(can(p!, 'topology:read')).toBe(false);
      expect(can(p!, 'credentials:manage')).toBe(false);

      // A key's id is not a display credential's id.
      await expect(service.revokeDisplayCredential(key.id)).rejects.toMatchObject({ status: 404 });
      await service.revokeApiKey(key.id);
      expect(await service.authenticate(key.token)).toBeNull();
    });

    it('credentials must name tenants that exist', async () => {
      await expect(service.createApiKey({ name: 'k', scopes: ['ingest:write'], tenantId: 'nowhere' }, 'admin')).rejects.toMatchObject({ status: 400 });
      await expect(
        service.createDisplayCredential({ name: 'w', scope: { tenants: ['nowhere'], topics: ['*'], views: [] } }, 'admin'),
      ).rejects.toMatchObject({ status: 400 });
    });
  });

  describe('tenants and users', () => {
    it('role, tier and tenant must fit together', async () => {
      await service.createTenant({ id: 'billing', name: 'Billing' });
      const bad = [
        { username: 'ta', password: 'password1', role: 'tenant-admin' as const },
        { username: 'ta', password: 'password1', role: 'tenant-viewer' as const, tenantId: 'nowhere' },
        { username: 'op', password: 'password1', role: 'operator' as const },
        { username: 'ad', password: 'password1', role: 'admin' as const, tier: 2 as const },
        { username: 'ad', password: 'password1', role: 'approver' as const, tenantId: 'billing' },
      ];
      for (const input of bad) await expect(service.createUser(input)).rejects.toMatchObject({ status: 400 });
      await expect(service.createUser({ username: 'ta', password: 'password1', role: 'tenant-admin', tenantId: 'billing' })).resolves.toMatchObject({
        tenantId: 'billing',
        tier: null,
      });
      await expect(service.createUser({ username: 'OP1', password: 'password1', role: 'publisher' })).rejects.toMatchObject({ status: 409 });
    });

    it('the last enabled administrator cannot be disabled, demoted or deleted', async () => {
      const admin = (await service.listUsers({ limit: 10 })).items.find((u) => u.username === 'admin')!;
      await expect(service.updateUser(admin.id, { disabled: true })).rejects.toMatchObject({ status: 409 });
      await expect(service.updateUser(admin.id, { role: 'approver' })).rejects.toMatchObject({ status: 409 });
      await expect(service.deleteUser(admin.id)).rejects.toMatchObject({ status: 409 });
      await service.createUser({ username: 'admin2', password: 'password2', role: 'admin' });
      await expect(service.deleteUser(admin.id)).resolves.toMatchObject({ username: 'admin' });
    });

    it('a tenant with users or live API keys cannot be deleted; an empty one can', async () => {
      await service.createTenant({ id: 'billing', name: 'Billing' });
      const u = await service.createUser({ username: 'bv', password: 'password1', role: 'tenant-viewer', tenantId: 'billing' });
      await expect(service.deleteTenant('billing')).rejects.toMatchObject({ status: 409 });
      await service.deleteUser(u.id);
      const key = await service.createApiKey({ name: 'k', scopes: ['ingest:write'], tenantId: 'billing' }, 'admin');
      await expect(service.deleteTenant('billing')).rejects.toMatchObject({ status: 409 });
      await service.revokeApiKey(key.id);
      await expect(service.deleteTenant('billing')).resolves.toMatchObject({ id: 'billing' });
      await expect(service.getTenant('billing')).rejects.toMatchObject({ status: 404 });
      await expect(service.deleteTenant('billing')).rejects.toMatchObject({ status: 404 });
    });

    it('a changed password signs the user in with the new one only', async () => {
      const op = (await service.listUsers({ limit: 10 })).items.find((u) => u.username === 'op1')!;
      const { changed } = await service.updateUser(op.id, { password: 'brand-new-pass' });
      expect(changed).toEqual(['password']);
      await expect(service.login('op1', 'operator-pass', IP)).rejects.toMatchObject({ status: 401 });
      await expect(service.login('op1', 'brand-new-pass', IP)).resolves.toBeDefined();
    });
  });
});
