import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestServer, ADMIN_PASSWORD, type TestServer } from '../test-support/test-server.js';
import { displayWidth } from './print.js';

/** The real command line, run as a process against a real aggregator. */
let t: TestServer;
const home = mkdtempSync(path.join(os.tmpdir(), 'skyfort-cli-'));

function skyfort(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'server/cli/main.ts', ...args], { env: { ...process.env, HOME: home } }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
  rmSync(home, { recursive: true, force: true });
});

describe('skyfort command line', () => {
  it('logs in, lists what the user may see as a table or JSON, and verifies the audit chain', async () => {
    expect((await skyfort('login', '--url', t.url, '-u', 'admin', '-p', ADMIN_PASSWORD)).code).toBe(0);
    const table = await skyfort('nodes', '--layer', 'business');
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+NAME\s+KIND/);
    const json = await skyfort('--json', 'nodes', '--layer', 'business');
    const rows = JSON.parse(json.stdout) as { layer: string }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.layer === 'business')).toBe(true);
    const verify = await skyfort('audit', 'verify');
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain('ok: true');
  }, 60_000);

  it('exits non-zero with a one-line reason when something is refused', async () => {
    const r = await skyfort('login', '--url', t.url, '-u', 'admin', '-p', 'wrong-password');
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^skyfort: 401 invalid_credentials/);
  }, 30_000);

  it('keeps a tenant to its own systems', async () => {
    expect((await skyfort('login', '--url', t.url, '-u', 'channel-admin', '-p', 'skyfort-demo')).code).toBe(0);
    const rows = JSON.parse((await skyfort('--json', 'nodes')).stdout) as { tenant: string | null }[];
    expect(rows.some((r) => r.tenant === 'channel')).toBe(true);
    expect(rows.some((r) => r.tenant === 'billing')).toBe(false);
    expect((await skyfort('users')).code).not.toBe(0);
  }, 60_000);

  it('aligns Chinese names by terminal width', () => {
    expect(displayWidth('融合计费')).toBe(8);
    expect(displayWidth('abc')).toBe(3);
  });
});
