import type { Command } from 'commander';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { ConfigSchema, configFromEnv } from '../core/config.js';
import { createServer } from '../app.js';

/** The built console sits beside the built server (dist/renderer next to dist/server). */
function defaultConsoleDir(): string | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidate = path.resolve(here, '../../renderer');
  return existsSync(path.join(candidate, 'index.html')) ? candidate : undefined;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the aggregator and serve the console on one port')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--port <port>', 'port (0 picks a free one)', '7420')
    .option('--data <dir>', 'folder for the SQLite store and local state')
    .option('--store <url>', 'store: a SQLite file path or postgres://…')
    .option('--simulate', 'run on the simulated private cloud (demo mode)')
    .option('--scenario <name>', 'start a demo scenario')
    .option('--seed <n>', 'simulator seed', '1')
    .option('--scale <n>', 'simulated components')
    .option('--speed <x>', 'source time speed factor', '1')
    .action(async (o: Record<string, string | boolean | undefined>) => {
      const config = ConfigSchema.parse({
        ...configFromEnv(process.env),
        host: o.host,
        port: o.port,
        ...(o.data ? { dataDir: o.data } : {}),
        ...(o.store ? { store: o.store } : {}),
        simulate: Boolean(o.simulate),
        ...(o.scenario ? { scenario: o.scenario } : {}),
        seed: o.seed,
        ...(o.scale ? { scale: o.scale } : {}),
        speed: o.speed,
        consoleDir: process.env.SKYFORT_CONSOLE_DIR ?? defaultConsoleDir(),
      });
      // Handlers first, before anything slow: a signal that arrives while the store opens or the
      // port binds is remembered and honoured as soon as there is a server to close.
      // `on`, not `once`: a loader such as tsx re-raises the signal when it sees no listener left.
      let server: Awaited<ReturnType<typeof createServer>> | null = null;
      let closing: string | null = null;
      const shutdown = (signal: string) => {
        if (closing && server === null) return;
        closing = signal;
        if (!server) return;
        const s = server;
        server = null;
        s.logger.info({ signal }, 'shutting down');
        s.close()
          .then(() => process.exit(0))
          .catch((err: unknown) => {
            s.logger.error({ err }, 'shutdown failed');
            process.exit(1);
          });
      };
      process.on('SIGTERM', () => shutdown('SIGTERM'));
      process.on('SIGINT', () => shutdown('SIGINT'));
      const created = await createServer({ config });
      server = created;
      if (closing) return shutdown(closing);
      const { url } = await created.listen();
      created.logger.info({ url, simulate: config.simulate }, 'skyfort aggregator listening');
      process.stdout.write(`Skyfort is serving at ${url}\n`);
    });
}
