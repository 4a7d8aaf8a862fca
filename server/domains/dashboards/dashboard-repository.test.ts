import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard } from '../../../shared/domain/dashboards.js';
import { TEST_DIALECTS, openTestStore, type TestStore } from '../../store/test-support/test-store.js';
import { createKyselyDashboardRepository, type DashboardRepository } from './dashboard-repository.js';

/** The same dashboard repository behaviour on both engines (architecture.md, convention 4). */
describe.each(TEST_DIALECTS)('dashboard repository on %s', (dialect) => {
  let store: TestStore;
  let repo: DashboardRepository;
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();
  const dashboard = (id: string, tenant: string, name: string, over: Partial<Dashboard> = {}): Dashboard => ({
    id,
    tenant,
    name,
    panels: [{ id: 'p1', title: '计费 CPU', node: 'biz-cbs', metric: 'cpu_util', chart: 'line', range: '1h', thresholds: { direction: 'above', warning: 70, critical: 90 } }],
    version: 1,
    createdBy: 'billing-admin',
    createdAt: at(0),
    updatedBy: 'billing-admin',
    updatedAt: at(0),
    ...over,
  });

  beforeAll(async () => {
    store = await openTestStore(dialect);
    repo = createKyselyDashboardRepository(store.db);
  });
  afterAll(async () => {
    await store?.close();
  });

  it('stores a dashboard with its panels and reads it back as it was', async () => {
    const d = dashboard('d-1', 'billing', 'alpha');
    await repo.insert(d);
    expect(await repo.get('d-1')).toEqual(d);
    expect(await repo.get('nope')).toBeNull();
    await expect(repo.insert(d)).rejects.toThrow();
  });

  it('lists per tenant by name and pages with a cursor; an empty tenant set lists nothing', async () => {
    await repo.insert(dashboard('d-2', 'billing', 'beta'));
    await repo.insert(dashboard('d-3', 'billing', 'gamma'));
    await repo.insert(dashboard('d-4', 'channel', 'alpha'));
    const first = await repo.list({ tenants: ['billing'], limit: 2 });
    expect(first.items.map((d) => d.id)).toEqual(['d-1', 'd-2']);
    const second = await repo.list({ tenants: ['billing'], limit: 2, cursor: first.nextCursor! });
    expect(second).toMatchObject({ items: [{ id: 'd-3' }], nextCursor: null });
    expect((await repo.list({ tenants: 'all', limit: 10 })).items.map((d) => d.id)).toEqual(['d-1', 'd-2', 'd-3', 'd-4']);
    expect((await repo.list({ tenants: ['channel'], limit: 10 })).items.map((d) => d.id)).toEqual(['d-4']);
    expect(await repo.list({ tenants: [], limit: 10 })).toEqual({ items: [], nextCursor: null });
    expect(await repo.countInTenant('billing')).toBe(3);
    await expect(repo.list({ tenants: 'all', limit: 2, cursor: 'garbage!' })).rejects.toMatchObject({ status: 400 });
  });

  it('updates only from the version it was read at, and deletes once', async () => {
    const next = dashboard('d-2', 'billing', 'beta 2', { version: 2, panels: [], updatedAt: at(5), updatedBy: 'other' });
    expect(await repo.update(next)).toBe(true);
    expect(await repo.update(next)).toBe(false); // stored version is 2 now, not 1
    expect(await repo.get('d-2')).toMatchObject({ name: 'beta 2', panels: [], version: 2, createdAt: at(0), updatedAt: at(5), updatedBy: 'other' });
    expect(await repo.delete('d-2')).toBe(true);
    expect(await repo.delete('d-2')).toBe(false);
    expect(await repo.update({ ...next, version: 3 })).toBe(false);
  });
});
