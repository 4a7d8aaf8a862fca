import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.js';
import { buildStack, edge, node, smallGraph, T0 } from '../topology/test-support/domain-stack.js';
import { MetricStore } from '../metrics/metric-store.js';
import { IngestPort, type SampleInput } from './ingest-port.js';

const MIN = 60_000;

describe('IngestPort.samples', () => {
  it('accepts valid samples, t defaulting to source now', () => {
    const s = buildStack();
    smallGraph(s);
    const r = s.ingest.port.samples([{ node: 'b-sys', metric: 'tps', v: 3 }, { node: 'b-sys', metric: 'tps', t: T0 - 1000, v: 2 }]);
    expect(r).toEqual({ accepted: 2, rejected: 0, errors: [] });
    expect(s.metrics.store.latest('b-sys', 'tps')).toEqual({ t: T0, v: 3 });
  });

  it('rejects unknown nodes, far-future and too-old times, bad names and values; stores none of them', async () => {
    const s = buildStack();
    smallGraph(s);
    const bad: unknown[] = [
      { node: 'zz-missing', metric: 'tps', v: 1 },
      { node: 'b-sys', metric: 'tps', t: T0 + 5 * MIN + 1, v: 1 },
      { node: 'b-sys', metric: 'tps', t: T0 - 61 * MIN, v: 1 },
      { node: 'b-sys', metric: 'CPU-Util', v: 1 },
      { node: 'b-sys', metric: '9lives', v: 1 },
      { node: 'b-sys', metric: 'tps', v: Number.NaN },
      { node: 'b-sys', metric: 'tps', v: Number.POSITIVE_INFINITY },
      { node: 'b-sys', metric: 'tps', v: '1' },
      { node: 'b-sys', metric: 'tps', t: -5, v: 1 },
      { node: 'b-sys', metric: 'tps', t: 1.5, v: 1 },
      { node: 'bad id', metric: 'tps', v: 1 },
      null,
      'text',
    ];
    const r = s.ingest.port.samples(bad as SampleInput[]);
    expect(r.accepted).toBe(0);
    expect(r.rejected).toBe(bad.length);
    expect(r.errors.map((e) => e.reason)).toEqual([
      'unknown_node',
      'future',
      'too_old',
      'invalid',
      'invalid',
      'invalid',
      'invalid',
      'invalid',
      'invalid',
      'invalid',
      'invalid',
      'invalid',
      'invalid',
    ]);
    expect(s.metrics.store.stats().series).toBe(0);
    expect(s.metrics.store.drainChanges().size).toBe(0);
    const text = await s.registry.metrics();
    expect(text).toContain('skyfort_ingest_samples_total{result="rejected"} 13');
    expect(text).toContain('skyfort_ingest_samples_total{result="accepted"} 0');
    expect(text).toContain('skyfort_ingest_rejected_samples_total{reason="invalid"} 10');
  });

  it('keeps a tenant-bound source to its own nodes', () => {
    const s = buildStack();
    smallGraph(s);
    const r = s.ingest.port.samples(
      [
        { node: 'b-sys', metric: 'tps', v: 1 },
        { node: 'c-sys', metric: 'tps', v: 1 },
        { node: 'shared-db', metric: 'tps', v: 1 },
      ],
      { tenant: 'billing' },
    );
    expect(r.accepted).toBe(1);
    expect(r.errors).toEqual([
      { index: 1, reason: 'unknown_node' },
      { index: 2, reason: 'unknown_node' },
    ]);
  });

  it('counts series over the cap as rejected', () => {
    const s = buildStack();
    smallGraph(s);
    const port = new IngestPort({ graph: s.topology.graph, store: new MetricStore({ maxSeries: 2 }), sourceClock: s.sourceClock });
    const r = port.samples(['a', 'b', 'c'].map((m) => ({ node: 'b-sys', metric: m, v: 1 })));
    expect(r).toMatchObject({ accepted: 2, rejected: 1, errors: [{ index: 2, reason: 'series_limit' }] });
  });
});

describe('IngestPort.declare and remove', () => {
  it('rejects edges to unknown nodes, changing nothing', () => {
    const s = buildStack();
    smallGraph(s);
    const v = s.topology.graph.structureVersion;
    const attempt = () =>
      s.ingest.port.declare({ nodes: [node('new', 'iaas', null)], edges: [edge('new', 'srv'), edge('b-sys', 'ghost')] });
    expect(attempt).toThrow(AppError);
    try {
      attempt();
    } catch (e) {
      expect(e).toMatchObject({ status: 400, code: 'unknown_node', details: { edges: ['b-sys>ghost>uses'] } });
    }
    expect(s.topology.graph.hasNode('new')).toBe(false);
    expect(s.topology.graph.structureVersion).toBe(v);
  });

  it('validates declarations all or nothing', () => {
    const s = buildStack();
    const bad = [
      { nodes: [node('ok', 'paas', null), { ...node('x', 'paas', null), layer: 'cloud' }] },
      { nodes: [{ ...node('x', 'paas', null), status: 'ok' }] },
      { nodes: [node('dup', 'paas', null), node('dup', 'paas', null)] },
      { nodes: [node('a', 'paas', null)], edges: [edge('a', 'a')] },
      { nodes: [node('a', 'paas', null), node('b', 'paas', null)], edges: [{ source: 'a', target: 'b', kind: 'likes' }] },
    ];
    for (const inv of bad) expect(() => s.ingest.port.declare(inv)).toThrow(AppError);
    expect(s.topology.graph.nodeCount).toBe(0);
  });

  it('keeps a tenant-bound source to its own nodes and to own or shared targets', () => {
    const s = buildStack();
    smallGraph(s);
    const scope = { tenant: 'billing' };
    expect(s.ingest.port.declare({ nodes: [node('b-new', 'iaas', 'billing')], edges: [edge('b-new', 'shared-db')] }, scope)).toEqual({ nodes: 1, edges: 1 });
    const refused = [
      { nodes: [node('x', 'iaas', null)] },
      { nodes: [node('x', 'iaas', 'channel')] },
      { nodes: [node('c-sys', 'business', 'billing')] }, // taking over another tenant's node
      { edges: [edge('b-new', 'c-app')] },
      { edges: [edge('shared-db', 'b-new')] },
    ];
    for (const inv of refused) expect(() => s.ingest.port.declare(inv, scope), JSON.stringify(inv)).toThrow(/tenant billing/);
    expect(() => s.ingest.port.remove({ nodes: ['c-sys'] }, scope)).toThrow(AppError);
    expect(s.topology.graph.node('c-sys')?.tenant).toBe('channel');
  });

  it('removes nodes with their edges and metric history', () => {
    const s = buildStack();
    smallGraph(s);
    s.ingest.port.samples([{ node: 'b-vm', metric: 'cpu_util', v: 1 }]);
    expect(s.ingest.port.remove({ nodes: ['b-vm', 'zz-missing'] })).toEqual({ nodes: 1, edges: 0 });
    expect(s.topology.graph.hasNode('b-vm')).toBe(false);
    expect([...s.topology.graph.edges()].some((e) => e.source === 'b-vm' || e.target === 'b-vm')).toBe(false);
    expect(s.metrics.store.metricsOf('b-vm')).toEqual([]);
    expect(s.ingest.port.samples([{ node: 'b-vm', metric: 'cpu_util', v: 1 }]).rejected).toBe(1);
  });
});
