import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, SourceClock } from '../../core/clock.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';

const T0 = Date.UTC(2026, 0, 1);
let t: TestServer;
let op: string;
let tenant: string;

beforeAll(async () => {
  const wall = new ManualClock(T0);
  t = await startTestServer({ wallClock: wall, sourceClock: new SourceClock(wall, { start: T0 }) });
  op = await t.login('op1');
  tenant = await t.login('billing-admin');
});
afterAll(async () => {
  await t.close();
});

/** Moves source time through the demo route and runs one engine step, as a presenter would. */
async function advance(seconds: number) {
  expect((await t.request('POST', '/api/v1/demo/clock', { token: op, body: { action: 'advance', seconds } })).status).toBe(200);
  t.server.tick();
}
async function status(id: string): Promise<string> {
  const r = await t.request('GET', `/api/v1/nodes/${id}`, { token: op });
  return (r.body as { status: string }).status;
}

describe('demo scenario and remedy routes', () => {
  it('lists the four stories with their targets and whether they run', async () => {
    const r = await t.request('GET', '/api/v1/demo/scenarios', { token: op });
    expect(r.status).toBe(200);
    const body = r.body as { items: { name: string; active: boolean; targets: { node: string } }[]; remedies: { action: string }[] };
    expect(body.items.map((s) => [s.name, s.active])).toEqual([
      ['flash-sale', false],
      ['db-lock-storm', false],
      ['dc-failure', false],
      ['db-hang', false],
    ]);
    expect(body.items[0]!.targets.node).toBe('paas-cs-mbh');
    expect(body.remedies.map((x) => x.action)).toContain('dr-switchover');
    expect((await t.request('GET', '/api/v1/demo/scenarios', { token: tenant })).status).toBe(403);
  });

  it('plays a flash sale forward on the demo clock and relieves it with a scale-out', async () => {
    t.server.tick();
    const started = await t.request('POST', '/api/v1/demo/scenarios', { token: op, body: { name: 'flash-sale' } });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ name: 'flash-sale', minute: 0, phase: { phase: 'active' } });
    expect((await t.request('POST', '/api/v1/demo/scenarios', { token: op, body: { name: 'flash-sale' } })).status).toBe(409);
    expect((await t.request('POST', '/api/v1/demo/scenarios', { token: op, body: { name: 'meteor-strike' } })).status).toBe(404);

    await advance(4 * 60);
    expect(await status('biz-mbh')).toBe('ok');
    await advance(7 * 60);
    expect(await status('paas-cs-mbh')).toBe('critical');
    expect(await status('biz-mbh')).toBe('critical');

    const scaled = await t.request('POST', '/api/v1/demo/remedies', { token: op, body: { action: 'scale-out', target: 'paas-cs-mbh', instances: 32 } });
    expect(scaled.status).toBe(200);
    expect(scaled.body).toMatchObject({ action: 'scale-out', target: 'paas-cs-mbh', instances: 32 });
    const list = (await t.request('GET', '/api/v1/demo/scenarios', { token: op })).body as { items: { name: string; run: { phase: { phase: string } } | null }[] };
    expect(list.items.find((s) => s.name === 'flash-sale')!.run!.phase.phase).toBe('remedied');
    for (let k = 0; k < 10; k++) await advance(30);
    expect(await status('paas-cs-mbh')).toBe('ok');
    expect(await status('biz-mbh')).toBe('ok');

    const stopped = await t.request('DELETE', '/api/v1/demo/scenarios/flash-sale', { token: op });
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({ phase: { phase: 'ended', how: 'stopped' } });
    expect((await t.request('DELETE', '/api/v1/demo/scenarios/flash-sale', { token: op })).status).toBe(409);
    expect((await t.request('DELETE', '/api/v1/demo/scenarios/meteor-strike', { token: op })).status).toBe(404);
  });

  it('shows a hung database as unknown once silent, and a restart brings it back', async () => {
    expect((await t.request('POST', '/api/v1/demo/scenarios', { token: op, body: { name: 'db-hang' } })).status).toBe(201);
    await advance(2 * 60);
    expect(await status('paas-rd-crm')).toBe('ok');
    await advance(40);
    expect(await status('paas-rd-crm')).toBe('unknown');
    expect(await status('biz-crm')).toBe('critical');
    const restart = await t.request('POST', '/api/v1/demo/remedies', { token: op, body: { action: 'restart-database', target: 'paas-rd-crm' } });
    expect(restart.status).toBe(200);
    for (let k = 0; k < 6; k++) await advance(30);
    expect(await status('paas-rd-crm')).toBe('ok');
    expect(await status('biz-crm')).toBe('ok');
  });

  it('answers bad remedy targets with 404, 400 and 409, and audits each change once', async () => {
    const bad = async (body: unknown) => (await t.request('POST', '/api/v1/demo/remedies', { token: op, body })).status;
    expect(await bad({ action: 'kill-sessions', target: 'paas-rd-nope' })).toBe(404);
    expect(await bad({ action: 'kill-sessions', target: 'biz-cbs' })).toBe(400);
    expect(await bad({ action: 'dr-switchover', target: 'biz-hdb' })).toBe(409);
    expect(await bad({ action: 'scale-out', target: 'paas-cs-mbh' })).toBe(400);
    expect(await bad({ action: 'switch-dns', target: 'biz-cbs', dc: 'DC-C' })).toBe(400);
    expect(await bad({ action: 'switch-dns', target: 'biz-cbs', dc: 'DC-B' })).toBe(200);
    const admin = await t.login('admin');
    const audit = (await t.request('GET', '/api/v1/audit?limit=1000', { token: admin })).body as { items: { action: string; target: string | null }[] };
    const demo = audit.items.filter((a) => a.action.startsWith('demo.scenario') || a.action.startsWith('demo.remedy')).map((a) => `${a.action} ${a.target}`);
    expect(demo.sort()).toEqual(
      [
        'demo.scenario.start flash-sale',
        'demo.remedy.scale-out paas-cs-mbh',
        'demo.scenario.stop flash-sale',
        'demo.scenario.start db-hang',
        'demo.remedy.restart-database paas-rd-crm',
        'demo.remedy.switch-dns biz-cbs',
      ].sort(),
    );
  });
});
