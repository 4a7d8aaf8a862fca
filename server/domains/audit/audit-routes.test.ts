import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD } from '../identity/test-support/identity-kit.js';
import { createIdentityApp, type IdentityApp } from '../identity/test-support/identity-app.js';

describe('audit routes', () => {
  let t: IdentityApp;
  let admin: string;

  beforeAll(async () => {
    t = await createIdentityApp();
    admin = (await t.call('POST', '/api/v1/auth/login', null, { username: 'admin', password: ADMIN_PASSWORD })).json().token;
    await t.call('POST', '/api/v1/tenants', admin, { id: 'billing', name: 'Billing' });
    await t.call('POST', '/api/v1/tenants', admin, { id: 'channel', name: 'Channel' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('an admin reads the log newest first, filtered and paged', async () => {
    const r = await t.call('GET', '/api/v1/audit?limit=2', admin);
    expect(r.statusCode).toBe(200);
    const page = r.json();
    expect(page.items.map((a: { action: string; target: string }) => [a.action, a.target])).toEqual([
      ['tenant.create', 'tenant:channel'],
      ['tenant.create', 'tenant:billing'],
    ]);
    expect(page.items[0]).toMatchObject({ actor: 'admin', actorKind: 'user', ip: '127.0.0.1', hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const rest = (await t.call('GET', `/api/v1/audit?limit=2&cursor=${page.nextCursor}`, admin)).json();
    expect(rest.items.map((a: { action: string }) => a.action)).toEqual(['auth.login', 'identity.bootstrap']);
    expect(rest.nextCursor).toBeNull();
    const logins = (await t.call('GET', '/api/v1/audit?action=auth.login', admin)).json();
    expect(logins.items).toHaveLength(1);
  });

  it('verify reports an intact chain', async () => {
    expect((await t.call('GET', '/api/v1/audit/verify', admin)).json()).toEqual({ ok: true, checked: 4, firstBadSeq: null });
  });

  it('refuses unknown filters and bad cursors with 400', async () => {
    expect((await t.call('GET', '/api/v1/audit?user=admin', admin)).statusCode).toBe(400);
    expect((await t.call('GET', '/api/v1/audit?cursor=abc', admin)).statusCode).toBe(400);
  });

  it('the log cannot be written through the API', async () => {
    expect((await t.call('DELETE', '/api/v1/audit', admin)).statusCode).toBe(404);
    expect((await t.call('POST', '/api/v1/audit', admin, { action: 'fake' })).statusCode).toBe(404);
  });
});
