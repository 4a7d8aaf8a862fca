import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_ADMIN_PASSWORD, DEMO_PASSWORD, DEMO_TENANTS } from './demo-accounts.js';
import { createIdentityKit, type IdentityKit } from './test-support/identity-kit.js';

describe('bootstrap', () => {
  let kit: IdentityKit;
  afterEach(async () => {
    await kit.close();
  });

  it('without a password and without demo, creates nobody: there is no default password', async () => {
    kit = await createIdentityKit({ bootstrapAdmin: false });
    expect(await kit.identity.bootstrap({ demo: false })).toEqual({ created: [] });
    expect((await kit.identity.service.listUsers({ limit: 10 })).items).toEqual([]);
    await expect(kit.identity.service.login('admin', DEMO_ADMIN_PASSWORD, '127.0.0.1')).rejects.toMatchObject({ status: 401 });
  });

  it('SKYFORT_ADMIN_PASSWORD creates admin once; later starts with another password change nothing', async () => {
    kit = await createIdentityKit({ bootstrapAdmin: false });
    expect(await kit.identity.bootstrap({ adminPassword: 'first-password', demo: false })).toEqual({ created: ['admin'] });
    expect(await kit.identity.bootstrap({ adminPassword: 'second-password', demo: true })).toEqual({ created: [] });
    const grant = await kit.identity.service.login('admin', 'first-password', '127.0.0.1');
    expect(grant.user).toMatchObject({ role: 'admin', tenantId: null, tier: null });
    await expect(kit.identity.service.login('admin', 'second-password', '127.0.0.1')).rejects.toMatchObject({ status: 401 });
    expect((await kit.identity.service.listUsers({ limit: 10 })).items).toHaveLength(1);
    expect((await kit.audit.list({ limit: 10, action: 'identity.bootstrap' })).items).toHaveLength(1);
  });

  it('demo creates the two tenants and every listed account, each able to sign in', async () => {
    kit = await createIdentityKit({ bootstrapAdmin: false });
    const { created } = await kit.identity.bootstrap({ demo: true });
    expect(created.sort()).toEqual(DEMO_ACCOUNTS.map((a) => a.username).sort());

    const tenants = (await kit.identity.service.listTenants({ limit: 10 })).items;
    expect(tenants.map(({ id, name }) => ({ id, name }))).toEqual([
      { id: 'billing', name: '融合计费中心 Converged Billing' },
      { id: 'channel', name: '电子渠道中心 E-Channel' },
    ]);
    expect(DEMO_TENANTS).toHaveLength(2);

    for (const a of DEMO_ACCOUNTS) {
      const { user } = await kit.identity.service.login(a.username, a.password, '127.0.0.1');
      expect(user).toMatchObject({ role: a.role, tier: a.tier, tenantId: a.tenantId });
    }
    const byName = Object.fromEntries(DEMO_ACCOUNTS.map((a) => [a.username, a]));
    expect(byName.op1).toMatchObject({ role: 'operator', tier: 1, password: DEMO_PASSWORD });
    expect(byName.op3).toMatchObject({ role: 'operator', tier: 3 });
    expect(byName['billing-viewer']).toMatchObject({ role: 'tenant-viewer', tenantId: 'billing' });
    expect(byName['channel-admin']).toMatchObject({ role: 'tenant-admin', tenantId: 'channel' });
    expect(byName.admin?.password).toBe(DEMO_ADMIN_PASSWORD);
  });

  it('demo with SKYFORT_ADMIN_PASSWORD uses it for admin instead of the demo one', async () => {
    kit = await createIdentityKit({ bootstrapAdmin: false });
    await kit.identity.bootstrap({ adminPassword: 'site-secret-1', demo: true });
    await expect(kit.identity.service.login('admin', DEMO_ADMIN_PASSWORD, '127.0.0.1')).rejects.toMatchObject({ status: 401 });
    await expect(kit.identity.service.login('admin', 'site-secret-1', '127.0.0.1')).resolves.toBeDefined();
    await expect(kit.identity.service.login('op1', DEMO_PASSWORD, '127.0.0.1')).resolves.toBeDefined();
  });
});
