import { describe, expect, it } from 'vitest';
import type { Audience } from '../core/auth/principal.js';
import { buildStack, T0 } from '../domains/topology/test-support/domain-stack.js';
import {
  createFixtureSource,
  dailyShape,
  FIXTURE_SHARED_NODE,
  FIXTURE_SYSTEMS,
  FIXTURE_TENANTS,
  fixtureInventory,
  MAX_CATCH_UP_MS,
} from './fixture-source.js';

function run(seed: number, pumps: number[]) {
  const s = buildStack();
  const src = createFixtureSource({ ingest: s.ingest.port, seed, backfillMs: 0 });
  let emitted = 0;
  for (const at of pumps) {
    s.wall.set(at); // source time follows the wall clock of the stack
    emitted += src.pump(s.sourceClock.now());
  }
  return { s, src, emitted };
}

/** Every series' raw history as comparable text. */
function history(s: ReturnType<typeof buildStack>, from: number, to: number): string {
  const out: unknown[] = [];
  for (const n of fixtureInventory().nodes) {
    for (const m of s.metrics.store.metricsOf(n.id)) out.push([n.id, m, s.metrics.store.query(n.id, m, from, to, 360)]);
  }
  return JSON.stringify(out);
}

describe('fixture inventory', () => {
  const { nodes, edges } = fixtureInventory();
  const byId = new Map(nodes.map((n) => [n.id, n]));

  it('spans four layers, two data centers and two tenants, with a few dozen nodes', () => {
    expect(nodes.length).toBeGreaterThanOrEqual(30);
    expect(new Set(nodes.map((n) => n.layer))).toEqual(new Set(['business', 'paas', 'iaas', 'physical']));
    expect(new Set(nodes.map((n) => n.dc))).toEqual(new Set(['DC-A', 'DC-B']));
    expect(new Set(nodes.map((n) => n.tenant).filter(Boolean))).toEqual(new Set(FIXTURE_TENANTS));
    expect(byId.get('biz-cbs')).toMatchObject({ name: '融合计费', domain: 'B', tenant: 'billing' });
    expect(byId.get('biz-rta')).toMatchObject({ name: '实时账务', domain: 'B', tenant: 'billing' });
    expect(byId.get('biz-mbh')).toMatchObject({ name: '手机营业厅', domain: 'B', tenant: 'channel' });
    for (const n of nodes) expect((n.domain === null) === (n.layer !== 'business'), n.id).toBe(true);
    for (const e of edges) expect(byId.has(e.source) && byId.has(e.target), `${e.source}>${e.target}`).toBe(true);
  });

  it('lets every business system reach a physical node along its dependencies', () => {
    const out = new Map<string, string[]>();
    for (const e of edges) out.set(e.source, [...(out.get(e.source) ?? []), e.target]);
    const reaches = (from: string): Set<string> => {
      const seen = new Set([from]);
      const stack = [from];
      while (stack.length) for (const t of out.get(stack.pop()!) ?? []) if (!seen.has(t)) stack.push(t), seen.add(t);
      return seen;
    };
    for (const sys of nodes.filter((n) => n.layer === 'business')) {
      const layers = new Set([...reaches(sys.id)].map((id) => byId.get(id)!.layer));
      expect(layers, sys.id).toEqual(new Set(['business', 'paas', 'iaas', 'physical']));
    }
    const shared = byId.get(FIXTURE_SHARED_NODE)!;
    expect(shared.tenant).toBeNull();
    for (const t of FIXTURE_TENANTS) {
      expect(FIXTURE_SYSTEMS[t].some((sys) => reaches(sys).has(FIXTURE_SHARED_NODE)), t).toBe(true);
    }
  });
});

