import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SourceClock, systemClock } from '../../core/clock.js';
import { startTestServer } from '../../test-support/test-server.js';

/** Escalation timers are persisted on source time: a restart neither loses nor repeats a step. */
const dir = mkdtempSync(path.join(os.tmpdir(), 'skyfort-incidents-'));
const config = { store: path.join(dir, 'store.db'), dataDir: dir, scale: 200 };
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const T0 = Date.UTC(2026, 0, 1, 8);
const MIN = 60_000;

interface Inc {
  id: string;
  tier: number;
  state: string;
  rootResource: string;
  nextEscalationAt: string | null;
}

describe('incidents across a restart', () => {
  it('escalates exactly once when source time passed the step while the aggregator was down', async () => {
    let t = await startTestServer({ config, sourceClock: new SourceClock(systemClock, { start: T0, paused: true }) });
    t.server.tick(); // the simulated cloud declares its nodes on the first engine step
    let admin = await t.login('admin');
    const topo = (await t.request('GET', '/api/v1/topology', { token: admin })).body as { nodes: { id: string; layer: string; tenant: string | null }[] };
    const node = topo.nodes.find((n) => n.layer === 'business' && n.tenant === 'billing')!;
    await t.request('POST', '/api/v1/events', { token: admin, body: { resource: node.id, type: 'probe-failed', severity: 'critical', summary: 'probe failed', source: 'blackbox' } });
    t.server.tick();
    const list = async () => ((await t.request('GET', `/api/v1/incidents?resource=${node.id}&state=open,acknowledged,resolved`, { token: admin })).body as { items: Inc[] }).items;
    const [opened] = await list();
    expect(opened).toMatchObject({ tier: 1, state: 'open', rootResource: node.id, nextEscalationAt: new Date(T0 + 10 * MIN).toISOString() });
    await t.close();

    // Down for 11 minutes of source time.
    t = await startTestServer({ config, sourceClock: new SourceClock(systemClock, { start: T0 + 11 * MIN, paused: true }) });
    try {
      admin = await t.login('admin');
      for (let i = 0; i < 3; i++) t.server.tick();
      const [after] = await list();
      expect(after).toMatchObject({ id: opened!.id, tier: 2, state: 'open', nextEscalationAt: new Date(T0 + 31 * MIN).toISOString() });
      const detail = (await t.request('GET', `/api/v1/incidents/${opened!.id}`, { token: admin })).body as { timeline: { kind: string; at: string }[]; alarms: { resource: string }[] };
      expect(detail.timeline.filter((e) => e.kind === 'escalated')).toEqual([expect.objectContaining({ at: new Date(T0 + 11 * MIN).toISOString() })]);
      expect(detail.alarms.map((a) => a.resource)).toEqual([node.id]);
      // The restored incident still gathers its node's alarms and acknowledges them.
      await t.request('POST', '/api/v1/events', { token: admin, body: { resource: node.id, type: 'latency', severity: 'major', summary: 'slow', source: 'blackbox' } });
      t.server.tick();
      expect((await list()).map((i) => i.id)).toEqual([opened!.id]);
      const op1 = await t.login('op1');
      expect((await t.request('POST', `/api/v1/incidents/${opened!.id}/ack`, { token: op1, body: {} })).status).toBe(200);
      const alarms = (await t.request('GET', `/api/v1/alarms?incident=${opened!.id}`, { token: admin })).body as { items: { state: string }[] };
      expect(alarms.items.map((a) => a.state)).toEqual(['acknowledged', 'acknowledged']);
    } finally {
      await t.close();
    }
  });
});
