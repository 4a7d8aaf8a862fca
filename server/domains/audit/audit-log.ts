import { createHash } from 'node:crypto';
import { PostgresAdapter, sql, type Kysely, type Selectable } from 'kysely';
import type { Clock } from '../../core/clock.js';
import type { ActorKind, AuditLogTable, Database } from '../../store/database.js';
import { decodeCursor, pageFrom, type Page } from '../../store/cursor.js';
import { canonicalJson } from './canonical-json.js';

export interface AuditRecordInput {
  actor: string;
  actorKind: ActorKind;
  action: string;
  target?: string | null;
  details?: Record<string, unknown>;
  ip?: string | null;
}

export interface AuditRecord {
  seq: number;
  at: string;
  actor: string;
  actorKind: ActorKind;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  ip: string | null;
  prevHash: string;
  hash: string;
}

export interface AuditListQuery {
  limit: number;
  cursor?: string | undefined;
  action?: string | undefined;
  actor?: string | undefined;
}

export interface AuditVerifyResult {
  ok: boolean;
  /** Records checked, up to and including the first bad one. */
  checked: number;
  firstBadSeq: number | null;
}

export interface AuditLog {
  /** Appends one record; appends are serialised, so the chain never forks. */
  record(entry: AuditRecordInput): Promise<void>;
  /** Newest first. */
  list(page: AuditListQuery): Promise<Page<AuditRecord>>;
  /** Walks the whole chain from the first record, recomputing every hash. */
  verify(): Promise<AuditVerifyResult>;
}

/** The `prev_hash` of the first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** Any PostgreSQL aggregator appending to the same store waits on this advisory lock. */
const PG_APPEND_LOCK = 74_200_001;
const VERIFY_BATCH = 1000;
/** Defence in depth: callers must not log secrets, and these keys are blanked if they do. */
const SECRET_KEY = /passw(or)?d|secret|token/i;

export function hashOf(prevHash: string, r: Omit<AuditRecord, 'prevHash' | 'hash'>): string {
  const body = canonicalJson({
    seq: r.seq,
    at: r.at,
    actor: r.actor,
    actorKind: r.actorKind,
    action: r.action,
    target: r.target,
    details: r.details,
    ip: r.ip,
  });
  return createHash('sha256').update(prevHash + body).digest('hex');
}

export function createAuditLog(db: Kysely<Database>, wallClock: Clock): AuditLog {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  // Each append waits for the previous one: a promise chain, isolated from earlier failures.
  let tail: Promise<unknown> = Promise.resolve();

  async function append(entry: AuditRecordInput): Promise<void> {
    await db.transaction().execute(async (trx) => {
      if (postgres) await sql`select pg_advisory_xact_lock(${PG_APPEND_LOCK})`.execute(trx);
      const last = await trx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
      const record = {
        // seq is assigned here rather than by the database so the hash can cover it.
        seq: (last?.seq ?? 0) + 1,
        at: new Date(wallClock.now()).toISOString(),
        actor: entry.actor,
        actorKind: entry.actorKind,
        action: entry.action,
        target: entry.target ?? null,
        details: JSON.parse(canonicalJson(redact(entry.details ?? {}))) as Record<string, unknown>,
        ip: entry.ip ?? null,
      };
      const prevHash = last?.hash ?? GENESIS_HASH;
      await trx
        .insertInto('audit_log')
        .values({
          seq: record.seq,
          at: record.at,
          actor: record.actor,
          actor_kind: record.actorKind,
          action: record.action,
          target: record.target,
          details: canonicalJson(record.details),
          ip: record.ip,
          prev_hash: prevHash,
          hash: hashOf(prevHash, record),
        })
        .execute();
    });
  }

  return {
    record(entry) {
      const run = tail.then(() => append(entry));
      tail = run.catch(() => undefined);
      return run;
    },

    async list({ limit, cursor, action, actor }) {
      let q = db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(limit + 1);
      if (cursor) q = q.where('seq', '<', decodeCursor(cursor, ['number'])[0] as number);
      if (action) q = q.where('action', '=', action);
      if (actor) q = q.where('actor', '=', actor);
      const rows = await q.execute();
      return pageFrom(rows.map(toRecord), limit, (r) => [r.seq]);
    },

    async verify() {
      let expectedPrev = GENESIS_HASH;
      let after = 0;
      let checked = 0;
      for (;;) {
        const rows = await db
          .selectFrom('audit_log')
          .selectAll()
          .where('seq', '>', after)
          .orderBy('seq', 'asc')
          .limit(VERIFY_BATCH)
          .execute();
        for (const row of rows) {
          checked++;
          if (!rowIsValid(row, expectedPrev)) return { ok: false, checked, firstBadSeq: row.seq };
          expectedPrev = row.hash;
          after = row.seq;
        }
        if (rows.length < VERIFY_BATCH) return { ok: true, checked, firstBadSeq: null };
      }
    },
  };
}

function rowIsValid(row: Selectable<AuditLogTable>, expectedPrev: string): boolean {
  if (row.prev_hash !== expectedPrev) return false;
  try {
    return hashOf(row.prev_hash, toRecord(row)) === row.hash;
  } catch {
    return false; // details no longer parse: the row was edited
  }
}

function toRecord(row: Selectable<AuditLogTable>): AuditRecord {
  return {
    seq: Number(row.seq),
    at: row.at,
    actor: row.actor,
    actorKind: row.actor_kind,
    action: row.action,
    target: row.target,
    details: JSON.parse(row.details) as Record<string, unknown>,
    ip: row.ip,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

function redact(details: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(details)) {
    out[k] = SECRET_KEY.test(k) ? '[redacted]' : v !== null && typeof v === 'object' && !Array.isArray(v) ? redact(v as Record<string, unknown>) : v;
  }
  return out;
}
