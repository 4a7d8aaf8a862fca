import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthFactor, HealthScore } from '../../../shared/domain/health.js';
import type { Snapshot } from '../../../shared/protocol/stream.js';
import { ManualClock, SourceClock } from '../../core/clock.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';
import { explainedLoss } from './test-support/health-fixture.js';

/**
 * End to end through createServer: the simulated cloud runs `flash-sale`, source time moves
 * through the demo route, and the mobile business hall's score drops with a reason naming the
 * DCOS application's CPU or latency, then recovers when the sale ends by itself at minute 60.
 */
const T0 = Date.UTC(2026, 0, 1);
let t: TestServer;
let op: string;
let channel: string;
let billing: string;

beforeAll(async () => {
  const wall = new ManualClock(T0);
  t = await startTestServer({ wallClock: wall, sourceClock: new SourceClock(wall, { start: T0 }) });
  op = await t.login('op1');
  channel = await t.login('channel-admin');
  billing = await t.login('billing-admin');
});
afterAll(async () => {
  await t.close();
});

/** Moves source time in steps the simulator catches up on, one engine step after each. */
async function advance(minutes: number) {
  for (let left = minutes; left > 0; left -= 10) {
    const r = await t.request('POST', '/api/v1/demo/clock', { token: op, body: { action: 'advance', seconds: Math.min(10, left) * 60 } });
    expect(r.status).toBe(200);
    t.server.tick();
  }
  // Give the engine's per-tick budget room to settle (nothing should be pending).
  t.server.tick();
}

async function score(id: string, token = channel): Promise<HealthScore> {
  const r = await t.request('GET', `/api/v1/health/scores/${id}`, { token });
  expect(r.status).toBe(200);
  return r.body as HealthScore;
}

const namesDcosLoad = (f: HealthFactor) =>
  [f, ...(f.causes ?? [])].some((leaf) => leaf.node === 'paas-cs-mbh' && ['cpu_util', 'latency_ms'].includes(String(leaf.params.metric)));

describe('flash-sale end to end', () => {
  it('drops the mobile business hall’s score with the DCOS app’s CPU or latency as the reason, then recovers', async () => {
    t.server.tick();
    await advance(3);
    const before = await score('biz-mbh');
    expect(before.score).toBeGreaterThanOrEqual(90);

    expect((await t.request('POST', '/api/v1/demo/scenarios', { token: op, body: { name: 'flash-sale' } })).status).toBe(201);
    await advance(12);
    const during = await score('biz-mbh');
    expect(during.score).toBeLessThan(70);
    expect(['critical', 'down']).toContain(during.status);
    expect(during.factors.some(namesDcosLoad), JSON.stringify(during.factors)).toBe(true);
    expect(explainedLoss(during.factors)).toBe(Math.round((100 - during.score) * 10));
    const app = await score('paas-cs-mbh');
    expect(app.factors.map((f) => f.params.metric)).toEqual(expect.arrayContaining(['cpu_util']));

    // Another tenant sees neither the score nor the system in lists, topics or SLA.
    expect((await t.request('GET', '/api/v1/health/scores/biz-mbh', { token: billing })).status).toBe(404);
    const list = await t.request('GET', '/api/v1/health/scores?scope=business&limit=1000', { token: billing });
    expect(JSON.stringify(list.body)).not.toContain('biz-mbh');
    const socket = await t.socket(billing);
    const snap = new Promise<Snapshot>((resolve) => socket.on('snapshot', (s) => s.topic === 'health' && resolve(s)));
    await socket.timeout(5000).emitWithAck('subscribe', { topics: ['health'] });
    const entities = (await snap).data.entities as Record<string, { type: string }>;
    expect(Object.keys(entities)).not.toContain('n:biz-mbh');
    expect(Object.keys(entities)).toEqual(expect.arrayContaining(['d:B', 'summary']));
    socket.close();
    const mine = await t.socket(channel);
    const mySnap = new Promise<Snapshot>((resolve) => mine.on('snapshot', (s) => s.topic === 'health' && resolve(s)));
    await mine.timeout(5000).emitWithAck('subscribe', { topics: ['health'] });
    expect((await mySnap).data.entities['n:biz-mbh']).toMatchObject({ nodeId: 'biz-mbh', score: during.score });
    mine.close();

    await advance(50); // the sale ends by itself at minute 60
    const after = await score('biz-mbh');
    expect(after.score).toBeGreaterThanOrEqual(90);
    expect(after.status).toBe('ok');

    const sla = await t.request('GET', '/api/v1/health/sla?node=biz-mbh&period=day', { token: channel });
    expect(sla.status).toBe(200);
    const fig = (sla.body as { items: { downMinutes: number; observedMinutes: number; met: boolean }[] }).items[0]!;
    expect(fig.downMinutes).toBeGreaterThan(30);
    expect(fig.observedMinutes).toBeGreaterThan(60);
    expect(fig.met).toBe(false);
  }, 120_000);
});
