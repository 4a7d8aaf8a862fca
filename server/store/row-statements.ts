import { CompiledQuery, PostgresAdapter, type Compilable, type Kysely } from 'kysely';
import type { Database } from './database.js';
import { sqliteOf } from './sqlite-statement-cache.js';

/**
 * Rows per statement on PostgreSQL, largest first: any count goes out as a sum of these few
 * shapes (under the 65,535 bound parameters of the widest table), one round trip per statement.
 */
const POSTGRES_SHAPES = [256, 64, 16, 4, 1] as const;
/**
 * SQLite runs in-process, so there is no round trip to save, and one-row statements measured
 * cheaper than multi-row VALUES lists there (61,500 upserts into `alarms` with its indexes:
 * 1.05 CPU-s one row at a time, 2.1 s in lists of 8 or 32, 1.3 s in lists of 400).
 */
const SQLITE_SHAPES = [1] as const;

/** A write of many rows with statements whose SQL text is built once. */
export interface RowStatement<Row> {
  /** Writes `rows` with the given executor (the caller's transaction). */
  run(tx: Kysely<Database>, rows: readonly Row[]): Promise<void>;
}

/**
 * The write-behind flushes write thousands of rows a second with the same few statements.
 * Building each through Kysely and preparing it afresh cost more CPU than SQLite spent running
 * it; here each statement shape is built once by Kysely (so it stays dialect-correct, quoted
 * and typed) from placeholder rows, and later runs only bind new parameters: the values of
 * `columns`, in that order, row after row. SQLite's statement cache (sqlite-statement-cache.ts)
 * then prepares each shape once.
 *
 * `build` must turn every column of each row into exactly one parameter, in `columns` order
 * (an insert's `values`, an update's `set` then `where`); that is checked when a shape is built.
 * `oneRow` is for statements that take one row whatever the dialect (an update by key).
 */
export function rowStatement<Row extends object>(
  db: Kysely<Database>,
  columns: readonly (keyof Row & string)[],
  build: (rows: Row[]) => Compilable,
  opts: { oneRow?: boolean } = {},
): RowStatement<Row> {
  const shapes: readonly number[] = opts.oneRow || !(db.getExecutor().adapter instanceof PostgresAdapter) ? SQLITE_SHAPES : POSTGRES_SHAPES;
  const sqlByRows = new Map<number, string>();

  const sqlFor = (n: number): string => {
    let text = sqlByRows.get(n);
    if (text !== undefined) return text;
    const placeholder = Object.fromEntries(columns.map((c) => [c, null])) as Row;
    const compiled = build(Array.from({ length: n }, () => placeholder)).compile();
    if (compiled.parameters.length !== n * columns.length) {
      throw new Error(`rowStatement: ${compiled.parameters.length} parameters for ${n} rows of ${columns.length} columns in ${compiled.sql.slice(0, 80)}`);
    }
    text = compiled.sql;
    sqlByRows.set(n, text);
    return text;
  };

  const sqlite = sqliteOf(db);
  return {
    async run(tx, rows) {
      if (sqlite && tx.isTransaction) {
        // Inside a transaction the one SQLite connection is ours for the whole callback, so the
        // rows go straight to the prepared statement: no promise and no Kysely executor per row.
        const statement = sqlite.prepare(sqlFor(1));
        for (const row of rows) statement.run(columns.map((c) => row[c]));
        return;
      }
      let i = 0;
      for (const n of shapes) {
        if (rows.length - i < n) continue;
        const sql = sqlFor(n);
        for (; rows.length - i >= n; i += n) {
          const params: unknown[] = [];
          for (let r = i; r < i + n; r++) {
            const row = rows[r]!;
            for (const c of columns) params.push(row[c]);
          }
          await tx.executeQuery(CompiledQuery.raw(sql, params));
        }
      }
    },
  };
}
