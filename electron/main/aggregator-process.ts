import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { ForkOptions, UtilityProcess } from 'electron';
import type { AggregatorLauncher, AggregatorProcess } from './aggregator-host.js';

type Fork = (modulePath: string, args?: string[], options?: ForkOptions) => UtilityProcess;

/**
 * The packaged app's way: Electron's utilityProcess, a Chromium-managed Node child that needs no
 * separate Node install and dies with the app. Its native modules (better-sqlite3) must be built
 * for Electron's Node, which electron-builder's npmRebuild does when packaging.
 */
export function utilityProcessLauncher(fork: Fork, modulePath: string): AggregatorLauncher {
  return (args, env) => {
    // A utility process's process.argv is [exe, ...args], without the script: the script goes
    // first so the CLI sees Node's usual [exe, script, ...args].
    const child = fork(modulePath, [modulePath, ...args], { env, stdio: 'pipe', serviceName: 'Skyfort aggregator' });
    return wrap(child.stdout, child.stderr, (l) => void child.on('exit', l), (force) => {
      if (force && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
      else child.kill();
    });
  };
}

/**
 * Development's way (`npm start` from a clone): the aggregator on the system Node, whose ABI the
 * installed better-sqlite3 was compiled for; Electron's embedded Node would refuse to load it.
 */
export function nodeLauncher(nodePath: string, modulePath: string): AggregatorLauncher {
  return (args, env) => {
    const child = spawn(nodePath, [modulePath, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.on('error', () => undefined); // reported through 'exit'/'close'; unhandled it would crash main
    return wrap(child.stdout, child.stderr, (l) => void child.on('close', (code) => l(code)), (force) => {
      child.kill(force ? 'SIGKILL' : 'SIGTERM');
    });
  };
}

function wrap(
  stdout: NodeJS.ReadableStream | null,
  stderr: NodeJS.ReadableStream | null,
  onExit: (listener: (code: number | null) => void) => void,
  kill: (force?: boolean) => void,
): AggregatorProcess {
  return {
    onLine(stream, listener) {
      const source = stream === 'stdout' ? stdout : stderr;
      if (source) createInterface({ input: source, crlfDelay: Infinity }).on('line', listener);
    },
    onExit,
    kill,
  };
}
