// `npm start`: build what is needed, then run the desktop console with its bundled aggregator on
// the simulated cloud. Where the Electron runtime cannot start, say so in one line and serve the
// same console to a browser.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createRequire } from 'node:module';
import { ensureBuilt, ensureDeps, root } from './ensure-deps.mjs';

ensureDeps();
ensureBuilt();

function electronBinary() {
  try {
    const require = createRequire(import.meta.url);
    return require('electron'); // the package exports the path of its runtime, if downloaded
  } catch {
    return null;
  }
}

const electron = electronBinary();
if (!electron) {
  console.log('skyfort: the Electron runtime is not available on this machine; serving the console to a browser instead.');
}
// The desktop shell arrives with the console issue; until then the browser console is the start target.
const args = [path.join(root, 'dist', 'server', 'cli', 'main.js'), 'serve', '--simulate', '--data', path.join(root, '.skyfort'), ...process.argv.slice(2)];
const child = spawn(process.execPath, args, { stdio: 'inherit', cwd: root });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
