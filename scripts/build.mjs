// `npm run build`: typecheck and compile the server and shared code, then bundle the console.
import { chmodSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureDeps, root, run } from './ensure-deps.mjs';

ensureDeps();
rmSync(path.join(root, 'dist', '.tsbuild'), { recursive: true, force: true });
if (run('npx', ['tsc', '-b']) !== 0) process.exit(1);
if (run('npx', ['vite', 'build', '--logLevel', 'warn']) !== 0) process.exit(1);
chmodSync(path.join(root, 'dist', 'server', 'cli', 'main.js'), 0o755);
console.log('skyfort: built into dist/ (try: npx skyfort --help)');
