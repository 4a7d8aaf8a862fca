// Installs dependencies when they are missing or older than the lockfile, so `npm start` and
// `npm test` work on a fresh clone by themselves. Plain Node: runs before anything is installed.
import { existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  return r.status ?? 1;
}

export function ensureDeps() {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  const lock = path.join(root, 'package-lock.json');
  const stale = !existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs;
  if (!stale) return;
  console.log('skyfort: installing dependencies (npm ci)…');
  if (run('npm', ['ci', '--no-audit', '--no-fund']) !== 0) {
    console.error('skyfort: npm ci failed; see the output above');
    process.exit(1);
  }
}

/** Builds server, desktop shell and console when a source file is newer than the build. */
export function ensureBuilt() {
  const outputs = [
    path.join(root, 'dist', 'server', 'cli', 'main.js'),
    path.join(root, 'dist', 'renderer', 'index.html'),
    path.join(root, 'dist', 'electron', 'main', 'index.js'),
    path.join(root, 'dist', 'electron', 'preload', 'index.cjs'),
  ];
  if (outputs.every((f) => existsSync(f)) && !newerSources(Math.min(...outputs.map((f) => statSync(f).mtimeMs)))) return;
  if (run('node', [path.join(root, 'scripts', 'build.mjs')]) !== 0) process.exit(1);
}

function newerSources(than) {
  const r = spawnSync('find', ['shared', 'server', 'renderer', 'electron', '-newermt', new Date(than).toISOString(), '-type', 'f', '-print', '-quit'], { cwd: root, encoding: 'utf8' });
  return (r.stdout ?? '').trim().length > 0;
}
