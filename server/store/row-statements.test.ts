import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowStatement } from './row-statements.js';
import type { IncidentMembersTable } from './tables/incident-tables.js';
import { TEST_DIALECTS, openTestStore, type TestStore } from './test-support/test-store.js';

const COLUMNS = ['alarm_id', 'incident_id', 'resource', 'joined_at'] as const;

describe.each(TEST_DIALECTS)('row statements on %s', (dialect) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(dialect);
  });
  afterAll(async () => {
    await store.close();
  });

  const rows = (n: number, incident: string): IncidentMembersTable[] =>
    Array.from({ length: n }, (_, i) => ({ alarm_id: `al-${i}`, incident_id: incident, resource: `node-${i % 7}`, joined_at: `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}.000Z` }));

  it('writes any number of rows (sums of the batch shapes), in a transaction or not, and upserts them again', async () => {
    const upsert = rowStatement<IncidentMembersTable>(store.db, [...COLUMNS], (rs) =>
      store.db
        .insertInto('incident_members')
        .values(rs)
        .onConflict((oc) => oc.column('alarm_id').doUpdateSet((eb) => ({ incident_id: eb.ref('excluded.incident_id') }))),
    );
    // 337 = 256 + 64 + 16 + 1 on PostgreSQL; one row at a time on SQLite.
    await store.db.transaction().execute((tx) => upsert.run(tx, rows(337, 'inc-a')));
    await store.db.transaction().execute((tx) => upsert.run(tx, rows(5, 'inc-b')));
    // Outside a transaction (through Kysely's executor on either engine).
    await upsert.run(store.db, rows(2, 'inc-c'));
    const counts = await store.db
      .selectFrom('incident_members')
      .select(['incident_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('incident_id')
      .orderBy('incident_id')
      .execute();
    expect(counts.map((c) => [c.incident_id, Number(c.n)])).toEqual([
      ['inc-a', 332],
      ['inc-b', 3],
      ['inc-c', 2],
    ]);
    const one = await store.db.selectFrom('incident_members').selectAll().where('alarm_id', '=', 'al-336').executeTakeFirstOrThrow();
    expect(one).toEqual({ alarm_id: 'al-336', incident_id: 'inc-a', resource: 'node-0', joined_at: '2026-01-01T00:00:36.000Z' });
  });

  it('refuses a statement that binds more than the rows', () => {
    const bad = rowStatement<IncidentMembersTable>(store.db, [...COLUMNS], (rs) =>
      store.db
        .insertInto('incident_members')
        .values(rs)
        .onConflict((oc) => oc.column('alarm_id').doUpdateSet({ resource: 'moved' })),
    );
    // 'moved' is a parameter the rows do not supply: caught when the shape is built.
    return expect(store.db.transaction().execute((tx) => bad.run(tx, rows(1, 'inc-c')))).rejects.toThrow(/5 parameters for 1 rows of 4 columns/);
  });
});
