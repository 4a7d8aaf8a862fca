import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot, Ack, TopicResult } from '../../../shared/protocol/stream.js';
import { SourceClock, systemClock } from '../../core/clock.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';

/**
 * The incidents domain inside the real aggregator, fed by the real alarms domain through
 * POST /api/v1/events: correlation, the routes per role and tenant, audit, and the topic.
 */
const T0 = Date.UTC(2026, 0, 1, 8);
let t: TestServer;
const tok: Record<string, string> = {};
interface Node {
  id: string;
  tenant: string | null;
  layer: string;
  kind: string;
}
interface Inc {
  id: string;
  rootResource: string;
  alarmCount: number;
  state: string;
  tier: number;
  assignee: string | null;
  severity: string;
}
let nodes: Node[];
let edges: { source: string; target: string }[];
/** Nodes the first test's incident holds. */
const used = new Set<string>();

const ev = (resource: string, type = 'down', severity = 'critical') => ({ resource, type, severity, summary: `${resource} ${type}`, source: 'probe' });
const req = (method: string, path: string, who: string, body?: unknown) => t.request(method, path, { token: tok[who], ...(body === undefined ? {} : { body }) });
const list = async (who: string, q = '') => ((await req('GET', `/api/v1/incidents${q}`, who)).body as { items: Inc[] }).items;

function dependentsOf(id: string): Set<string> {
  const seen = new Set<string>();
  const stack = [id];
  while (stack.length) {
    const at = stack.pop()!;
    for (const e of edges) if (e.target === at && !seen.has(e.source)) stack.push((seen.add(e.source), e.source));
  }
  return seen;
}

beforeAll(async () => {
  t = await startTestServer({ config: { scale: 300 }, sourceClock: new SourceClock(systemClock, { start: T0, paused: true }) });
  t.server.tick(); // the simulated cloud declares its nodes on the first engine step
  for (const u of ['admin', 'op1', 'op3', 'duty', 'billing-admin', 'billing-viewer', 'channel-admin']) tok[u] = await t.login(u);
  const wall = await t.request('POST', '/api/v1/display-credentials', {
    token: tok.admin,
    body: { name: 'incident-wall', scope: { tenants: null, topics: ['incidents'], views: ['alarms'] } },
  });
  tok.wall = (wall.body as { token: string }).token;
  const topo = (await req('GET', '/api/v1/topology', 'admin')).body as { nodes: Node[]; edges: { source: string; target: string }[] };
  nodes = topo.nodes;
  edges = topo.edges;
  t.server.tick();
});
afterAll(async () => {
  await t?.close();
});

