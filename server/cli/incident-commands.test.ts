import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SourceClock, systemClock } from '../core/clock.js';
import { startTestServer, type TestServer } from '../test-support/test-server.js';

/** `alarms`, `ack` and `incidents`: the real command line against a real aggregator. */
let t: TestServer;
const home = mkdtempSync(path.join(os.tmpdir(), 'skyfort-cli-inc-'));
let nodeId: string;

function skyfort(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'server/cli/main.ts', ...args], { env: { ...process.env, HOME: home } }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  t = await startTestServer({ config: { scale: 200 }, sourceClock: new SourceClock(systemClock, { start: Date.UTC(2026, 0, 1, 8), paused: true }) });
  t.server.tick(); // the simulated cloud declares its nodes on the first engine step
  const admin = await t.login('admin');
  const topo = (await t.request('GET', '/api/v1/topology', { token: admin })).body as { nodes: { id: string; layer: string; tenant: string | null }[] };
  nodeId = topo.nodes.find((n) => n.layer === 'business' && n.tenant === 'billing')!.id;
  const ev = (type: string) => ({ resource: nodeId, type, severity: 'critical', summary: `${type} on ${nodeId}`, source: 'cli-test' });
  expect((await t.request('POST', '/api/v1/events', { token: admin, body: [ev('probe-failed'), ev('latency')] })).status).toBe(202);
  t.server.tick();
});
afterAll(async () => {
  await t.close();
  rmSync(home, { recursive: true, force: true });
});

describe('skyfort alarms / ack / incidents', () => {
  it('lists alarms and incidents, acknowledges an incident with all its alarms, and shows its timeline', async () => {
    expect((await skyfort('login', '--url', t.url, '-u', 'op1', '-p', 'skyfort-demo')).code).toBe(0);
    const alarms = JSON.parse((await skyfort('--json', 'alarms', '--resource', nodeId)).stdout) as { id: string; incidentId: string; state: string }[];
    expect(alarms.map((a) => a.state)).toEqual(['active', 'active']);
    const incidentId = alarms[0]!.incidentId;
    expect(alarms[1]!.incidentId).toBe(incidentId);

    const table = await skyfort('incidents', '--resource', nodeId);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+SEVERITY\s+STATE\s+TIER/);
    expect(table.stdout).toContain(incidentId);

    const ack = await skyfort('ack', incidentId, '-m', 'on it');
    expect(ack.code).toBe(0);
    expect(ack.stdout).toMatch(new RegExp(`${incidentId}\\s+incident\\s+acknowledged\\s+op1`));
    const after = JSON.parse((await skyfort('--json', 'alarms', '--incident', incidentId)).stdout) as { state: string }[];
    expect(after.map((a) => a.state)).toEqual(['acknowledged', 'acknowledged']);

    const show = JSON.parse((await skyfort('--json', 'incidents', 'show', incidentId)).stdout) as { timeline: { kind: string; by: string; comment: string | null }[] };
    expect(show.timeline.find((e) => e.kind === 'acknowledged')).toMatchObject({ by: 'op1', comment: 'on it' });
    expect((await skyfort('incidents', 'escalate', incidentId)).stdout).toMatch(/acknowledged\s+2/);
  }, 90_000);

  it('exits non-zero with one line when a step is refused', async () => {
    expect((await skyfort('login', '--url', t.url, '-u', 'billing-viewer', '-p', 'skyfort-demo')).code).toBe(0);
    const incidents = JSON.parse((await skyfort('--json', 'incidents', '--state', 'open,acknowledged')).stdout) as { id: string }[];
    expect(incidents.length).toBeGreaterThan(0);
    const r = await skyfort('ack', incidents[0]!.id);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^skyfort: 403 forbidden/);
    const bad = await skyfort('incidents', 'escalate', 'inc-x', '--tier', '7');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/^skyfort: --tier must be 1, 2, 3 or 4/);
  }, 60_000);
});
