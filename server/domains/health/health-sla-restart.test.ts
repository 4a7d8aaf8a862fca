import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SourceClock, systemClock } from '../../core/clock.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';

/** SLA availability is kept in the store: a restart on the same database reports the same figures. */
const dir = mkdtempSync(path.join(os.tmpdir(), 'skyfort-sla-'));
const config = { store: path.join(dir, 'store.db'), dataDir: dir, scale: 200 };
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const T0 = Date.UTC(2026, 0, 1, 8);
const MIN = 60_000;

interface Figure {
  node: string;
  availability: number | null;
  observedMinutes: number;
  downMinutes: number;
}

async function figures(t: TestServer, token: string, period: 'day' | 'week' | 'month'): Promise<Figure[]> {
  const r = await t.request('GET', `/api/v1/health/sla?period=${period}`, { token });
  expect(r.status).toBe(200);
  return (r.body as { items: Figure[] }).items;
}

describe('SLA across a restart', () => {
  it('restores the outage history from the store: same observed and down minutes, same availability', async () => {
    const clock = new SourceClock(systemClock, { start: T0, paused: true });
    let t = await startTestServer({ config, sourceClock: clock });
    let before: Record<string, Figure[]>;
    let system: string;
    try {
      t.server.tick(); // the simulated cloud declares its nodes on the first engine step
      const admin = await t.login('admin');
      const topo = (await t.request('GET', '/api/v1/topology', { token: admin })).body as { nodes: { id: string; kind: string; tenant: string | null }[] };
      system = topo.nodes.find((n) => n.kind === 'business-system' && n.tenant === 'billing')!.id;
      for (let m = 0; m < 20; m++) {
        if (m === 12) {
          // A critical event alarm on the system: its score falls to 60, a down minute for the SLA.
          const r = await t.request('POST', '/api/v1/events', { token: admin, body: { resource: system, type: 'probe-failed', severity: 'critical', summary: 'probe failed', source: 'blackbox' } });
          expect(r.status).toBeLessThan(300);
        }
        clock.advance(MIN);
        t.server.tick();
      }
      before = { day: await figures(t, admin, 'day'), month: await figures(t, admin, 'month') };
      const mine = before.day!.find((f) => f.node === system)!;
      expect(mine.observedMinutes).toBeGreaterThanOrEqual(20);
      expect(mine.downMinutes).toBeGreaterThanOrEqual(7);
      expect(mine.availability).toBeLessThan(100);
    } finally {
      await t.close(); // drains the write-behind
    }

    t = await startTestServer({ config, sourceClock: new SourceClock(systemClock, { start: clock.now(), paused: true }) });
    try {
      const admin = await t.login('admin');
      t.server.tick();
      expect(await figures(t, admin, 'day')).toEqual(before.day);
      expect(await figures(t, admin, 'month')).toEqual(before.month);
    } finally {
      await t.close();
    }
  });
});
