import type { Generated } from 'kysely';
import type { AlarmTables } from './tables/alarm-tables.js';
import type { DashboardTables } from './tables/dashboard-tables.js';
import type { IncidentTables } from './tables/incident-tables.js';
import type { SlaTables } from './tables/sla-tables.js';

/**
 * The store's tables as Kysely sees them. Column types are the portable subset both dialects
 * share: timestamps are UTC ISO 8601 text (sorts like time, reads the same on SQLite and
 * PostgreSQL), booleans are integer 0/1, JSON is text. Repositories convert to domain types.
 */
export interface Database extends AlarmTables, IncidentTables, DashboardTables, SlaTables {
  tenants: TenantsTable;
  users: UsersTable;
  sessions: SessionsTable;
  credentials: CredentialsTable;
  audit_log: AuditLogTable;
}

/** ISO 8601 UTC, e.g. `2026-01-01T00:00:00.000Z`. */
export type IsoTime = string;
/** 0 or 1. */
export type Flag = number;

export interface TenantsTable {
  id: string;
  name: string;
  created_at: IsoTime;
}

export interface UsersTable {
  id: string;
  username: string;
  /** lower(username): uniqueness and sign-in ignore case, so `Admin` cannot shadow `admin`. */
  username_key: string;
  display_name: string;
  role: string;
  tier: number | null;
  tenant_id: string | null;
  /** `scrypt$N$r$p$salt$hash`, see passwords.ts. */
  password_hash: string;
  disabled: Flag;
  created_at: IsoTime;
  updated_at: IsoTime;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  /** sha256 of the current token; replaced on refresh, so the old token stops working. */
  token_hash: string;
  ip: string | null;
  created_at: IsoTime;
  expires_at: IsoTime;
}

export type CredentialKind = 'display' | 'apikey';

export interface CredentialsTable {
  id: string;
  kind: CredentialKind;
  name: string;
  token_hash: string;
  /** JSON: a DisplayScope for displays, the scope list for API keys. */
  scope: string;
  /** API keys may be bound to one tenant. */
  tenant_id: string | null;
  created_by: string;
  created_at: IsoTime;
  expires_at: IsoTime | null;
  revoked_at: IsoTime | null;
  last_used_at: IsoTime | null;
}

export type ActorKind = 'user' | 'display' | 'apikey' | 'system';

export interface AuditLogTable {
  seq: Generated<number>;
  at: IsoTime;
  actor: string;
  actor_kind: ActorKind;
  action: string;
  target: string | null;
  /** Canonical JSON text. */
  details: string;
  ip: string | null;
  prev_hash: string;
  hash: string;
}

/** The two engines the store runs on: SQLite (embedded default) and PostgreSQL. */
export type StoreDialect = 'sqlite' | 'postgres';
