// Finds the Electron runtime without starting its download. The electron package (42+) fetches
// its binary on first use: `require('electron')` runs node_modules/electron/install.js when
// path.txt or dist/ is missing, which fails or hangs where downloads are impossible. So this reads
// path.txt itself, and then runs the binary once in Node mode to see that it can load at all.
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const EXECUTABLE = { darwin: 'Electron.app/Contents/MacOS/Electron', win32: 'electron.exe' };

/** @returns {{ ok: true, path: string } | { ok: false, reason: string }} */
export function findElectronRuntime(root, env = process.env) {
  const pkg = path.join(root, 'node_modules', 'electron');
  if (!existsSync(path.join(pkg, 'package.json'))) return { ok: false, reason: 'the electron package is not installed' };
  const pathFile = path.join(pkg, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  let binary;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) binary = path.join(env.ELECTRON_OVERRIDE_DIST_PATH, relative ?? EXECUTABLE[process.platform] ?? 'electron');
  else if (relative) binary = path.join(pkg, 'dist', relative);
  else return { ok: false, reason: 'its runtime was never downloaded: the electron package fetches it from the internet on first launch' };
  if (!existsSync(binary)) return { ok: false, reason: `${binary} is missing` };

  // Node mode needs no display, and still fails fast when the binary or its libraries are broken.
  const probe = spawnSync(binary, ['--version'], { env: { ...env, ELECTRON_RUN_AS_NODE: '1' }, encoding: 'utf8', timeout: 10_000 });
  if (probe.error || probe.status !== 0) {
    const why = probe.error?.message ?? (probe.stderr || `exit code ${probe.status}`).trim().split('\n')[0];
    return { ok: false, reason: `the runtime at ${binary} does not run (${why})` };
  }
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { ok: false, reason: 'there is no display to open windows on (DISPLAY and WAYLAND_DISPLAY are unset)' };
  }
  return { ok: true, path: binary };
}
