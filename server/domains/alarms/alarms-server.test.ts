import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../shared/protocol/stream.js';
import type { Ack, TopicResult } from '../../../shared/protocol/stream.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';

/** The alarms domain inside the real aggregator: restart on the same store, and the topic over socket.io. */
const dir = mkdtempSync(path.join(os.tmpdir(), 'skyfort-alarms-'));
const config = { store: path.join(dir, 'store.db'), dataDir: dir, scale: 200 };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Item {
  id: string;
  resource: string;
  type: string;
  state: string;
  count: number;
}

async function nodesOf(t: TestServer, token: string) {
  const topo = (await t.request('GET', '/api/v1/topology', { token })).body as { nodes: { id: string; tenant: string | null; layer: string }[] };
  return topo.nodes;
}

async function probeAlarms(t: TestServer, token: string): Promise<Item[]> {
  const r = await t.request('GET', '/api/v1/alarms?limit=1000', { token });
  return (r.body as { items: Item[] }).items.filter((a) => a.type === 'probe-failed');
}

describe('alarms across a restart', () => {
  it('open alarms, their state, the fingerprint index and rule edits survive close + createServer on the same SQLite file', async () => {
    let t = await startTestServer({ config });
    let admin = await t.login('admin');
    t.server.tick();
    const nodes = await nodesOf(t, admin);
    const billing = nodes.find((n) => n.tenant === 'billing' && n.layer === 'business')!;
    const channel = nodes.find((n) => n.tenant === 'channel' && n.layer === 'business')!;
    const ev = (resource: string, extra: object = {}) => ({ resource, type: 'probe-failed', severity: 'critical', summary: 'probe failed', source: 'blackbox', ...extra });
    const posted = await t.request('POST', '/api/v1/events', { token: admin, body: [ev(billing.id), ev(channel.id), ev(channel.id, { type: 'probe-failed', fingerprint: 'gone' })] });
    expect(posted.status).toBe(202);
    await t.request('POST', '/api/v1/events', { token: admin, body: ev(channel.id, { fingerprint: 'gone', status: 'resolved' }) });
    t.server.tick();
    const before = await probeAlarms(t, admin);
    expect(before.map((a) => a.resource).sort()).toEqual([billing.id, channel.id].sort());
    const op1 = await t.login('op1');
    const billingAlarm = before.find((a) => a.resource === billing.id)!;
    expect((await t.request('POST', `/api/v1/alarms/${billingAlarm.id}/ack`, { token: op1, body: { comment: 'seen' } })).status).toBe(200);
    const ruleEdit = await t.request('PUT', '/api/v1/rules/latency-high', {
      token: admin,
      body: { kind: 'threshold', name: 'Response time high', metric: 'latency_ms', direction: 'above', levels: [{ severity: 'minor', value: 800 }], hysteresis: 50 },
    });
    expect(ruleEdit.body).toMatchObject({ version: 2 });

    // The topic over socket.io: a tenant sees its own alarms only; a wall needs `alarms` in its scope.
    const billingAdmin = await t.login('billing-admin');
    const socket = await t.socket(billingAdmin);
    const snap = new Promise<Snapshot>((resolve) => socket.on('snapshot', (s) => s.topic === 'alarms' && resolve(s)));
    const ack = (await socket.timeout(5000).emitWithAck('subscribe', { topics: ['alarms'] })) as Ack<{ results: TopicResult[] }>;
    expect(ack.ok && ack.results[0]!.ok).toBe(true);
    const entities = Object.values((await snap).data.entities) as { type: string; resource?: string; eventType?: string }[];
    const probes = entities.filter((e) => e.type === 'alarm' && e.eventType === 'probe-failed');
    expect(probes.map((e) => e.resource)).toEqual([billing.id]);
    expect(entities.filter((e) => e.type === 'alarm-summary')).toHaveLength(1);
    for (const [topics, ok] of [[['topology'], false], [['alarms'], true]] as const) {
      const cred = await t.request('POST', '/api/v1/display-credentials', { token: admin, body: { name: `wall-${ok}`, scope: { tenants: null, topics, views: ['alarms'] } } });
      const wall = await t.socket((cred.body as { token: string }).token);
      const r = (await wall.timeout(5000).emitWithAck('subscribe', { topics: ['alarms'] })) as Ack<{ results: TopicResult[] }>;
      expect(r.ok && r.results[0]!.ok).toBe(ok);
      wall.close();
    }
    await t.close();

    t = await startTestServer({ config });
    try {
      admin = await t.login('admin');
      t.server.tick();
      const after = await probeAlarms(t, admin);
      expect(after.map((a) => [a.id, a.state]).sort()).toEqual(
        before.map((a) => [a.id, a.id === billingAlarm.id ? 'acknowledged' : 'active']).sort(),
      );
      // The fingerprint index came back: the same event folds into the same alarm.
      await t.request('POST', '/api/v1/events', { token: admin, body: ev(billing.id) });
      t.server.tick();
      expect((await probeAlarms(t, admin)).find((a) => a.id === billingAlarm.id)).toMatchObject({ count: 2, state: 'acknowledged' });
      const detail = (await t.request('GET', `/api/v1/alarms/${billingAlarm.id}`, { token: admin })).body as { history: { kind: string; by: string; comment: string | null }[] };
      expect(detail.history.map((h) => [h.kind, h.by, h.comment])).toEqual([
        ['raised', 'admin', null],
        ['acknowledged', 'op1', 'seen'],
      ]);
      expect((await t.request('GET', '/api/v1/rules/latency-high', { token: admin })).body).toMatchObject({ version: 2, levels: [{ severity: 'minor', value: 800 }] });
      expect(((await t.request('GET', '/api/v1/rules/cpu-high/versions', { token: admin })).body as { items: unknown[] }).items).toHaveLength(1);
      const cleared = await t.request('GET', '/api/v1/alarms?state=cleared&limit=1000', { token: admin });
      expect((cleared.body as { items: Item[] }).items.filter((a) => a.type === 'probe-failed')).toHaveLength(1);
    } finally {
      await t.close();
    }
  });
});
