import { randomUUID } from 'node:crypto';
import type { Tenant, User } from '../../../shared/domain/identity.js';
import { TENANT_ROLES, type Role, type Tier } from '../../../shared/domain/roles.js';
import type { Clock } from '../../core/clock.js';
import { errors } from '../../core/errors.js';
import type { Page } from '../../store/cursor.js';
import type { IdentityRepositories, PageRequest, UserPatch, UserRecord } from './identity-repositories.js';
import type { TenantCreate, TenantPatch, UserCreate, UserPatchInput } from './identity-schemas.js';
import { publicUser } from './kysely-identity-repositories.js';
import { hashPassword } from './passwords.js';

/** Tenants and users: the administrator's side of identity. */
export interface DirectoryService {
  listTenants(page: PageRequest): Promise<Page<Tenant>>;
  getTenant(id: string): Promise<Tenant>;
  createTenant(input: TenantCreate): Promise<Tenant>;
  updateTenant(id: string, patch: TenantPatch): Promise<Tenant>;
  /** 409 while users or live API keys still belong to it. */
  deleteTenant(id: string): Promise<Tenant>;
  listUsers(page: PageRequest & { tenantId?: string | undefined }): Promise<Page<User>>;
  getUser(id: string): Promise<User>;
  createUser(input: UserCreate): Promise<User>;
  /** Disabling, or changing role, tier, tenant or password, signs the user out everywhere. */
  updateUser(id: string, patch: UserPatchInput): Promise<{ user: User; changed: string[] }>;
  deleteUser(id: string): Promise<User>;
}

export interface DirectoryDeps {
  repos: IdentityRepositories;
  wallClock: Clock;
  /** Ends every session of a user (sign-out everywhere); fires onSessionEnded. */
  endSessionsOf(userId: string): Promise<number>;
}

/** Fields whose change alters what a live session may see or who may hold it. */
const SESSION_ENDING: readonly (keyof UserPatchInput)[] = ['role', 'tier', 'tenantId', 'password', 'disabled'];

export function createDirectoryService({ repos, wallClock, endSessionsOf }: DirectoryDeps): DirectoryService {
  const nowIso = () => new Date(wallClock.now()).toISOString();

  async function tenantOrThrow(id: string): Promise<Tenant> {
    const t = await repos.tenants.get(id);
    if (!t) throw errors.notFound('tenant');
    return t;
  }

  async function userOrThrow(id: string): Promise<UserRecord> {
    const u = await repos.users.get(id);
    if (!u) throw errors.notFound('user');
    return u;
  }

  /** product.md roles: tenant roles name their tenant, operators carry a tier, nobody else has either. */
  async function checkShape(u: { role: Role; tier: Tier | null; tenantId: string | null }): Promise<void> {
    if (TENANT_ROLES.includes(u.role)) {
      if (!u.tenantId) throw errors.badRequest(`role ${u.role} needs a tenantId`);
      if (!(await repos.tenants.get(u.tenantId))) throw errors.badRequest(`tenant ${u.tenantId} does not exist`);
    } else if (u.tenantId !== null) {
      throw errors.badRequest(`role ${u.role} is not bound to a tenant; send tenantId: null`);
    }
    if (u.role === 'operator' && u.tier === null) throw errors.badRequest('operators need a tier (1-4)');
    if (u.role !== 'operator' && u.tier !== null) throw errors.badRequest(`role ${u.role} has no tier; send tier: null`);
  }

  /** Nobody may lock the console out of its own administration. */
  async function keepAnAdmin(before: UserRecord, after: { role: Role; disabled: boolean } | null): Promise<void> {
    const wasActiveAdmin = before.role === 'admin' && !before.disabled;
    const staysActiveAdmin = after !== null && after.role === 'admin' && !after.disabled;
    if (wasActiveAdmin && !staysActiveAdmin && (await repos.users.countEnabledAdmins()) <= 1) {
      throw errors.conflict('this is the last enabled administrator');
    }
  }

  return {
    listTenants: (page) => repos.tenants.list(page),
    getTenant: tenantOrThrow,

    async createTenant(input) {
      const tenant: Tenant = { id: input.id, name: input.name, createdAt: nowIso() };
      await repos.tenants.insert(tenant);
      return tenant;
    },

    async updateTenant(id, patch) {
      const t = await repos.tenants.rename(id, patch.name);
      if (!t) throw errors.notFound('tenant');
      return t;
    },

    async deleteTenant(id) {
      const t = await tenantOrThrow(id);
      const users = await repos.users.countInTenant(id);
      if (users > 0) throw errors.conflict(`tenant ${id} still has ${users} user(s); move or delete them first`);
      const keys = await repos.credentials.countActiveInTenant(id);
      if (keys > 0) throw errors.conflict(`tenant ${id} still has ${keys} API key(s); revoke them first`);
      if (!(await repos.tenants.delete(id))) throw errors.notFound('tenant');
      return t;
    },

    listUsers: (page) => repos.users.list(page),
    getUser: async (id) => publicUser(await userOrThrow(id)),

    async createUser(input) {
      const shape = { role: input.role, tier: input.tier ?? null, tenantId: input.tenantId ?? null };
      await checkShape(shape);
      if (await repos.users.getByUsername(input.username)) throw errors.conflict(`username ${input.username} is taken`);
      const user: UserRecord = {
        id: randomUUID(),
        username: input.username,
        displayName: input.displayName ?? input.username,
        ...shape,
        disabled: input.disabled ?? false,
        createdAt: nowIso(),
        passwordHash: await hashPassword(input.password),
      };
      await repos.users.insert(user);
      return publicUser(user);
    },

    async updateUser(id, input) {
      const before = await userOrThrow(id);
      const after = {
        role: input.role ?? before.role,
        tier: input.tier !== undefined ? input.tier : before.tier,
        tenantId: input.tenantId !== undefined ? input.tenantId : before.tenantId,
        disabled: input.disabled ?? before.disabled,
      };
      await checkShape(after);
      await keepAnAdmin(before, after);
      const patch: UserPatch = { ...after, ...(input.displayName !== undefined ? { displayName: input.displayName } : {}) };
      if (input.password !== undefined) patch.passwordHash = await hashPassword(input.password);
      const updated = await repos.users.update(id, patch, nowIso());
      if (!updated) throw errors.notFound('user');
      const changed = (Object.keys(input) as (keyof UserPatchInput)[])
        .filter((k) => (k === 'password' ? input.password !== undefined : input[k] !== undefined && input[k] !== before[k]))
        .sort();
      if (changed.some((k) => SESSION_ENDING.includes(k))) await endSessionsOf(id);
      return { user: publicUser(updated), changed };
    },

    async deleteUser(id) {
      const before = await userOrThrow(id);
      await keepAnAdmin(before, null);
      // Sign-out first, so the stream hub hears of it; the rows would go with the user anyway.
      await endSessionsOf(id);
      if (!(await repos.users.delete(id))) throw errors.notFound('user');
      return publicUser(before);
    },
  };
}
