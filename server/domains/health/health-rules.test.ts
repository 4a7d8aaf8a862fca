import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthScore } from '../../../shared/domain/health.js';
import { ManualClock, SourceClock } from '../../core/clock.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';

/**
 * Health reads the alarms domain's current rules (issue #7, "per-kind weights over the threshold
 * rules at /api/v1/rules"): editing a rule through the API rescores the platform on the next
 * engine step, and editing it back restores the score.
 */
const T0 = Date.UTC(2026, 0, 1);
const NODE = 'paas-cs-mbh';
let t: TestServer;
let admin: string;

beforeAll(async () => {
  const wall = new ManualClock(T0);
  t = await startTestServer({ wallClock: wall, sourceClock: new SourceClock(wall, { start: T0 }) });
  admin = await t.login('admin');
  t.server.tick();
  const r = await t.request('POST', '/api/v1/demo/clock', { token: admin, body: { action: 'advance', seconds: 120 } });
  expect(r.status).toBe(200);
  t.server.tick();
});
afterAll(async () => {
  await t.close();
});

async function score(id: string): Promise<HealthScore> {
  const r = await t.request('GET', `/api/v1/health/scores/${id}`, { token: admin });
  expect(r.status).toBe(200);
  return r.body as HealthScore;
}

const cpuFactor = (s: HealthScore) => s.factors.find((f) => f.kind === 'metric' && f.params.metric === 'cpu_util' && f.node === NODE);

async function putCpuRule(levels: { severity: string; value: number }[]): Promise<void> {
  const r = await t.request('PUT', '/api/v1/rules/cpu-high', {
    token: admin,
    body: { kind: 'threshold', name: 'CPU utilisation high', metric: 'cpu_util', direction: 'above', levels, hysteresis: 1 },
  });
  expect(r.status).toBe(200);
}

describe('health and the alarm rules', () => {
  it('a rule edited through PUT /api/v1/rules changes the score; editing it back restores it', async () => {
    const before = await score(NODE);
    expect(cpuFactor(before)).toBeUndefined();

    // Any CPU above 1% is now a major problem: the DCOS app's own score drops, naming its CPU.
    await putCpuRule([{ severity: 'minor', value: 0.5 }, { severity: 'major', value: 1 }]);
    t.server.tick();
    const strict = await score(NODE);
    expect(strict.score).toBeLessThan(before.score);
    expect(cpuFactor(strict)?.params).toMatchObject({ severity: 'major', threshold: 1 });

    await putCpuRule([{ severity: 'minor', value: 85 }, { severity: 'major', value: 95 }]);
    t.server.tick();
    const back = await score(NODE);
    expect(back.score).toBe(before.score);
    expect(cpuFactor(back)).toBeUndefined();
  });
});
