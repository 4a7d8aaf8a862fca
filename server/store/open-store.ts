import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Dialect, type Migration } from 'kysely';
import type { Database, StoreDialect } from './database.js';
import { MIGRATIONS } from './migrations/index.js';
import { registerSqlite, withStatementCache, type CachedSqlite } from './sqlite-statement-cache.js';

export interface Store {
  db: Kysely<Database>;
  dialect: StoreDialect;
  close(): Promise<void>;
}

export function dialectOf(url: string): StoreDialect {
  return /^postgres(ql)?:\/\//i.test(url) ? 'postgres' : 'sqlite';
}

/**
 * Opens the store and brings its schema up to date. `postgres://…` selects PostgreSQL; anything
 * else is a SQLite file path (its folder is created) or `:memory:`.
 */
export async function openStore(opts: { url: string }): Promise<Store> {
  const dialect = dialectOf(opts.url);
  const sqlite = dialect === 'sqlite' ? sqliteDatabase(opts.url) : undefined;
  const db = new Kysely<Database>({ dialect: sqlite ? new SqliteDialect({ database: sqlite }) : postgresDialect(opts.url) });
  if (sqlite) registerSqlite(db, sqlite);
  try {
    await migrate(db, dialect);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return { db, dialect, close: () => db.destroy() };
}

function postgresDialect(url: string): Dialect {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client that loses its server would otherwise emit an unhandled 'error' and end the
  // process; the next query reconnects instead.
  pool.on('error', () => undefined);
  return new PostgresDialect({ pool });
}

function sqliteDatabase(file: string): CachedSqlite {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const database = new BetterSqlite3(file);
  // WAL lets readers run beside the one writer; NORMAL is durable across process crashes in WAL
  // mode (only an OS crash can lose the last commits); foreign keys are off by default in SQLite.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  return withStatementCache(database);
}

async function migrate(db: Kysely<Database>, dialect: StoreDialect): Promise<void> {
  const migrations: Record<string, Migration> = {};
  for (const [name, m] of Object.entries(MIGRATIONS)) {
    migrations[name] = { up: (d) => m.up(d, dialect) };
  }
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`store migration ${failed ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}
