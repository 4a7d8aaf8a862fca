import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import { createAuditLog } from '../domains/audit/audit-log.js';
import type { IdentityRepositories, UserRecord } from '../domains/identity/identity-repositories.js';
import { createKyselyIdentityRepositories } from '../domains/identity/kysely-identity-repositories.js';
import { openStore } from './open-store.js';
import { TEST_DIALECTS, openTestStore, type TestStore } from './test-support/test-store.js';

/** The same repository behaviour on both engines (architecture.md, convention 4). */
describe.each(TEST_DIALECTS)('store on %s', (dialect) => {
  let store: TestStore;
  let repos: IdentityRepositories;
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();

  const user = (over: Partial<UserRecord> & { id: string; username: string }): UserRecord => ({
    displayName: over.username,
    role: 'operator',
    tier: 1,
    tenantId: null,
    disabled: false,
    createdAt: at(0),
    passwordHash: 'scrypt$x',
    ...over,
  });

  beforeAll(async () => {
    store = await openTestStore(dialect);
    repos = createKyselyIdentityRepositories(store.db);
  });
  afterAll(async () => {
    await store?.close();
  });

  it('says which engine it opened and opens an existing store again without re-migrating', async () => {
    expect(store.dialect).toBe(dialect);
    await repos.tenants.insert({ id: 'reopen', name: 'kept', createdAt: at(0) });
    const again = await openStore({ url: store.url });
    try {
      expect(await createKyselyIdentityRepositories(again.db).tenants.get('reopen')).toMatchObject({ name: 'kept' });
    } finally {
      await again.close();
    }
    expect(await repos.tenants.delete('reopen')).toBe(true);
  });

  it('tenants: create, read, rename, page, refuse duplicates, delete', async () => {
    for (const id of ['t-a', 't-b', 't-c']) await repos.tenants.insert({ id, name: `名 ${id}`, createdAt: at(1) });
    await expect(repos.tenants.insert({ id: 't-a', name: 'again', createdAt: at(1) })).rejects.toMatchObject({ status: 409 });
    expect(await repos.tenants.get('t-b')).toEqual({ id: 't-b', name: '名 t-b', createdAt: at(1) });
    expect(await repos.tenants.rename('t-b', 'renamed')).toMatchObject({ name: 'renamed' });
    expect(await repos.tenants.rename('nope', 'x')).toBeNull();

    const first = await repos.tenants.list({ limit: 2 });
    expect(first.items.map((t) => t.id)).toEqual(['t-a', 't-b']);
    const second = await repos.tenants.list({ limit: 2, cursor: first.nextCursor! });
    expect(second).toEqual({ items: [expect.objectContaining({ id: 't-c' })], nextCursor: null });

    expect(await repos.tenants.delete('t-c')).toBe(true);
    expect(await repos.tenants.delete('t-c')).toBe(false);
    expect(await repos.tenants.get('t-c')).toBeNull();
  });

  it('rejects a cursor it did not issue with 400, not a crash', async () => {
    await expect(repos.tenants.list({ limit: 2, cursor: 'garbage!' })).rejects.toBeInstanceOf(AppError);
    await expect(repos.users.list({ limit: 2, cursor: Buffer.from('[1]').toString('base64url') })).rejects.toMatchObject({ status: 400 });
  });

  it('users: unique regardless of case, patched, counted, filtered and paged by username', async () => {
    await repos.users.insert(user({ id: 'u1', username: 'Alice', role: 'admin', tier: null }));
    await repos.users.insert(user({ id: 'u2', username: 'bob', role: 'tenant-admin', tier: null, tenantId: 't-a' }));
    await repos.users.insert(user({ id: 'u3', username: 'carol' }));
    await expect(repos.users.insert(user({ id: 'u4', username: 'ALICE' }))).rejects.toMatchObject({ status: 409 });

    expect(await repos.users.getByUsername('alice')).toMatchObject({ id: 'u1', username: 'Alice', disabled: false, tier: null });
    expect(await repos.users.count()).toBe(3);
    expect(await repos.users.countInTenant('t-a')).toBe(1);
    expect(await repos.users.countEnabledAdmins()).toBe(1);

    const updated = await repos.users.update('u3', { tier: 3, disabled: true, displayName: 'Carol 卡罗' }, at(5));
    expect(updated).toMatchObject({ tier: 3, disabled: true, displayName: 'Carol 卡罗', role: 'operator' });
    expect(await repos.users.update('missing', { tier: 2 }, at(5))).toBeNull();

    const page1 = await repos.users.list({ limit: 2 });
    expect(page1.items.map((u) => u.username)).toEqual(['Alice', 'bob']);
    expect(page1.items[0]).not.toHaveProperty('passwordHash');
    const page2 = await repos.users.list({ limit: 2, cursor: page1.nextCursor! });
    expect(page2.items.map((u) => u.username)).toEqual(['carol']);
    expect((await repos.users.list({ limit: 10, tenantId: 't-a' })).items.map((u) => u.id)).toEqual(['u2']);
  });

  it('the database refuses to drop a tenant that still has users', async () => {
    await expect(repos.tenants.delete('t-a')).rejects.toThrow();
    expect(await repos.tenants.get('t-a')).not.toBeNull();
  });

  it('sessions: found by token hash, rotated once, deleted per user, expired ones swept', async () => {
    await repos.sessions.insert({ id: 's1', userId: 'u1', tokenHash: 'h1', ip: '10.0.0.1', createdAt: at(0), expiresAt: at(60) });
    await repos.sessions.insert({ id: 's2', userId: 'u1', tokenHash: 'h2', ip: null, createdAt: at(1), expiresAt: at(2) });
    await repos.sessions.insert({ id: 's3', userId: 'u3', tokenHash: 'h3', ip: null, createdAt: at(1), expiresAt: at(90) });
    expect(await repos.sessions.getByTokenHash('h1')).toMatchObject({ id: 's1', userId: 'u1', ip: '10.0.0.1' });

    expect(await repos.sessions.rotate('s1', 'h1', { tokenHash: 'h1b', expiresAt: at(120) })).toBe(true);
    expect(await repos.sessions.rotate('s1', 'h1', { tokenHash: 'h1c', expiresAt: at(180) })).toBe(false);
    expect(await repos.sessions.getByTokenHash('h1')).toBeNull();
    expect(await repos.sessions.getByTokenHash('h1b')).toMatchObject({ id: 's1', expiresAt: at(120) });

    expect(await repos.sessions.deleteExpired(at(30))).toBe(1); // s2
    expect(await repos.sessions.idsOfUser('u1')).toEqual(['s1']);
    expect(await repos.sessions.delete(['s1', 'nope'])).toEqual([{ id: 's1', userId: 'u1' }]);

    // Deleting a user takes their sessions with it.
    expect(await repos.users.delete('u3')).toBe(true);
    expect(await repos.sessions.getByTokenHash('h3')).toBeNull();
  });

  it('credentials: both kinds, listed per kind, revoked once, touched, counted per tenant', async () => {
    const base = { tenantId: null, createdBy: 'Alice', expiresAt: null, revokedAt: null, lastUsedAt: null };
    const scope = { tenants: ['t-a'], topics: ['alarms', 'topology*'], views: [] };
    await repos.credentials.insert({ ...base, id: 'd1', kind: 'display', name: 'wall 1', tokenHash: 'dh1', scope, createdAt: at(1) });
    await repos.credentials.insert({ ...base, id: 'd2', kind: 'display', name: 'wall 2', tokenHash: 'dh2', scope, createdAt: at(2) });
    await repos.credentials.insert({ ...base, id: 'k1', kind: 'apikey', name: 'pusher', tokenHash: 'kh1', scope: ['ingest:write'], tenantId: 't-a', createdAt: at(1) });
    await expect(
      repos.credentials.insert({ ...base, id: 'k2', kind: 'apikey', name: 'dup', tokenHash: 'kh1', scope: [], createdAt: at(1) }),
    ).rejects.toMatchObject({ status: 409 });

    expect(await repos.credentials.getByTokenHash('dh1')).toMatchObject({ id: 'd1', kind: 'display', scope });
    expect(await repos.credentials.get('k1')).toMatchObject({ scope: ['ingest:write'], tenantId: 't-a' });

    const p1 = await repos.credentials.list('display', { limit: 1 });
    expect(p1.items.map((c) => c.id)).toEqual(['d1']);
    const p2 = await repos.credentials.list('display', { limit: 1, cursor: p1.nextCursor! });
    expect(p2).toEqual({ items: [expect.objectContaining({ id: 'd2' })], nextCursor: null });
    expect((await repos.credentials.list('apikey', { limit: 10 })).items.map((c) => c.id)).toEqual(['k1']);

    await repos.credentials.touch('d1', at(7));
    expect((await repos.credentials.get('d1'))?.lastUsedAt).toBe(at(7));

    expect(await repos.credentials.countActiveInTenant('t-a')).toBe(1);
    expect(await repos.credentials.revoke('k1', at(8))).toBe(true);
    expect(await repos.credentials.revoke('k1', at(9))).toBe(false);
    expect((await repos.credentials.get('k1'))?.revokedAt).toBe(at(8));
    expect(await repos.credentials.countActiveInTenant('t-a')).toBe(0);
  });

  describe('audit log', () => {
    it('appends a hash chain that verifies, lists newest first, filters and pages', async () => {
      const clock = new ManualClock();
      const audit = createAuditLog(store.db, clock);
      await audit.record({ actor: 'Alice', actorKind: 'user', action: 'tenant.create', target: 'tenant:t-a', details: { name: '计费' }, ip: '10.0.0.1' });
      clock.advance(1000);
      await audit.record({ actor: 'system', actorKind: 'system', action: 'identity.bootstrap' });
      await audit.record({ actor: 'Alice', actorKind: 'user', action: 'user.create', target: 'user:u2' });

      const page1 = await audit.list({ limit: 2 });
      expect(page1.items.map((r) => r.seq)).toEqual([3, 2]);
      const page2 = await audit.list({ limit: 2, cursor: page1.nextCursor! });
      expect(page2.items).toEqual([
        expect.objectContaining({ seq: 1, actor: 'Alice', details: { name: '计费' }, ip: '10.0.0.1', at: new Date(Date.UTC(2026, 0, 1)).toISOString() }),
      ]);
      expect(page2.nextCursor).toBeNull();
      expect(page2.items[0]!.prevHash).toBe('0'.repeat(64));
      expect(page1.items[1]!.prevHash).toBe(page2.items[0]!.hash);

      expect((await audit.list({ limit: 10, actor: 'Alice' })).items.map((r) => r.action)).toEqual(['user.create', 'tenant.create']);
      expect((await audit.list({ limit: 10, action: 'identity.bootstrap' })).items).toHaveLength(1);
      expect(await audit.verify()).toEqual({ ok: true, checked: 3, firstBadSeq: null });
    });

    it('concurrent appends never fork the chain', async () => {
      const audit = createAuditLog(store.db, new ManualClock());
      await Promise.all(Array.from({ length: 25 }, (_, i) => audit.record({ actor: `a${i}`, actorKind: 'user', action: 'x.burst' })));
      const all = await audit.list({ limit: 1000 });
      expect(all.items.map((r) => r.seq)).toEqual(Array.from({ length: 28 }, (_, i) => 28 - i));
      expect(await audit.verify()).toEqual({ ok: true, checked: 28, firstBadSeq: null });
    });

    it('the database itself refuses to change or remove audit records', async () => {
      await expect(sql`update audit_log set actor = 'mallory' where seq = 1`.execute(store.db)).rejects.toThrow(/append-only/);
      await expect(sql`delete from audit_log where seq = 1`.execute(store.db)).rejects.toThrow(/append-only/);
      await expect(store.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
      if (dialect === 'postgres') await expect(sql`truncate audit_log`.execute(store.db)).rejects.toThrow(/append-only/);
      const first = await createAuditLog(store.db, new ManualClock()).list({ limit: 1000 });
      expect(first.items.at(-1)).toMatchObject({ seq: 1, actor: 'Alice' });
      expect(await createAuditLog(store.db, new ManualClock()).verify()).toMatchObject({ ok: true, checked: 28 });
    });
  });
});
