import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import ts from 'typescript';
import { describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS } from '../../shared/ipc/bridge.js';

vi.mock('electron', () => ({}));

const source = readFileSync(fileURLToPath(new URL('./index.cts', import.meta.url)), 'utf8');

/**
 * Runs the preload the way a sandboxed renderer does: compiled to CommonJS, with a `require`
 * that knows only 'electron'. Anything else it tried to load would fail here as it fails there.
 */
function runPreload() {
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    fileName: 'index.cts',
  });
  const exposed: { key: string; api: Record<string, unknown> }[] = [];
  const required: string[] = [];
  const ipcRenderer = { invoke: vi.fn(async () => ({ view: 'overview' })), send: vi.fn(), on: vi.fn() };
  const electron = { contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.push({ key, api }) }, ipcRenderer };
  const sandboxRequire = (id: string) => {
    required.push(id);
    if (id === 'electron') return electron;
    throw new Error(`module not found in the sandbox: ${id}`);
  };
  const module = { exports: {} };
  vm.runInNewContext(outputText, { require: sandboxRequire, module, exports: module.exports });
  return { exposed, required, ipcRenderer };
}

describe('preload', () => {
  it('loads in the sandbox, requiring nothing but electron', () => {
    const { required } = runPreload();
    expect(required).toEqual(['electron']);
  });

  it('exposes exactly window.skyfort with one function per message', () => {
    const { exposed } = runPreload();
    expect(exposed.map((e) => e.key)).toEqual(['skyfort']);
    expect(Object.keys(exposed[0]?.api ?? {}).sort()).toEqual(['isDesktop', 'launchInfo', 'reportStreamState']);
    expect(exposed[0]?.api.isDesktop).toBe(true);
  });

  it('asks main for launch info on the shared channel, passing nothing from the page', async () => {
    const { exposed, ipcRenderer } = runPreload();
    const launchInfo = exposed[0]?.api.launchInfo as (...a: unknown[]) => Promise<unknown>;
    await expect(launchInfo('ignored', { evil: true })).resolves.toEqual({ view: 'overview' });
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(IPC_CHANNELS.launchInfo);
  });

  it('reports only the known stream states', () => {
    const { exposed, ipcRenderer } = runPreload();
    const report = exposed[0]?.api.reportStreamState as (s: unknown) => void;
    report('stale');
    report('rm -rf');
    report({});
    expect(ipcRenderer.send.mock.calls).toEqual([[IPC_CHANNELS.streamState, 'stale']]);
  });
});
