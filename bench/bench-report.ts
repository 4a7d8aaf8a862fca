import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

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
