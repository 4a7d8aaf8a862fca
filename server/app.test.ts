import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestServer, type TestServer } from './test-support/test-server.js';
import { openApiPath } from './core/http/openapi.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

describe('public surface', () => {
  it('reports healthy once the store is open and the stream accepts', async () => {
    expect(await t.request('GET', '/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('documents every registered route in openapi.json', async () => {
    const doc = (await t.request('GET', '/api/v1/openapi.json')).body as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    const registered: string[] = [];
    for (const r of t.server.routes) registered.push(`${r.method.toLowerCase()} ${openApiPath(r.url)}`);
    for (const key of registered) {
      const [method, p] = key.split(' ') as [string, string];
      expect(doc.paths[p]?.[method], key).toBeDefined();
    }
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`));
    expect(documented.sort()).toEqual(registered.sort());
    // Fastify's own table, not our list: a route added around the registry would show here.
    const held = t.server
      .registeredRoutes()
      .filter((r) => !r.startsWith('HEAD ') && !r.includes(' /api/docs'))
      .map((r) => {
        const [m, u] = r.split(' ') as [string, string];
        return `${m.toLowerCase()} ${openApiPath(u)}`;
      });
    expect([...new Set(held)].sort()).toEqual(registered.sort());
  });

  it('serves browsable API docs', async () => {
    const r = await t.server.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('swagger');
  });

  it('exposes stream, ingest and event-loop metrics in Prometheus text', async () => {
    const r = await t.request('GET', '/metrics');
    expect(r.status).toBe(200);
    const text = String(r.body);
    for (const name of ['process_cpu_seconds_total', 'skyfort_stream_clients', 'skyfort_stream_deltas_total', 'skyfort_stream_dropped_backlogs_total', 'skyfort_ingest_samples_total', 'skyfort_event_loop_lag_p99_seconds', 'skyfort_metric_series']) {
      expect(text, name).toContain(name);
    }
  });

  it('answers JSON 404 for unknown routes', async () => {
    const r = await t.request('GET', '/api/v1/nope');
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ error: { code: 'not_found' } });
  });

  it('locks login after five wrong passwords in a minute (the sixth answers 429)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await t.request('POST', '/api/v1/auth/login', { body: { username: 'op1', password: 'wrong-password' } })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('requires the metrics token when one is configured', async () => {
    const s = await startTestServer({ config: { metricsToken: 'a-long-metrics-token-123' } });
    try {
      expect((await s.request('GET', '/metrics')).status).toBe(401);
      expect((await s.request('GET', '/metrics', { token: 'a-long-metrics-token-123' })).status).toBe(200);
    } finally {
      await s.close();
    }
  });
});

describe('the skyfort serve process', () => {
  it('exits 0 on SIGTERM after closing the store', async () => {
    const data = mkdtempSync(path.join(os.tmpdir(), 'skyfort-sigterm-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/main.ts', 'serve', '--port', '0', '--data', data, '--simulate'], {
      env: { ...process.env, SKYFORT_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          if (out.includes('serving at')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
        setTimeout(() => reject(new Error('no start within 20 s')), 20_000);
      });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const exit = await new Promise<{ code: number | null; signal: string | null }>((resolve) => {
        child.once('exit', (code, signal) => resolve({ code, signal }));
        child.kill('SIGTERM');
      });
      expect(exit, stderr).toEqual({ code: 0, signal: null });
    } finally {
      child.kill('SIGKILL');
      rmSync(data, { recursive: true, force: true });
    }
  }, 30_000);
});
