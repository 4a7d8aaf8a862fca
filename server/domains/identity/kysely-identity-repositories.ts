import type { Kysely, Selectable } from 'kysely';
import type { Tenant, User } from '../../../shared/domain/identity.js';
import type { Role, Tier } from '../../../shared/domain/roles.js';
import { errors } from '../../core/errors.js';
import { decodeCursor, pageFrom } from '../../store/cursor.js';
import type { CredentialsTable, Database, UsersTable } from '../../store/database.js';
import { isUniqueViolation } from '../../store/db-errors.js';
import type {
  CredentialRecord,
  CredentialRepository,
  IdentityRepositories,
  SessionRecord,
  SessionRepository,
  TenantRepository,
  UserRecord,
  UserRepository,
} from './identity-repositories.js';

export function createKyselyIdentityRepositories(db: Kysely<Database>): IdentityRepositories {
  return {
    tenants: tenantRepository(db),
    users: userRepository(db),
    sessions: sessionRepository(db),
    credentials: credentialRepository(db),
  };
}

async function insertOrConflict(what: string, run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (err) {
    if (isUniqueViolation(err)) throw errors.conflict(`${what} already exists`);
    throw err;
  }
}

/** count(*) is a bigint on PostgreSQL, which pg hands back as a string. */
async function countOf(q: Promise<{ n: string | number | bigint } | undefined>): Promise<number> {
  return Number((await q)?.n ?? 0);
}

