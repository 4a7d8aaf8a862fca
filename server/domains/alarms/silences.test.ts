import { afterEach, describe, expect, it } from 'vitest';
import { buildAlarmsStack, event, T0, type AlarmsStack } from './test-support/alarms-stack.js';

const MIN = 60_000;
let s: AlarmsStack;
afterEach(async () => {
  await s?.close();
});

const iso = (t: number) => new Date(t).toISOString();
const ids = async (token: string, query = '') =>
  (await s.request('GET', `/api/v1/alarms${query}`, token)).body.items.map((a: { resource: string; suppressedBy: string | null }) => `${a.resource}${a.suppressedBy ? '*' : ''}`).sort();

describe('silences', () => {
  it('suppress matching alarms, which stay recorded and listed, from start to end or expiry by hand', async () => {
    s = await buildAlarmsStack();
    s.offer([event({ resource: 'shared-db' }), event({ resource: 'b-sys' })]);
    s.tick();
    const created = await s.request('POST', '/api/v1/silences', 'op1', { nodes: ['shared-db'], endsAt: iso(T0 + 30 * MIN), reason: 'patching' });
    expect(created).toMatchObject({ status: 201, body: { kind: 'silence', state: 'active', createdBy: 'op1', startsAt: iso(T0) } });
    s.tick();
    expect(await ids('op1')).toEqual(['b-sys', 'shared-db*']);
    expect(await ids('op1', '?suppressed=exclude')).toEqual(['b-sys']);
    expect(await ids('op1', '?suppressed=only')).toEqual(['shared-db*']);
    // New alarms on a silenced node arrive suppressed; the summary counts them apart.
    s.offer([event({ resource: 'shared-db', type: 'slow' })]);
    s.tick();
    expect(s.alarms.ledger.open()).toSatisfy((it: Iterable<{ resource: string; suppressedBy: string | null }>) =>
      [...it].filter((a) => a.resource === 'shared-db').every((a) => a.suppressedBy === created.body.id),
    );

    const expire = await s.request('POST', `/api/v1/silences/${created.body.id}/expire`, 'op1');
    expect(expire.body).toMatchObject({ state: 'expired' });
    expect((await s.request('POST', `/api/v1/silences/${created.body.id}/expire`, 'op1')).status).toBe(409);
    s.tick();
    expect(await ids('op1')).toEqual(['b-sys', 'shared-db', 'shared-db']);
    expect(s.audits.map((a) => a.action)).toEqual(['silence.create', 'silence.expire']);
  });

  it('pending until startsAt, expired after endsAt (source time); label matchers', async () => {
    s = await buildAlarmsStack();
    const body = { labels: { team: 'dba' }, startsAt: iso(T0 + 10 * MIN), endsAt: iso(T0 + 20 * MIN), reason: 'nightly job' };
    const sil = (await s.request('POST', '/api/v1/silences', 'op1', body)).body;
    expect(sil.state).toBe('pending');
    s.offer([event({ labels: { team: 'dba' } }), event({ type: 'other', labels: { team: 'net' } })]);
    s.tick();
    expect(await ids('op1', '?suppressed=only')).toEqual([]);
    s.advance(10 * MIN);
    expect((await s.request('GET', '/api/v1/silences?state=active', 'op1')).body.items.map((x: { id: string }) => x.id)).toEqual([sil.id]);
    expect(await ids('op1', '?suppressed=only')).toEqual(['shared-db*']);
    s.advance(10 * MIN);
    expect(await ids('op1', '?suppressed=only')).toEqual([]);
    expect((await s.request('GET', '/api/v1/silences?state=expired', 'op1')).body.items).toHaveLength(1);
    expect((await s.request('GET', '/api/v1/silences?state=active,pending', 'op1')).body.items).toHaveLength(0);
  });

  it('tenants see only silences scoped to them and may not create any; bad windows are refused', async () => {
    s = await buildAlarmsStack();
    const mk = (b: object) => s.request('POST', '/api/v1/silences', 'op1', { endsAt: iso(T0 + MIN), reason: 'r', ...b });
    const billing = (await mk({ tenant: 'billing' })).body;
    await mk({ nodes: ['c-sys'] });
    const list = async (token: string) => (await s.request('GET', '/api/v1/silences', token)).body.items.map((x: { id: string }) => x.id);
    expect(await list('op1')).toHaveLength(2);
    expect(await list('billing')).toEqual([billing.id]);
    expect(await list('channel')).toEqual([]);
    expect((await s.request('POST', `/api/v1/silences/${billing.id}/expire`, 'billing')).status).toBe(403);
    expect((await s.request('POST', '/api/v1/silences', 'billing', { tenant: 'billing', endsAt: iso(T0 + MIN), reason: 'r' })).status).toBe(403);
    expect((await mk({ nodes: ['b-sys'], endsAt: iso(T0 - MIN) })).body.error.code).toBe('ends_in_past');
    expect((await mk({})).status).toBe(400);
    expect((await mk({ nodes: ['x'], startsAt: iso(T0 + 2 * MIN) })).status).toBe(400);
    expect(await list('op1')).toHaveLength(2);
  });
});

describe('maintenance windows', () => {
  it('put their nodes into maintenance while active, suppress their alarms, and give the status back after', async () => {
    s = await buildAlarmsStack();
    const report = () => s.ingest.port.samples([{ node: 'b-vm', metric: 'cpu_util', v: 20 }, { node: 'b-app', metric: 'cpu_util', v: 20 }]);
    report();
    s.tick();
    const status = (id: string) => s.topology.graph.node(id)!.status;
    expect(status('b-vm')).toBe('ok');
    const win = await s.request('POST', '/api/v1/silences', 'op3', { kind: 'maintenance', nodes: ['b-vm'], endsAt: iso(T0 + 5 * MIN), reason: 'firmware' });
    expect(win.status).toBe(201);
    s.offer([event({ resource: 'b-vm', type: 'reboot' })]);
    s.tick(); // the window starts; the deriver applies it on its next run
    s.tick();
    expect(status('b-vm')).toBe('maintenance');
    expect(status('b-app')).toBe('ok');
    expect(await ids('op1')).toEqual(['b-vm*']);
    for (let t = 0; t < 5 * 6; t++) {
      report();
      s.advance(10_000);
    }
    report();
    s.tick();
    expect(status('b-vm')).toBe('ok');
    expect(await ids('op1')).toEqual(['b-vm']);
  });
});
