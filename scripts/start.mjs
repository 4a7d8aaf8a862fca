// `npm start`: build what is needed, then run the desktop console with its bundled aggregator on
// the simulated cloud. Where the Electron runtime cannot start, say so in one line and serve the
// same console to a browser.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ensureBuilt, ensureDeps, root } from './ensure-deps.mjs';
import { findElectronRuntime } from './electron-runtime.mjs';

const READY_TIMEOUT_MS = 90_000;

ensureDeps();
ensureBuilt();

const runtime = findElectronRuntime(root);
const desktop = runtime.ok ? await runDesktop(runtime.path) : runtime;
if (!desktop.ok) {
  console.log(`skyfort: the Electron desktop cannot start here (${desktop.reason}); serving the console to a browser instead.`);
  serveToBrowser();
}

/**
 * Starts Electron on this package (package.json `main`). Its output is held back until the shell
 * logs "shell ready", so a runtime that dies on start-up (no display, missing libraries, refusing
 * to run as root) costs one plain line, not a page of Chromium errors.
 */
function runDesktop(binary) {
  return new Promise((resolve) => {
    // The aggregator runs on this Node in development: the installed better-sqlite3 is built for it.
    const env = { ...process.env, SKYFORT_AGGREGATOR_NODE: process.execPath };
    const child = spawn(binary, [root], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const held = [];
    let ready = false;
    let lastError = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      settle({ ok: false, reason: `it opened no window within ${READY_TIMEOUT_MS / 1000} s` });
    }, READY_TIMEOUT_MS);
    const settle = (result) => {
      clearTimeout(timer);
      resolve(result);
    };
    child.stdout.on('data', (chunk) => {
      if (ready) return void process.stdout.write(chunk);
      held.push(chunk);
      if (Buffer.concat(held).toString().includes('"msg":"shell ready"')) {
        ready = true;
        process.stdout.write(Buffer.concat(held));
        for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
        settle({ ok: true });
      }
    });
    child.stderr.on('data', (chunk) => {
      if (ready) return void process.stderr.write(chunk);
      const lines = chunk.toString().split('\n').map((l) => l.trim()).filter(Boolean);
      if (lines.length) lastError = lines.at(-1).slice(0, 200);
    });
    child.on('error', (err) => settle({ ok: false, reason: err.message }));
    child.on('exit', (code, signal) => {
      if (ready) process.exit(code ?? 0);
      settle({ ok: false, reason: `it exited (${signal ?? `code ${code}`}) before opening a window${lastError ? `: ${lastError}` : ''}` });
    });
  });
}

function serveToBrowser() {
  const args = [path.join(root, 'dist', 'server', 'cli', 'main.js'), 'serve', '--simulate', '--data', path.join(root, '.skyfort'), ...process.argv.slice(2)];
  const child = spawn(process.execPath, args, { stdio: 'inherit', cwd: root });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
}