function tenantRepository(db: Kysely<Database>): TenantRepository {
  const toTenant = (r: { id: string; name: string; created_at: string }): Tenant => ({ id: r.id, name: r.name, createdAt: r.created_at });
  return {
    async list({ limit, cursor }) {
      let q = db.selectFrom('tenants').selectAll().orderBy('id').limit(limit + 1);
      if (cursor) q = q.where('id', '>', decodeCursor(cursor, ['string'])[0] as string);
      const page = pageFrom(await q.execute(), limit, (r) => [r.id]);
      return { items: page.items.map(toTenant), nextCursor: page.nextCursor };
    },
    async get(id) {
      const r = await db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? toTenant(r) : null;
    },
    insert: (t) =>
      insertOrConflict(`tenant ${t.id}`, () =>
        db.insertInto('tenants').values({ id: t.id, name: t.name, created_at: t.createdAt }).execute(),
      ),
    async rename(id, name) {
      const r = await db.updateTable('tenants').set({ name }).where('id', '=', id).returningAll().executeTakeFirst();
      return r ? toTenant(r) : null;
    },
    async delete(id) {
      const r = await db.deleteFrom('tenants').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}

function toUserRecord(r: Selectable<UsersTable>): UserRecord {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role as Role,
    tier: r.tier === null ? null : (Number(r.tier) as Tier),
    tenantId: r.tenant_id,
    disabled: Number(r.disabled) === 1,
    createdAt: r.created_at,
    passwordHash: r.password_hash,
  };
}

/** The public view: never carries the password hash. */
export function publicUser(u: UserRecord): User {
  const { passwordHash: _hidden, ...user } = u;
  return user;
}

function userRepository(db: Kysely<Database>): UserRepository {
  return {
    async list({ limit, cursor, tenantId }) {
      let q = db.selectFrom('users').selectAll().orderBy('username_key').limit(limit + 1);
      if (cursor) q = q.where('username_key', '>', decodeCursor(cursor, ['string'])[0] as string);
      if (tenantId) q = q.where('tenant_id', '=', tenantId);
      const page = pageFrom(await q.execute(), limit, (r) => [r.username_key]);
      return { items: page.items.map((r) => publicUser(toUserRecord(r))), nextCursor: page.nextCursor };
    },
    async get(id) {
      const r = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? toUserRecord(r) : null;
    },
    async getByUsername(username) {
      const r = await db.selectFrom('users').selectAll().where('username_key', '=', username.toLowerCase()).executeTakeFirst();
      return r ? toUserRecord(r) : null;
    },
    insert: (u) =>
      insertOrConflict(`username ${u.username}`, () =>
        db
          .insertInto('users')
          .values({
            id: u.id,
            username: u.username,
            username_key: u.username.toLowerCase(),
            display_name: u.displayName,
            role: u.role,
            tier: u.tier,
            tenant_id: u.tenantId,
            password_hash: u.passwordHash,
            disabled: u.disabled ? 1 : 0,
            created_at: u.createdAt,
            updated_at: u.createdAt,
          })
          .execute(),
      ),
    async update(id, patch, updatedAt) {
      const r = await db
        .updateTable('users')
        .set({
          updated_at: updatedAt,
          ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
          ...(patch.role !== undefined ? { role: patch.role } : {}),
          ...(patch.tier !== undefined ? { tier: patch.tier } : {}),
          ...(patch.tenantId !== undefined ? { tenant_id: patch.tenantId } : {}),
          ...(patch.passwordHash !== undefined ? { password_hash: patch.passwordHash } : {}),
          ...(patch.disabled !== undefined ? { disabled: patch.disabled ? 1 : 0 } : {}),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return r ? toUserRecord(r) : null;
    },
    async delete(id) {
      const r = await db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    count: () => countOf(db.selectFrom('users').select((e) => e.fn.countAll().as('n')).executeTakeFirst()),
    countInTenant: (tenantId) =>
      countOf(db.selectFrom('users').select((e) => e.fn.countAll().as('n')).where('tenant_id', '=', tenantId).executeTakeFirst()),
    countEnabledAdmins: () =>
      countOf(
        db
          .selectFrom('users')
          .select((e) => e.fn.countAll().as('n'))
          .where('role', '=', 'admin')
          .where('disabled', '=', 0)
          .executeTakeFirst(),
      ),
  };
}

function sessionRepository(db: Kysely<Database>): SessionRepository {
  const toSession = (r: Selectable<Database['sessions']>): SessionRecord => ({
    id: r.id,
    userId: r.user_id,
    tokenHash: r.token_hash,
    ip: r.ip,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
  });
  return {
    insert: (s) =>
      insertOrConflict('session', () =>
        db
          .insertInto('sessions')
          .values({ id: s.id, user_id: s.userId, token_hash: s.tokenHash, ip: s.ip, created_at: s.createdAt, expires_at: s.expiresAt })
          .execute(),
      ),
    async getByTokenHash(tokenHash) {
      const r = await db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return r ? toSession(r) : null;
    },
    async rotate(id, oldHash, next) {
      const r = await db
        .updateTable('sessions')
        .set({ token_hash: next.tokenHash, expires_at: next.expiresAt })
        .where('id', '=', id)
        .where('token_hash', '=', oldHash)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async idsOfUser(userId) {
      const rows = await db.selectFrom('sessions').select('id').where('user_id', '=', userId).orderBy('created_at').execute();
      return rows.map((r) => r.id);
    },
    async delete(ids) {
      if (ids.length === 0) return [];
      const rows = await db.deleteFrom('sessions').where('id', 'in', [...ids]).returning(['id', 'user_id']).execute();
      return rows.map((r) => ({ id: r.id, userId: r.user_id }));
    },
    async deleteExpired(now) {
      const r = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}

function toCredential(r: Selectable<CredentialsTable>): CredentialRecord {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    tokenHash: r.token_hash,
    scope: JSON.parse(r.scope) as unknown,
    tenantId: r.tenant_id,
    createdBy: r.created_by,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
    lastUsedAt: r.last_used_at,
  };
}

function credentialRepository(db: Kysely<Database>): CredentialRepository {
  return {
    insert: (c) =>
      insertOrConflict('credential', () =>
        db
          .insertInto('credentials')
          .values({
            id: c.id,
            kind: c.kind,
            name: c.name,
            token_hash: c.tokenHash,
            scope: JSON.stringify(c.scope),
            tenant_id: c.tenantId,
            created_by: c.createdBy,
            created_at: c.createdAt,
            expires_at: c.expiresAt,
            revoked_at: c.revokedAt,
            last_used_at: c.lastUsedAt,
          })
          .execute(),
      ),
    async get(id) {
      const r = await db.selectFrom('credentials').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? toCredential(r) : null;
    },
    async getByTokenHash(tokenHash) {
      const r = await db.selectFrom('credentials').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return r ? toCredential(r) : null;
    },
    async list(kind, { limit, cursor }) {
      let q = db.selectFrom('credentials').selectAll().where('kind', '=', kind).orderBy('created_at').orderBy('id').limit(limit + 1);
      if (cursor) {
        const [at, id] = decodeCursor(cursor, ['string', 'string']) as [string, string];
        q = q.where((e) => e.or([e('created_at', '>', at), e.and([e('created_at', '=', at), e('id', '>', id)])]));
      }
      const page = pageFrom(await q.execute(), limit, (r) => [r.created_at, r.id]);
      return { items: page.items.map(toCredential), nextCursor: page.nextCursor };
    },
    async revoke(id, at) {
      const r = await db.updateTable('credentials').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async touch(id, at) {
      await db.updateTable('credentials').set({ last_used_at: at }).where('id', '=', id).execute();
    },
    countActiveInTenant: (tenantId) =>
      countOf(
        db
          .selectFrom('credentials')
          .select((e) => e.fn.countAll().as('n'))
          .where('tenant_id', '=', tenantId)
          .where('revoked_at', 'is', null)
          .executeTakeFirst(),
      ),
  };
}
