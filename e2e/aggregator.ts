import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Starts the built `skyfort serve --simulate` on a free port with a fresh store. */
export async function startAggregator(): Promise<{ url: string; stop(): Promise<void> }> {
  const data = mkdtempSync(path.join(os.tmpdir(), 'skyfort-e2e-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['dist/server/cli/main.js', 'serve', '--simulate', '--port', '0', '--data', data],
    { env: { ...process.env, SKYFORT_LOG_LEVEL: 'warn', SKYFORT_ADMIN_PASSWORD: 'e2e-admin-pass' }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`aggregator did not start: ${out}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /serving at (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`aggregator exited with ${code}: ${out}`)));
  });
  return {
    url,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(data, { recursive: true, force: true });
    },
  };
}
