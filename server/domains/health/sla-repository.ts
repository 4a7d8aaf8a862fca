import type { Kysely } from 'kysely';
import type { Database } from '../../store/database.js';
import { DAY_BYTES, type OutageDay } from './outage-history.js';

/** The SLA outage history in the store (architecture.md convention 4: one Kysely implementation, both engines). */
export interface SlaRepository {
  /** Inserts or replaces each (system, day), in one transaction; deletes every day of `removed`. */
  save(days: readonly OutageDay[], removed: readonly string[]): Promise<void>;
  /** Every stored day from `fromDay` on, by system then day. */
  loadSince(fromDay: number): Promise<OutageDay[]>;
  /** Deletes days before `day` (older than any window); returns how many rows went. */
  pruneBefore(day: number): Promise<number>;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

function bitmap(text: string): Uint8Array {
  const out = new Uint8Array(DAY_BYTES);
  out.set(Buffer.from(text, 'base64').subarray(0, DAY_BYTES));
  return out;
}

export function createKyselySlaRepository(db: Kysely<Database>): SlaRepository {
  return {
    async save(days, removed) {
      if (days.length === 0 && removed.length === 0) return;
      await db.transaction().execute(async (tx) => {
        if (removed.length > 0) await tx.deleteFrom('sla_days').where('system', 'in', [...removed]).execute();
        // Few rows per flush (a business system's day changes once a minute); one statement each
        // keeps the SQL the same whatever the count.
        for (const d of days) {
          const row = { system: d.system, day: d.day, observed: b64(d.observed), down: b64(d.down), through_minute: d.through };
          await tx
            .insertInto('sla_days')
            .values(row)
            .onConflict((oc) => oc.columns(['system', 'day']).doUpdateSet({ observed: row.observed, down: row.down, through_minute: row.through_minute }))
            .execute();
        }
      });
    },
    async loadSince(fromDay) {
      const rows = await db.selectFrom('sla_days').selectAll().where('day', '>=', fromDay).orderBy('system').orderBy('day').execute();
      return rows.map((r) => ({ system: r.system, day: Number(r.day), observed: bitmap(r.observed), down: bitmap(r.down), through: Number(r.through_minute) }));
    },
    async pruneBefore(day) {
      const r = await db.deleteFrom('sla_days').where('day', '<', day).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
