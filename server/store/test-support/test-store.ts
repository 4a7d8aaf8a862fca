import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { StoreDialect } from '../database.js';
import { openStore, type Store } from '../open-store.js';

/** The PostgreSQL server tests use; each test store is its own throw-away database on it. */
export const TEST_PG_URL = process.env.SKYFORT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export const TEST_DIALECTS: readonly StoreDialect[] = ['sqlite', 'postgres'];

export interface TestStore extends Store {
  /** Where it lives, to open it a second time. */
  url: string;
}

/**
 * A fresh, migrated store: a SQLite file in a temp folder or a new PostgreSQL database named
 * `skyfort_test_<hex>`. `close()` removes it again.
 */
export async function openTestStore(dialect: StoreDialect): Promise<TestStore> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'skyfort-test-'));
    const file = path.join(dir, 'store.db');
    const store = await openStore({ url: file });
    return {
      ...store,
      url: file,
      close: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `skyfort_test_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  let store: Store;
  try {
    store = await openStore({ url: url.toString() });
  } catch (err) {
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    throw err;
  }
  return {
    ...store,
    url: url.toString(),
    close: async () => {
      await store.close();
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
