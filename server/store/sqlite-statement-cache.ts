import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely, SqliteDatabase } from 'kysely';
import type { Database } from './database.js';

/** Prepared statements kept per SQLite store; the least recently used go first past it. */
export const STATEMENT_CACHE_SIZE = 256;

/** The dialect's view of the database, with its statements cached. */
export interface CachedSqlite extends SqliteDatabase {
  prepare(sql: string): BetterSqlite3.Statement;
}

const handles = new WeakMap<Kysely<Database>, CachedSqlite>();

/** Remembers which SQLite database a Kysely instance runs on (openStore does, for sqliteOf). */
export function registerSqlite(db: Kysely<Database>, sqlite: CachedSqlite): void {
  handles.set(db, sqlite);
}

/**
 * The SQLite database under a Kysely instance opened by openStore, or undefined (PostgreSQL).
 * Statements run on it directly bypass Kysely's connection mutex: only run them inside a
 * transaction of that instance, which holds the one connection for its whole callback.
 */
export function sqliteOf(db: Kysely<Database>): CachedSqlite | undefined {
  return handles.get(db);
}

/**
 * The better-sqlite3 database as Kysely's SQLite dialect sees it, with prepared statements kept
 * by SQL text. Kysely prepares every query afresh, which for the write-behind flushes (the same
 * few statements thousands of times a second, see row-statements.ts) cost about as much CPU as
 * running them. A statement still busy in an open iterator (a streamed select) is never handed
 * out twice: the caller gets a fresh one. SQLite re-prepares a cached statement by itself when
 * the schema changes (migrations).
 */
export function withStatementCache(database: BetterSqlite3.Database, max = STATEMENT_CACHE_SIZE): CachedSqlite {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => database.close(),
    prepare(sql) {
      const hit = cache.get(sql);
      if (hit) {
        if (hit.busy) return database.prepare(sql);
        // Least recently used: re-inserting moves it to the end of the map's order.
        cache.delete(sql);
        cache.set(sql, hit);
        return hit;
      }
      const statement = database.prepare(sql);
      cache.set(sql, statement);
      if (cache.size > max) cache.delete(cache.keys().next().value!);
      return statement;
    },
  };
}