describe('incidents in the aggregator', () => {
  it('folds a failed array and its dependents, pushed as events with the root late, into one incident', async () => {
    const physical = nodes.filter((n) => n.layer === 'physical').map((n) => ({ n, up: dependentsOf(n.id) }));
    // A disk array with a handful of dependents (not one that carries every business system).
    const candidates = physical.filter((p) => p.up.size >= 6 && !nodes.every((n) => n.layer !== 'business' || p.up.has(n.id)));
    const { n: array, up } = candidates.find((p) => /array|disk/i.test(p.n.kind)) ?? candidates[0]!;
    const symptoms = [...up].sort().slice(0, 8);
    for (const id of [array.id, ...up]) used.add(id);
    expect(symptoms.length).toBeGreaterThan(3);
    expect((await req('POST', '/api/v1/events', 'admin', [...symptoms.slice(0, 4).map((s) => ev(s))])).status).toBe(202);
    t.server.tick();
    expect((await req('POST', '/api/v1/events', 'admin', [ev(array.id, 'array-failure'), ...symptoms.slice(4).map((s) => ev(s))])).status).toBe(202);
    t.server.tick();

    const mine = (await list('op1', `?resource=${array.id}`)).filter((i) => i.rootResource === array.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.alarmCount).toBe(symptoms.length + 1);
    const members = (await req('GET', `/api/v1/alarms?incident=${mine[0]!.id}&limit=1000`, 'op1')).body as { items: { resource: string; incidentId: string }[] };
    expect(members.items.map((a) => a.resource).sort()).toEqual([array.id, ...symptoms].sort());
    const detail = (await req('GET', `/api/v1/incidents/${mine[0]!.id}`, 'op1')).body as { alarms: { resource: string }[]; timeline: { kind: string }[] };
    expect(detail.alarms[0]!.resource).toBe(array.id);
    expect(detail.timeline.map((e) => e.kind)).toContain('re-rooted');
  });

  it('keeps another tenant’s incidents away (404) and lets only operators act on them, audited', async () => {
    const billingSys = nodes.find((n) => n.tenant === 'billing' && n.layer === 'business' && !used.has(n.id))!;
    used.add(billingSys.id);
    await req('POST', '/api/v1/events', 'admin', [ev(billingSys.id, 'probe-failed', 'major')]);
    t.server.tick();
    const inc = (await list('op1', `?resource=${billingSys.id}`))[0]!;
    expect(inc).toMatchObject({ rootResource: billingSys.id });
    const path = `/api/v1/incidents/${inc.id}`;
    expect((await req('GET', path, 'billing-admin')).status).toBe(200);
    expect((await req('GET', path, 'channel-admin')).status).toBe(404);
    expect((await list('channel-admin')).some((i) => i.id === inc.id)).toBe(false);
    expect((await list('billing-viewer')).some((i) => i.id === inc.id)).toBe(true);
    for (const who of ['billing-viewer', 'billing-admin', 'channel-admin', 'wall']) {
      for (const step of ['ack', 'assign', 'escalate', 'comment']) {
        const r = await req('POST', `${path}/${step}`, who, step === 'assign' ? { assignee: 'op1' } : step === 'comment' ? { comment: 'x' } : {});
        expect(r.status, `${who} ${step}`).toBe(403);
      }
    }

    // Acknowledging the incident acknowledges every member.
    const acked = await req('POST', `${path}/ack`, 'op1', { comment: 'on it' });
    expect(acked).toMatchObject({ status: 200, body: { state: 'acknowledged', ackedBy: 'op1' } });
    const alarms = (await req('GET', `/api/v1/alarms?incident=${inc.id}`, 'op1')).body as { items: { state: string }[] };
    expect(alarms.items.length).toBeGreaterThan(0);
    expect(alarms.items.every((a) => a.state === 'acknowledged')).toBe(true);
    expect((await req('POST', `${path}/ack`, 'op1', {})).status).toBe(409);
    expect((await req('POST', '/api/v1/incidents/inc-nope/ack', 'op1', {})).status).toBe(404);

    // Escalation by hand: next tier by default; back down needs dispatch; nothing past tier 4.
    expect((await req('POST', `${path}/escalate`, 'op1', {})).body).toMatchObject({ tier: 2 });
    expect((await req('POST', `${path}/escalate`, 'op1', { tier: 1 })).status).toBe(403);
    expect((await req('POST', `${path}/escalate`, 'duty', { tier: 1 })).body).toMatchObject({ tier: 1 });
    expect((await req('POST', `${path}/escalate`, 'op1', { tier: 4 })).body).toMatchObject({ tier: 4 });
    expect((await req('POST', `${path}/escalate`, 'op1', {})).status).toBe(409);

    // Assigning: yourself or the tier's on-call people; anyone else needs dispatch.
    expect((await req('PUT', '/api/v1/oncall', 'op1', { dutyManager: 'duty', tiers: { 1: [], 2: [], 3: [], 4: ['op3'] } })).status).toBe(403);
    expect((await req('PUT', '/api/v1/oncall', 'duty', { dutyManager: 'duty', tiers: { 1: ['op1'], 2: [], 3: [], 4: ['op3'] } })).status).toBe(200);
    expect((await req('POST', `${path}/assign`, 'op1', { assignee: 'op3' })).body).toMatchObject({ assignee: 'op3' });
    expect((await req('POST', `${path}/assign`, 'op1', { assignee: 'approver1' })).status).toBe(403);
    expect((await req('POST', `${path}/assign`, 'duty', { assignee: 'approver1' })).body).toMatchObject({ assignee: 'approver1' });
    expect((await req('POST', `${path}/comment`, 'op3', { comment: 'probe flaps, checking LB' })).status).toBe(200);

    const detail = (await req('GET', path, 'op1')).body as { timeline: { kind: string; by: string; comment: string | null }[] };
    expect(detail.timeline.map((e) => [e.kind, e.by]).filter(([k]) => k !== 'notified')).toEqual([
      ['opened', 'system'],
      ['acknowledged', 'op1'],
      ['escalated', 'op1'],
      ['escalated', 'duty'],
      ['escalated', 'op1'],
      ['assigned', 'op1'],
      ['assigned', 'duty'],
      ['commented', 'op3'],
    ]);
    const audit = (await req('GET', '/api/v1/audit?limit=1000', 'admin')).body as { items: { action: string; target: string | null; actor: string }[] };
    const mine = audit.items.filter((a) => a.target === `incident:${inc.id}`).map((a) => `${a.action}:${a.actor}`).sort();
    expect(mine).toEqual(['incident.ack:op1', 'incident.escalate:op1', 'incident.escalate:duty', 'incident.escalate:op1', 'incident.assign:op1', 'incident.assign:duty', 'incident.comment:op3'].sort());
  });

  it('streams the incidents topic per audience, with the summary that drives the sound', async () => {
    const channelSys = nodes.find((n) => n.tenant === 'channel' && n.layer === 'business' && !used.has(n.id))!;
    await req('POST', '/api/v1/events', 'admin', [ev(channelSys.id, 'probe-failed', 'critical')]);
    t.server.tick();
    const channelInc = (await list('op1', `?resource=${channelSys.id}`))[0]!;
    expect(channelInc).toMatchObject({ rootResource: channelSys.id });
    const snapshotOf = async (who: string) => {
      const socket = await t.socket(tok[who]!);
      const snap = new Promise<Snapshot>((resolve) => socket.on('snapshot', (s) => s.topic === 'incidents' && resolve(s)));
      const ack = (await socket.timeout(5000).emitWithAck('subscribe', { topics: ['incidents'] })) as Ack<{ results: TopicResult[] }>;
      expect(ack.ok && ack.results[0]!.ok, who).toBe(true);
      const entities = (await snap).data.entities as Record<string, { type: string; id?: string; unacknowledged?: Record<string, number> }>;
      socket.close();
      return entities;
    };
    const ops = await snapshotOf('op1');
    expect(ops[`i:${channelInc.id}`]).toMatchObject({ type: 'incident', state: 'open', severity: 'critical' });
    expect(ops.summary!.unacknowledged!.critical).toBeGreaterThanOrEqual(1);
    const billing = await snapshotOf('billing-admin');
    expect(billing[`i:${channelInc.id}`]).toBeUndefined();
    expect(Object.values(billing).every((e) => e.type !== 'incident' || e.id !== channelInc.id)).toBe(true);
    const wall = await snapshotOf('wall');
    expect(wall[`i:${channelInc.id}`]).toBeDefined();
    // Acknowledging it takes it out of the unacknowledged count.
    const before = ops.summary!.unacknowledged!.critical!;
    await req('POST', `/api/v1/incidents/${channelInc.id}/ack`, 'op1', {});
    t.server.tick();
    expect((await snapshotOf('op1')).summary!.unacknowledged!.critical).toBe(before - 1);
  });
});
