import type { Kysely, Selectable } from 'kysely';
import type { Silence, SilenceState } from '../../../shared/domain/silences.js';
import type { Database } from '../../store/database.js';
import type { SilencesTable } from '../../store/tables/alarm-tables.js';

/** A silence as stored: its state is derived from source time when read. */
export type StoredSilence = Omit<Silence, 'state'> & { expiredAt: string | null; expiredBy: string | null };

export interface SilenceListFilter {
  /** Only silences scoped to one of these tenants; null = every silence. */
  tenants: readonly string[] | null;
  states: readonly SilenceState[] | null;
  /** Source time, to tell the states apart. */
  now: string;
}

export interface SilenceRepository {
  insert(s: StoredSilence): Promise<void>;
  get(id: string): Promise<StoredSilence | null>;
  /** Not expired at `now` (pending or active). */
  live(now: string, limit: number): Promise<StoredSilence[]>;
  /** Newest first (created_at, id). */
  list(filter: SilenceListFilter, after: [string, string] | null, limit: number): Promise<StoredSilence[]>;
  expire(id: string, at: string, by: string): Promise<boolean>;
}

export function silenceStateOf(s: Pick<StoredSilence, 'startsAt' | 'endsAt' | 'expiredAt'>, now: string): SilenceState {
  if (s.expiredAt !== null || s.endsAt <= now) return 'expired';
  return s.startsAt > now ? 'pending' : 'active';
}

export function createSilenceRepository(db: Kysely<Database>): SilenceRepository {
  return {
    async insert(s) {
      await db
        .insertInto('silences')
        .values({
          id: s.id,
          kind: s.kind,
          labels: s.labels === null ? null : JSON.stringify(s.labels),
          nodes: s.nodes === null ? null : JSON.stringify(s.nodes),
          tenant: s.tenant,
          starts_at: s.startsAt,
          ends_at: s.endsAt,
          reason: s.reason,
          created_by: s.createdBy,
          created_at: s.createdAt,
          expired_at: s.expiredAt,
          expired_by: s.expiredBy,
        })
        .execute();
    },
    async get(id) {
      const r = await db.selectFrom('silences').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? fromRow(r) : null;
    },
    async live(now, limit) {
      const rows = await db.selectFrom('silences').selectAll().where('expired_at', 'is', null).where('ends_at', '>', now).orderBy('ends_at').limit(limit).execute();
      return rows.map(fromRow);
    },
    async list(f, after, limit) {
      if (f.tenants !== null && f.tenants.length === 0) return [];
      let q = db.selectFrom('silences').selectAll();
      if (f.tenants !== null) q = q.where('tenant', 'in', [...f.tenants]);
      if (f.states !== null) {
        const states = f.states;
        q = q.where((eb) =>
          eb.or([
            ...(states.includes('expired') ? [eb.or([eb('expired_at', 'is not', null), eb('ends_at', '<=', f.now)])] : []),
            ...(states.includes('pending') ? [eb.and([eb('expired_at', 'is', null), eb('starts_at', '>', f.now), eb('ends_at', '>', f.now)])] : []),
            ...(states.includes('active') ? [eb.and([eb('expired_at', 'is', null), eb('starts_at', '<=', f.now), eb('ends_at', '>', f.now)])] : []),
          ]),
        );
      }
      if (after) {
        const [created, id] = after;
        q = q.where((eb) => eb.or([eb('created_at', '<', created), eb.and([eb('created_at', '=', created), eb('id', '<', id)])]));
      }
      const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map(fromRow);
    },
    async expire(id, at, by) {
      const r = await db.updateTable('silences').set({ expired_at: at, expired_by: by }).where('id', '=', id).where('expired_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
  };
}

function fromRow(r: Selectable<SilencesTable>): StoredSilence {
  return {
    id: r.id,
    kind: r.kind as Silence['kind'],
    labels: r.labels === null ? null : (JSON.parse(r.labels) as Record<string, string>),
    nodes: r.nodes === null ? null : (JSON.parse(r.nodes) as string[]),
    tenant: r.tenant,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    reason: r.reason,
    createdBy: r.created_by,
    createdAt: r.created_at,
    expiredAt: r.expired_at,
    expiredBy: r.expired_by,
  };
}
