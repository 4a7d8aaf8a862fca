import { describe, expect, it } from 'vitest';
import type { Dashboard } from '../../../shared/domain/dashboards';
import { DashboardCreateSchema, DashboardUpdateSchema } from '../../../shared/protocol/dashboards';
import { draftOf, draftProblems, emptyDraft, emptyPanel, payloadOf } from './dashboard-draft';

describe('dashboard drafts', () => {
  it('a new draft becomes a create body the server schema accepts, thresholds only when set', () => {
    const d = emptyDraft();
    d.name = ' 计费看板 ';
    d.panels.push({ ...emptyPanel(), node: 'biz-cbs', metric: 'latency_ms', warning: 500, critical: 1000 }, { ...emptyPanel(), node: 'biz-cbs', metric: 'tps', chart: 'stat' });
    expect(draftProblems(d)).toEqual([]);
    const body = payloadOf(d);
    expect(body).toEqual({
      name: '计费看板',
      panels: [
        { title: null, node: 'biz-cbs', metric: 'latency_ms', chart: 'line', range: '1h', thresholds: { direction: 'above', warning: 500, critical: 1000 } },
        { title: null, node: 'biz-cbs', metric: 'tps', chart: 'stat', range: '1h', thresholds: null },
      ],
    });
    expect(DashboardCreateSchema.safeParse(body).success).toBe(true);
  });

  it('an edit keeps panel ids and names the version it was made on', () => {
    const stored: Dashboard = {
      id: 'db-1',
      tenant: 'billing',
      name: 'x',
      version: 3,
      panels: [{ id: 'p1', title: 'CPU', node: 'n', metric: 'cpu_util', chart: 'gauge', range: '6h', thresholds: { direction: 'below', warning: 20, critical: 10 } }],
      createdBy: 'a',
      createdAt: '',
      updatedBy: 'a',
      updatedAt: '',
    };
    const body = payloadOf(draftOf(stored));
    expect(body).toEqual({ name: 'x', expectedVersion: 3, panels: [{ id: 'p1', title: 'CPU', node: 'n', metric: 'cpu_util', chart: 'gauge', range: '6h', thresholds: { direction: 'below', warning: 20, critical: 10 } }] });
    expect(DashboardUpdateSchema.safeParse(body).success).toBe(true);
  });

  it('names what stops a save: no name, a panel without node or metric', () => {
    const d = emptyDraft();
    d.panels.push({ ...emptyPanel(), node: 'n' });
    expect(draftProblems(d)).toEqual([{ kind: 'name' }, { kind: 'panel', index: 0 }]);
  });
});
