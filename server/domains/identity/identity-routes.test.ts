import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApi } from '../../core/http/openapi.js';
import { DEMO_PASSWORD } from './demo-accounts.js';
import { ADMIN_PASSWORD } from './test-support/identity-kit.js';
import { createIdentityApp, type IdentityApp, type InjectedResponse } from './test-support/identity-app.js';

describe('identity routes', () => {
  let t: IdentityApp;
  let admin: string;
  let tenantAdmin: string;
  const secrets: string[] = [ADMIN_PASSWORD, DEMO_PASSWORD];

  const login = async (username: string, password: string) => {
    const r = await t.call('POST', '/api/v1/auth/login', null, { username, password });
    expect(r.statusCode).toBe(200);
    const token = r.json().token as string;
    secrets.push(token);
    return token;
  };

  /** A successful change must leave exactly one audit record; a refused one none. */
  const mutate = async (method: 'POST' | 'PATCH' | 'DELETE', url: string, token: string | null, body?: unknown): Promise<InjectedResponse> => {
    const before = await t.auditCount();
    const r = await t.call(method, url, token, body);
    const added = (await t.auditCount()) - before;
    expect(added, `${method} ${url} → ${r.statusCode} added ${added} audit rows`).toBe(r.statusCode < 300 ? 1 : 0);
    return r;
  };

  beforeAll(async () => {
    t = await createIdentityApp();
    admin = await login('admin', ADMIN_PASSWORD);
    await t.identity.service.createTenant({ id: 'billing', name: '融合计费中心' });
    await t.identity.service.createUser({ username: 'billing-admin', password: DEMO_PASSWORD, role: 'tenant-admin', tenantId: 'billing' });
    tenantAdmin = await login('billing-admin', DEMO_PASSWORD);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('signs in and out over HTTP, recording both', async () => {
    const r = await mutate('POST', '/api/v1/auth/login', null, { username: 'admin', password: ADMIN_PASSWORD });
    expect(r.json()).toMatchObject({ token: expect.stringMatching(/^sft_/), expiresAt: expect.any(String), user: { username: 'admin', role: 'admin' } });
    const token = r.json().token as string;
    expect((await t.call('GET', '/api/v1/auth/me', token)).json()).toMatchObject({ kind: 'user', user: { username: 'admin' }, permissions: expect.arrayContaining(['users:manage']) });
    expect((await mutate('POST', '/api/v1/auth/logout', token)).json()).toEqual({ endedSessions: 1 });
    expect((await t.call('GET', '/api/v1/auth/me', token)).statusCode).toBe(401);
    expect((await t.audit.list({ limit: 2 })).items.map((a) => a.action)).toEqual(['auth.logout', 'auth.login']);
  });

  it('a wrong password answers 401 invalid_credentials in the error shape', async () => {
    const r = await t.call('POST', '/api/v1/auth/login', null, { username: 'admin', password: 'not-it' });
    expect(r.statusCode).toBe(401);
    expect(r.json()).toEqual({ error: { code: 'invalid_credentials', message: 'wrong username or password' } });
  });

  it('refresh hands out a new token for the same session; the old one is refused', async () => {
    const old = await login('billing-admin', DEMO_PASSWORD);
    const me = (await t.call('GET', '/api/v1/auth/me', old)).json();
    const r = await mutate('POST', '/api/v1/auth/refresh', old);
    expect(r.statusCode).toBe(200);
    const fresh = r.json().token as string;
    secrets.push(fresh);
    expect((await t.call('GET', '/api/v1/auth/me', fresh)).json().sessionId).toBe(me.sessionId);
    expect((await t.call('GET', '/api/v1/auth/me', old)).statusCode).toBe(401);
    expect((await mutate('POST', '/api/v1/auth/logout-all', fresh)).json()).toEqual({ endedSessions: 2 });
    tenantAdmin = await login('billing-admin', DEMO_PASSWORD);
  });

  it('no token, or a made-up one, is 401 everywhere but login', async () => {
    for (const url of ['/api/v1/auth/me', '/api/v1/users', '/api/v1/tenants', '/api/v1/audit', '/api/v1/api-keys']) {
      expect((await t.call('GET', url)).statusCode).toBe(401);
      expect((await t.call('GET', url, 'sft_madeup')).statusCode).toBe(401);
    }
    const r = await t.call('POST', '/api/v1/users', null, { username: 'x1', password: 'password1', role: 'publisher' });
    expect(r.json()).toMatchObject({ error: { code: 'unauthenticated' } });
  });

  it('a tenant-admin may not administer: 403 on every admin route, nothing changes', async () => {
    const before = await t.auditCount();
    const calls: [string, string, unknown?][] = [
      ['GET', '/api/v1/tenants'],
      ['POST', '/api/v1/tenants', { id: 'mine', name: 'Mine' }],
      ['PATCH', '/api/v1/tenants/billing', { name: 'Hijacked' }],
      ['DELETE', '/api/v1/tenants/billing'],
      ['GET', '/api/v1/users'],
      ['POST', '/api/v1/users', { username: 'sneaky', password: 'password1', role: 'admin' }],
      ['GET', '/api/v1/display-credentials'],
      ['POST', '/api/v1/api-keys', { name: 'k', scopes: ['ingest:write'] }],
      ['GET', '/api/v1/audit'],
    ];
    for (const [method, url, body] of calls) {
      const r = await t.call(method as 'GET', url, tenantAdmin, body);
      expect(r.statusCode, `${method} ${url}`).toBe(403);
      expect(r.json().error.code).toBe('forbidden');
    }
    expect(await t.auditCount()).toBe(before);
    expect((await t.identity.service.getTenant('billing')).name).toBe('融合计费中心');
  });

  it('an admin manages tenants: create, read, rename, list, delete', async () => {
    const created = await mutate('POST', '/api/v1/tenants', admin, { id: 'channel', name: '电子渠道中心' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ id: 'channel', name: '电子渠道中心' });
    expect((await t.call('GET', '/api/v1/tenants/channel', admin)).json().name).toBe('电子渠道中心');
    expect((await mutate('PATCH', '/api/v1/tenants/channel', admin, { name: 'E-Channel' })).json().name).toBe('E-Channel');
    const page = (await t.call('GET', '/api/v1/tenants?limit=1', admin)).json();
    expect(page.items.map((x: { id: string }) => x.id)).toEqual(['billing']);
    expect((await t.call('GET', `/api/v1/tenants?limit=1&cursor=${page.nextCursor}`, admin)).json().items[0].id).toBe('channel');
    expect((await mutate('DELETE', '/api/v1/tenants/channel', admin)).json()).toEqual({ id: 'channel', deleted: true });
    expect((await t.call('GET', '/api/v1/tenants/channel', admin)).statusCode).toBe(404);
    expect((await mutate('POST', '/api/v1/tenants', admin, { id: 'billing', name: 'again' })).statusCode).toBe(409);
    // billing still has its tenant-admin.
    expect((await mutate('DELETE', '/api/v1/tenants/billing', admin)).statusCode).toBe(409);
  });

  it('an admin manages users; usernames are unique whatever their case', async () => {
    const r = await mutate('POST', '/api/v1/users', admin, { username: 'op2', password: 'password-2', role: 'operator', tier: 2, displayName: '一线应急' });
    expect(r.statusCode).toBe(201);
    const id = r.json().id as string;
    expect(r.json()).toEqual({
      id,
      username: 'op2',
      displayName: '一线应急',
      role: 'operator',
      tier: 2,
      tenantId: null,
      disabled: false,
      createdAt: expect.any(String),
    });
    expect((await mutate('POST', '/api/v1/users', admin, { username: 'OP2', password: 'password-2', role: 'publisher' })).statusCode).toBe(409);
    expect((await t.call('GET', `/api/v1/users/${id}`, admin)).json().username).toBe('op2');
    expect((await t.call('GET', '/api/v1/users?tenantId=billing', admin)).json().items.map((u: { username: string }) => u.username)).toEqual([
      'billing-admin',
    ]);
    const patched = await mutate('PATCH', `/api/v1/users/${id}`, admin, { tier: 3, password: 'new-password-3' });
    expect(patched.json()).toMatchObject({ tier: 3 });
    const record = (await t.audit.list({ limit: 1 })).items[0]!;
    expect(record).toMatchObject({ action: 'user.update', actor: 'admin', details: { username: 'op2', changed: ['password', 'tier'] } });
    expect((await mutate('DELETE', `/api/v1/users/${id}`, admin)).json()).toEqual({ id, deleted: true });
    expect((await t.call('GET', `/api/v1/users/${id}`, admin)).statusCode).toBe(404);
  });

  it('malformed or unexpected input answers 400 and stores nothing', async () => {
    const usersBefore = (await t.call('GET', '/api/v1/users', admin)).body;
    const bad: [string, string, unknown][] = [
      ['POST', '/api/v1/users', { username: 'x2', password: 'password1', role: 'publisher', isRoot: true }],
      ['POST', '/api/v1/users', { username: 'x2', password: 'password1', role: 'operator', tier: '1' }],
      ['POST', '/api/v1/users', { username: 'x2', password: 'short', role: 'publisher' }],
      ['POST', '/api/v1/users', { username: 'x 2', password: 'password1', role: 'publisher' }],
      ['POST', '/api/v1/users', { username: 'x2', password: 'password1', role: 'root' }],
      ['POST', '/api/v1/users', { username: 'x2', password: 'password1', role: 'tenant-viewer' }],
      ['POST', '/api/v1/users', '{"username": "x2", '],
      ['POST', '/api/v1/users', '[1,2,3]'],
      ['PATCH', '/api/v1/users/whatever', {}],
      ['POST', '/api/v1/tenants', { id: 'Bad Id', name: 'x' }],
      ['POST', '/api/v1/display-credentials', { name: 'w', scope: { tenants: null, topics: [] , views: [] } }],
      ['POST', '/api/v1/api-keys', { name: 'k', scopes: ['users:manage'] }],
      ['POST', '/api/v1/auth/login', { username: 'admin', password: ADMIN_PASSWORD, remember: true }],
      ['POST', '/api/v1/auth/logout', { everywhere: true }],
    ];
    for (const [method, url, body] of bad) {
      const r = await mutate(method as 'POST', url, admin, body);
      expect(r.statusCode, `${method} ${url} ${JSON.stringify(body)}`).toBe(400);
      expect(r.json().error.code).toEqual(expect.any(String));
    }
    expect((await t.call('GET', '/api/v1/users?limit=0', admin)).statusCode).toBe(400);
    expect((await t.call('GET', '/api/v1/users?cursor=nonsense', admin)).statusCode).toBe(400);
    expect((await t.call('GET', '/api/v1/auth/me?debug=1', admin)).statusCode).toBe(400);
    expect((await t.call('DELETE', '/api/v1/api-keys/x?force=1', admin)).statusCode).toBe(400);
    expect((await t.call('GET', '/api/v1/users', admin)).body).toBe(usersBefore);
  });

  it('unknown ids answer 404', async () => {
    for (const [method, url, body] of [
      ['GET', '/api/v1/tenants/nope'],
      ['PATCH', '/api/v1/tenants/nope', { name: 'x' }],
      ['DELETE', '/api/v1/tenants/nope'],
      ['GET', '/api/v1/users/nope'],
      ['PATCH', '/api/v1/users/nope', { displayName: 'x' }],
      ['DELETE', '/api/v1/users/nope'],
      ['DELETE', '/api/v1/display-credentials/nope'],
      ['DELETE', '/api/v1/api-keys/nope'],
    ] as const) {
      const r = await t.call(method, url, admin, body);
      expect(r.statusCode, `${method} ${url}`).toBe(404);
    }
  });

  it('display credentials: issued once with a token, read-only, listed without it, revoked', async () => {
    const r = await mutate('POST', '/api/v1/display-credentials', admin, {
      name: '总控大屏 1',
      scope: { tenants: null, topics: ['topology', 'alarms'], views: ['wall'] },
    });
    expect(r.statusCode).toBe(201);
    const { id, token } = r.json() as { id: string; token: string };
    secrets.push(token);
    expect(r.json()).toMatchObject({ createdBy: 'admin', revokedAt: null, expiresAt: null });
    const list = await t.call('GET', '/api/v1/display-credentials', admin);
    expect(list.json().items.map((c: { id: string }) => c.id)).toEqual([id]);
    expect(list.body).not.toContain(token);

    expect((await t.call('GET', '/api/v1/auth/me', token)).json()).toMatchObject({ kind: 'display', id, permissions: ['topology:read', 'metrics:read', 'alarms:read', 'dashboards:read'] });
    expect((await t.call('GET', '/api/v1/users', token)).statusCode).toBe(403);
    expect((await t.call('POST', '/api/v1/auth/logout', token)).statusCode).toBe(403);

    const revoked = await mutate('DELETE', `/api/v1/display-credentials/${id}`, admin);
    expect(revoked.json().revokedAt).toEqual(expect.any(String));
    expect((await t.call('GET', '/api/v1/auth/me', token)).statusCode).toBe(401);
  });

  it('API keys: issued once, push-only, revoked', async () => {
    const r = await mutate('POST', '/api/v1/api-keys', admin, { name: 'prometheus-bridge', scopes: ['ingest:write'], tenantId: 'billing' });
    expect(r.statusCode).toBe(201);
    const { id, token } = r.json() as { id: string; token: string };
    secrets.push(token);
    expect(token).toMatch(/^sfk_/);
    expect((await t.call('GET', '/api/v1/api-keys', admin)).json().items).toEqual([expect.objectContaining({ id, scopes: ['ingest:write'], tenantId: 'billing' })]);
    expect((await t.call('GET', '/api/v1/tenants', token)).statusCode).toBe(403);
    expect((await mutate('DELETE', `/api/v1/api-keys/${id}`, admin)).statusCode).toBe(200);
    expect((await t.call('GET', '/api/v1/auth/me', token)).statusCode).toBe(401);
  });

  it('the audit log never holds a password or a token', async () => {
    const all = JSON.stringify((await t.audit.list({ limit: 1000 })).items);
    for (const s of [...secrets, 'new-password-3', 'password-2']) expect(all).not.toContain(s);
    expect((await t.audit.verify()).ok).toBe(true);
  });

  it('every route documents itself in OpenAPI', () => {
    const doc = buildOpenApi(t.identity.routes, { version: 'test' });
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/login', '/api/v1/users/{id}', '/api/v1/display-credentials/{id}', '/api/v1/api-keys']),
    );
  });
});