describe('FixtureSource', () => {
  it('declares through the port and makes the shared node visible to both tenants, nothing across', () => {
    const { s } = run(1, [T0]);
    const v = s.topology.visibility;
    const billing: Audience = { kind: 'tenants', tenants: ['billing'] };
    const channel: Audience = { kind: 'tenants', tenants: ['channel'] };
    expect(v.visible(FIXTURE_SHARED_NODE, billing)).toBe(true);
    expect(v.visible(FIXTURE_SHARED_NODE, channel)).toBe(true);
    for (const sys of FIXTURE_SYSTEMS.billing) expect(v.visible(sys, channel)).toBe(false);
    for (const sys of FIXTURE_SYSTEMS.channel) expect(v.visible(sys, billing)).toBe(false);
    expect(v.visible('phy-array-a', billing)).toBe(true);
    expect(v.visible('iaas-vm-mbh-1', billing)).toBe(false);
  });

  it('is deterministic for a seed, however the pumps are spaced', () => {
    const end = T0 + 5 * 60_000;
    const a = run(7, [T0, end]);
    const b = run(7, [T0, T0 + 1250, T0 + 61_000, T0 + 61_999, T0 + 200_000, end]);
    const c = run(8, [T0, end]);
    expect(a.emitted).toBe(b.emitted);
    expect(a.s.ingest.port.stats()).toEqual({ accepted: a.emitted, rejected: 0 });
    expect(history(a.s, T0, end + 1)).toBe(history(b.s, T0, end + 1));
    expect(history(a.s, T0, end + 1)).not.toBe(history(c.s, T0, end + 1));
  });

  it('emits every series each second, catching up at most 10 minutes after a jump', () => {
    const { s, src } = run(1, []);
    const first = src.pump(T0);
    const perSecond = first;
    expect(perSecond).toBeGreaterThan(150);
    expect(src.pump(T0 + 999)).toBe(0);
    s.wall.advance(3000);
    expect(src.pump(s.sourceClock.now())).toBe(3 * perSecond);
    s.sourceClock.advance(3_600_000 - 3000); // a demo jump of source time
    expect(src.pump(s.sourceClock.now())).toBe((MAX_CATCH_UP_MS / 1000) * perSecond);
    expect(s.metrics.store.latest('biz-mbh', 'recharges_per_min')?.t).toBe(T0 + 3_600_000);
    expect(s.metrics.store.metricsOf('biz-cbs')).toEqual(['error_rate', 'latency_ms', 'recharges_per_min', 'sessions', 'tps', 'up']);
    expect(s.metrics.store.metricsOf('phy-srv-a-01')).toEqual(['cpu_util', 'mem_util', 'up']);
    expect(s.ingest.port.stats().rejected).toBe(0);
  });

  it('stays healthy through a whole simulated day, busiest in the afternoon (UTC+8)', () => {
    const s = buildStack();
    const src = createFixtureSource({ ingest: s.ingest.port, seed: 3, backfillMs: 0 });
    for (let h = 0; h < 24; h += 3) {
      s.sourceClock.advance(h === 0 ? 0 : 3 * 3_600_000);
      src.pump(s.sourceClock.now());
      s.topology.tick(s.sourceClock.now());
      const bad = [...s.topology.graph.nodes()].filter((n) => n.status !== 'ok').map((n) => `${n.id}:${n.status}`);
      expect(bad, `hour ${h}`).toEqual([]);
    }
    expect(dailyShape(Date.UTC(2026, 0, 1, 8))).toBeCloseTo(1); // 16:00 in Beijing
    expect(dailyShape(Date.UTC(2026, 0, 1, 20))).toBeCloseTo(0); // 04:00 in Beijing
    const peak = src.valueAt('biz-mbh', 'tps', Date.UTC(2026, 0, 1, 8))!;
    const trough = src.valueAt('biz-mbh', 'tps', Date.UTC(2026, 0, 1, 20))!;
    expect(peak).toBeGreaterThan(trough * 2);
  });

  it('backfills a little history on its first pump so charts are not empty', () => {
    const s = buildStack();
    const src = createFixtureSource({ ingest: s.ingest.port });
    src.pump(T0);
    const r = s.metrics.store.query('biz-cbs', 'tps', T0 - 120_000, T0 + 1, 100)!;
    expect(r.points.filter((p) => p.avg !== null).length).toBeGreaterThanOrEqual(12);
  });
});
