import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { UtilityProcess } from 'electron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nodeLauncher, utilityProcessLauncher } from './aggregator-process.js';

vi.mock('electron', () => ({}));

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  vi.restoreAllMocks();
});

describe('utilityProcessLauncher', () => {
  function fakeFork() {
    const calls: { modulePath: string; args: string[] | undefined; options: unknown }[] = [];
    const child = Object.assign(new EventEmitter(), { stdout: new PassThrough(), stderr: new PassThrough(), pid: 4242, kill: vi.fn() });
    const fork = (modulePath: string, args?: string[], options?: unknown) => {
      calls.push({ modulePath, args, options });
      return child as unknown as UtilityProcess;
    };
    return { fork, calls, child };
  }

  it('passes the script as argv[1] so the CLI parses its arguments as under Node', () => {
    const { fork, calls } = fakeFork();
    utilityProcessLauncher(fork, '/app/dist/server/cli/main.js')(['serve', '--port', '0'], { SKYFORT_LAUNCH_TOKEN: 'sfd_x' });
    expect(calls[0]?.args).toEqual(['/app/dist/server/cli/main.js', 'serve', '--port', '0']);
    expect(calls[0]?.options).toMatchObject({ env: { SKYFORT_LAUNCH_TOKEN: 'sfd_x' }, stdio: 'pipe' });
  });

  it('reports stdout lines and the exit code, and kills by force on request', async () => {
    const { fork, child } = fakeFork();
    const proc = utilityProcessLauncher(fork, '/m.js')([], {});
    const lines: string[] = [];
    const exits: (number | null)[] = [];
    proc.onLine('stdout', (l) => lines.push(l));
    proc.onExit((c) => exits.push(c));
    child.stdout.write('booting\nSkyfort is serving at http://127.0.0.1:1');
    child.stdout.end('\n');
    await new Promise((r) => setTimeout(r, 10));
    child.emit('exit', 3);
    expect(lines).toEqual(['booting', 'Skyfort is serving at http://127.0.0.1:1']);
    expect(exits).toEqual([3]);
    proc.kill();
    expect(child.kill).toHaveBeenCalledTimes(1);
    const killed = vi.spyOn(process, 'kill').mockImplementation(() => true);
    proc.kill(true);
    expect(killed).toHaveBeenCalledWith(4242, 'SIGKILL');
  });
});

describe('nodeLauncher', () => {
  it('runs the script on the given Node with the environment and reports lines and exit', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'skyfort-launch-'));
    dirs.push(dir);
    const script = path.join(dir, 'fake-cli.mjs');
    writeFileSync(script, "console.log('args ' + process.argv.slice(2).join(' ')); console.log('token ' + process.env.SKYFORT_LAUNCH_TOKEN); console.error('warned'); process.exit(7);\n");
    const proc = nodeLauncher(process.execPath, script)(['serve', '--simulate'], { SKYFORT_LAUNCH_TOKEN: 'sfd_abc' });
    const out: string[] = [];
    const err: string[] = [];
    proc.onLine('stdout', (l) => out.push(l));
    proc.onLine('stderr', (l) => err.push(l));
    const code = await new Promise((r) => proc.onExit(r));
    expect(code).toBe(7);
    expect(out).toEqual(['args serve --simulate', 'token sfd_abc']);
    expect(err).toEqual(['warned']);
  });
});
