import type { Tenant, User } from '../../../shared/domain/identity.js';
import type { CredentialKind } from '../../store/database.js';
import type { Page } from '../../store/cursor.js';

/**
 * What the identity service needs from storage, and nothing about SQL. One Kysely
 * implementation runs on SQLite and PostgreSQL; the same repository tests run against both.
 * Times are UTC ISO strings. Inserts of a duplicate key throw AppError 409.
 */
export interface IdentityRepositories {
  tenants: TenantRepository;
  users: UserRepository;
  sessions: SessionRepository;
  credentials: CredentialRepository;
}

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

export interface TenantRepository {
  list(page: PageRequest): Promise<Page<Tenant>>;
  get(id: string): Promise<Tenant | null>;
  insert(tenant: Tenant): Promise<void>;
  rename(id: string, name: string): Promise<Tenant | null>;
  /** False when no such tenant. */
  delete(id: string): Promise<boolean>;
}

export interface UserRecord extends User {
  passwordHash: string;
}

export type UserPatch = Partial<Pick<UserRecord, 'displayName' | 'role' | 'tier' | 'tenantId' | 'passwordHash' | 'disabled'>>;

export interface UserRepository {
  /** Ordered by username. */
  list(page: PageRequest & { tenantId?: string | undefined }): Promise<Page<User>>;
  get(id: string): Promise<UserRecord | null>;
  /** Case-insensitive. */
  getByUsername(username: string): Promise<UserRecord | null>;
  insert(user: UserRecord): Promise<void>;
  update(id: string, patch: UserPatch, updatedAt: string): Promise<UserRecord | null>;
  delete(id: string): Promise<boolean>;
  count(): Promise<number>;
  countInTenant(tenantId: string): Promise<number>;
  countEnabledAdmins(): Promise<number>;
}

export interface SessionRecord {
  id: string;
  userId: string;
  tokenHash: string;
  ip: string | null;
  createdAt: string;
  expiresAt: string;
}

export interface SessionRepository {
  insert(session: SessionRecord): Promise<void>;
  getByTokenHash(tokenHash: string): Promise<SessionRecord | null>;
  /** Swaps the token of a session, only if it still has `oldHash` (a second refresh of the same token loses). */
  rotate(id: string, oldHash: string, next: { tokenHash: string; expiresAt: string }): Promise<boolean>;
  idsOfUser(userId: string): Promise<string[]>;
  /** Deletes the given sessions; returns those that existed. */
  delete(ids: readonly string[]): Promise<{ id: string; userId: string }[]>;
  /** Housekeeping: removes sessions that expired before `now`. */
  deleteExpired(now: string): Promise<number>;
}

export interface CredentialRecord {
  id: string;
  kind: CredentialKind;
  name: string;
  tokenHash: string;
  /** Parsed JSON; its shape depends on `kind` and is checked by the service. */
  scope: unknown;
  tenantId: string | null;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface CredentialRepository {
  insert(credential: CredentialRecord): Promise<void>;
  get(id: string): Promise<CredentialRecord | null>;
  getByTokenHash(tokenHash: string): Promise<CredentialRecord | null>;
  /** Oldest first. */
  list(kind: CredentialKind, page: PageRequest): Promise<Page<CredentialRecord>>;
  /** Sets revoked_at once; false when unknown or already revoked. */
  revoke(id: string, at: string): Promise<boolean>;
  touch(id: string, at: string): Promise<void>;
  /** Credentials bound to a tenant that are not revoked. */
  countActiveInTenant(tenantId: string): Promise<number>;
}
