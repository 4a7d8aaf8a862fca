import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

/**
 * What every bench records next to its numbers (bench/RESULTS.md): the machine, and the exact
 * command with its BENCH_* overrides, so a result can be repeated and compared.
 */
export function machine(chromiumPath?: string): string {
  const info = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /model name\s*:\s*(.+)/.exec(info)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown CPU';
  const base = `nproc ${cpus().length}, ${model}, node ${process.version}`;
  if (chromiumPath === undefined) return base;
  const chromium = spawnSync(chromiumPath, ['--version'], { encoding: 'utf8' }).stdout?.trim() || 'Playwright Chromium';
  return `${base}, ${chromium}`;
}

export function benchCommand(script: string): string {
  const env = Object.entries(process.env)
    .filter(([k]) => k.startsWith('BENCH_'))
    .map(([k, v]) => `${k}=${v} `)
    .join('');
  return `${env}node --import tsx ${script}`;
}

/** The code measured: HEAD, and whether the working tree holds uncommitted work under the code folders. */
export function revision(root: string): string {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: root, encoding: 'utf8' }).stdout?.trim() ?? '';
  const head = git('rev-parse', '--short', 'HEAD') || 'unknown';
  const dirty = git('status', '--porcelain', '--', 'renderer', 'server', 'shared', 'e2e');
  return dirty ? `${head} plus uncommitted changes to ${dirty.split('\n').length} files under renderer/ server/ shared/ e2e/` : `${head}, clean`;
}

/** The 1, 5 and 15 minute load averages (as `uptime` shows them): others' work on a shared box inflates CPU times. */
export function loadAverage(): string {
  return loadavg()
    .map((x) => x.toFixed(2))
    .join(', ');
}
