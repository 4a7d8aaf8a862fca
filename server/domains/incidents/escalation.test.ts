import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../../shared/domain/incidents.js';
import { buildIncidentsHarness, T0, type IncidentsHarness } from './test-support/incidents-harness.js';
import { person } from './test-support/principals.js';

let h: IncidentsHarness;
const servers: Server[] = [];
afterEach(async () => {
  await h?.close();
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

const op1 = person('op1', 'operator', { tier: 1 });
const duty = person('duty', 'duty-manager');
const MIN = 60_000;

const incidentOf = (alarmId: string) => h.incidents.service.list(op1, { limit: 100, state: ['open', 'acknowledged', 'resolved'] }).items.find((i) => i.id === h.ledger.get(alarmId)!.incidentId)!;
const timeline = async (id: string): Promise<TimelineEntry[]> => (await h.incidents.service.detail(op1, id)).timeline;
const kinds = async (id: string) => (await timeline(id)).map((e) => e.kind);

function tickAt(ms: number): void {
  h.clock.set(ms);
  h.incidents.tick(ms);
}

describe('escalation on source time', () => {
  it('steps an unacknowledged incident through the default policy, each step escalated + notified, and stops on ack', async () => {
    h = await buildIncidentsHarness();
    await h.incidents.escalation.putOnCall({ dutyManager: 'duty', tiers: { 1: ['op1'], 2: ['op2'], 3: ['op3'], 4: [] } }, 'duty');
    const a = h.ledger.raise('array-1', { severity: 'critical' });
    tickAt(T0);
    expect(incidentOf(a.id)).toMatchObject({ tier: 1, assignee: 'op1', policyId: 'default', nextEscalationAt: new Date(T0 + 10 * MIN).toISOString() });
    tickAt(T0 + 10 * MIN - 1);
    expect(incidentOf(a.id).tier).toBe(1);
    tickAt(T0 + 10 * MIN);
    await h.incidents.settled();
    expect(incidentOf(a.id)).toMatchObject({ tier: 2, assignee: 'op2', nextEscalationAt: new Date(T0 + 30 * MIN).toISOString() });
    tickAt(T0 + 10 * MIN + 1000);
    expect(incidentOf(a.id).tier).toBe(2);
    tickAt(T0 + 30 * MIN);
    await h.incidents.settled();
    const id = incidentOf(a.id).id;
    expect((await kinds(id)).filter((k) => k === 'escalated' || k === 'notified')).toEqual(['escalated', 'notified', 'escalated', 'notified']);
    const step = (await timeline(id)).find((e) => e.kind === 'escalated')!;
    expect(step).toMatchObject({ by: 'escalation', at: new Date(T0 + 10 * MIN).toISOString(), details: { from: 1, to: 2, auto: true } });
    // Acknowledged: the timer stops.
    h.incidents.service.acknowledge(op1, id, null);
    tickAt(T0 + 61 * MIN);
    expect(incidentOf(a.id)).toMatchObject({ tier: 3, state: 'acknowledged', nextEscalationAt: null });
  });

  it('pages nobody for incidents below the policy’s minimum severity until one rises', async () => {
    h = await buildIncidentsHarness();
    const a = h.ledger.raise('srv-3', { severity: 'minor' });
    tickAt(T0 + 61 * MIN);
    expect(incidentOf(a.id)).toMatchObject({ tier: 1, nextEscalationAt: null });
    h.ledger.raise('vm-3', { severity: 'critical' });
    tickAt(T0 + 62 * MIN);
    // The timer starts when the incident qualifies, not when it opened.
    expect(incidentOf(a.id)).toMatchObject({ severity: 'critical', tier: 1, nextEscalationAt: new Date(T0 + 72 * MIN).toISOString() });
    tickAt(T0 + 72 * MIN);
    expect(incidentOf(a.id).tier).toBe(2);
  });

  it('applies the most specific policy: a service it reaches, then a tenant it touches, then the default', async () => {
    h = await buildIncidentsHarness();
    const esc = h.incidents.escalation;
    const steps = [{ tier: 1 as const, afterMinutes: 0 }, { tier: 2 as const, afterMinutes: 2 }];
    const tenant = await esc.createPolicy({ name: 'billing', tenant: 'billing', service: null, steps, channels: [], minSeverity: 'major' }, 'duty');
    const service = await esc.createPolicy({ name: 'biz-1', tenant: null, service: 'biz-1', steps, channels: [], minSeverity: 'major' }, 'duty');
    await expect(esc.createPolicy({ name: 'again', tenant: 'billing', service: null, steps, channels: [], minSeverity: 'major' }, 'duty')).rejects.toMatchObject({ status: 409 });
    await expect(esc.createPolicy({ name: 'second default', tenant: null, service: null, steps, channels: [], minSeverity: 'major' }, 'duty')).rejects.toMatchObject({ status: 409 });
    await expect(esc.deletePolicy('default')).rejects.toMatchObject({ status: 409 });

    const underBiz1 = h.ledger.raise('srv-1'); // biz-1 runs on srv-1
    const billingOnly = h.ledger.raise('biz-3'); // a billing system, not biz-1
    const channelOnly = h.ledger.raise('biz-2'); // channel's system
    tickAt(T0);
    expect(incidentOf(underBiz1.id).policyId).toBe(service.id);
    expect(incidentOf(billingOnly.id).policyId).toBe(tenant.id);
    expect(incidentOf(channelOnly.id).policyId).toBe('default');
    tickAt(T0 + 2 * MIN);
    expect(incidentOf(billingOnly.id).tier).toBe(2);
    expect(incidentOf(channelOnly.id).tier).toBe(1);
  });
});

describe('the webhook channel', () => {
  it('POSTs {incident, tier, step} to the URL and records the delivery; a failing URL lands on the timeline, never a crash', async () => {
    const received: { body: unknown; type: string | undefined }[] = [];
    const server = createHttpServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ body: JSON.parse(body), type: req.headers['content-type'] });
        res.writeHead(req.url === '/fail' ? 500 : 204).end();
      });
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    h = await buildIncidentsHarness();
    const esc = h.incidents.escalation;
    const ok = await esc.createChannel({ kind: 'webhook', name: 'pager', enabled: true, url: `${base}/hook`, timeoutMs: 2000 }, 'duty');
    const bad = await esc.createChannel({ kind: 'webhook', name: 'broken', enabled: true, url: `${base}/fail`, timeoutMs: 2000 }, 'duty');
    const gone = await esc.createChannel({ kind: 'webhook', name: 'nobody', enabled: true, url: 'http://127.0.0.1:1/hook', timeoutMs: 500 }, 'duty');
    await esc.updatePolicy('default', { ...esc.defaultPolicy(), channels: [ok.id, bad.id, gone.id] }, 'duty');
    await expect(esc.deleteChannel(ok.id)).rejects.toMatchObject({ status: 409 });

    const a = h.ledger.raise('array-1', { severity: 'critical' });
    tickAt(T0);
    tickAt(T0 + 10 * MIN);
    await h.incidents.settled();
    const hooks = received.filter((r) => r.type === 'application/json');
    expect(hooks).toHaveLength(2);
    expect(hooks[0]!.body).toMatchObject({ tier: 2, step: { tier: 2, afterMinutes: 10 }, incident: { id: incidentOf(a.id).id, rootResource: 'array-1', tier: 2 } });
    const notified = (await timeline(incidentOf(a.id).id)).find((e) => e.kind === 'notified')!;
    const deliveries = (notified.details as { deliveries: { channel: string; ok: boolean; error?: string }[] }).deliveries;
    expect(deliveries.find((d) => d.channel === ok.id)).toEqual({ channel: ok.id, ok: true });
    expect(deliveries.find((d) => d.channel === bad.id)).toMatchObject({ ok: false, error: 'HTTP 500' });
    expect(deliveries.find((d) => d.channel === gone.id)).toMatchObject({ ok: false });
    // Escalating by hand notifies too, with no step.
    h.incidents.service.escalate(duty, incidentOf(a.id).id, undefined, 'need experts');
    await h.incidents.settled();
    expect(received.filter((r) => r.type === 'application/json').at(-1)!.body).toMatchObject({ tier: 3, step: null, by: 'duty' });
  });
});
