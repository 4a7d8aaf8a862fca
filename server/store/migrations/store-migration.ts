import type { Kysely } from 'kysely';
import type { StoreDialect } from '../database.js';

/**
 * A schema step. Most steps are plain Kysely schema builder calls that read the same on both
 * engines; `dialect` is there for the few things SQL does not share (auto-increment keys,
 * triggers). Migrations see `Kysely<any>` on purpose: they describe the schema as it was when
 * written, not as `Database` says it is today.
 */
export interface StoreMigration {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  up(db: Kysely<any>, dialect: StoreDialect): Promise<void>;
}
