import { z } from 'zod';
import path from 'node:path';
import os from 'node:os';

/**
 * Everything the aggregator can be told, in one schema: CLI flags and SKYFORT_* environment
 * variables both land here, and the README's configuration table lists these names.
 */
export const ConfigSchema = z.strictObject({
  host: z.string().default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(7420),
  /** Folder for the SQLite store and other local state. */
  dataDir: z.string().default(path.join(os.homedir(), '.skyfort')),
  /** `postgres://…` selects PostgreSQL; otherwise a SQLite file (default `<dataDir>/skyfort.db`). */
  store: z.string().optional(),
  simulate: z.boolean().default(false),
  scenario: z.string().optional(),
  seed: z.coerce.number().int().default(1),
  scale: z.coerce.number().int().min(10).max(50_000).optional(),
  speed: z.coerce.number().positive().max(10_000).default(1),
  /** Stream batching interval (product.md: 250 ms). */
  tickMs: z.coerce.number().int().min(10).max(5_000).default(250),
  /** Lifetime of a person's token; the console refreshes it before it ends. */
  sessionTtlMs: z.coerce.number().int().min(10_000).default(60 * 60 * 1000),
  /** Set by the desktop shell for its bundled aggregator only: a read-only wall secret for this launch. */
  launchToken: z.string().min(40).max(200).optional(),
  /** When set, GET /metrics requires `Authorization: Bearer <metricsToken>`. */
  metricsToken: z.string().min(16).optional(),
  /** Creates user `admin` on a store with no users. Only from the environment, never a flag. */
  adminPassword: z.string().min(8).optional(),
  /** Where the built console lives; served on the same port when present. */
  consoleDir: z.string().optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  bodyLimit: z.coerce.number().int().min(1024).default(1024 * 1024),
});
export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;

/** Environment variable → config key; flags override these. */
export const ENV_KEYS: Record<string, keyof Config> = {
  SKYFORT_HOST: 'host',
  SKYFORT_PORT: 'port',
  SKYFORT_DATA: 'dataDir',
  SKYFORT_STORE: 'store',
  SKYFORT_METRICS_TOKEN: 'metricsToken',
  SKYFORT_ADMIN_PASSWORD: 'adminPassword',
  SKYFORT_LOG_LEVEL: 'logLevel',
  SKYFORT_CONSOLE_DIR: 'consoleDir',
  SKYFORT_SESSION_TTL_MS: 'sessionTtlMs',
  SKYFORT_LAUNCH_TOKEN: 'launchToken',
};

export function configFromEnv(env: NodeJS.ProcessEnv): Partial<ConfigInput> {
  const out: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(ENV_KEYS)) {
    const v = env[name];
    if (v !== undefined && v !== '') out[key] = v;
  }
  return out as Partial<ConfigInput>;
}

export function storeUrlOf(c: Config): string {
  return c.store ?? path.join(c.dataDir, 'skyfort.db');
}
