import { randomUUID } from 'node:crypto';
import { DisplayScopeSchema } from '../../../shared/domain/identity.js';
import { API_KEY_SCOPES, type ApiKeyScope } from '../../../shared/domain/roles.js';
import type { Clock } from '../../core/clock.js';
import { errors } from '../../core/errors.js';
import type { Page } from '../../store/cursor.js';
import type { CredentialKind } from '../../store/database.js';
import type { CredentialRecord, IdentityRepositories, PageRequest } from './identity-repositories.js';
import type { ApiKeyCreate, ApiKeyView, DisplayCredentialCreate, DisplayCredentialView } from './identity-schemas.js';
import { hashToken, newToken } from './tokens.js';

/** Wall displays and machine keys: long-lived, shown once, revocable. */
export interface CredentialService {
  listDisplayCredentials(page: PageRequest): Promise<Page<DisplayCredentialView>>;
  /** The token is in this answer only. */
  createDisplayCredential(input: DisplayCredentialCreate, createdBy: string): Promise<DisplayCredentialView & { token: string }>;
  revokeDisplayCredential(id: string): Promise<DisplayCredentialView>;
  listApiKeys(page: PageRequest): Promise<Page<ApiKeyView>>;
  createApiKey(input: ApiKeyCreate, createdBy: string): Promise<ApiKeyView & { token: string }>;
  revokeApiKey(id: string): Promise<ApiKeyView>;
}

export interface CredentialDeps {
  repos: IdentityRepositories;
  wallClock: Clock;
  /** Fires onSessionEnded for a credential that was live until now. */
  revoked(credentialId: string): void;
}

export function displayView(c: CredentialRecord): DisplayCredentialView {
  return {
    id: c.id,
    name: c.name,
    scope: DisplayScopeSchema.parse(c.scope),
    createdBy: c.createdBy,
    createdAt: c.createdAt,
    expiresAt: c.expiresAt,
    revokedAt: c.revokedAt,
    lastUsedAt: c.lastUsedAt,
  };
}

export function apiKeyScopes(c: CredentialRecord): ApiKeyScope[] {
  const list = Array.isArray(c.scope) ? (c.scope as unknown[]) : [];
  // Scopes no longer known to this version grant nothing rather than failing the key.
  return API_KEY_SCOPES.filter((s) => list.includes(s));
}

export function apiKeyView(c: CredentialRecord): ApiKeyView {
  return {
    id: c.id,
    name: c.name,
    scopes: apiKeyScopes(c),
    tenantId: c.tenantId,
    createdBy: c.createdBy,
    createdAt: c.createdAt,
    revokedAt: c.revokedAt,
    lastUsedAt: c.lastUsedAt,
  };
}

export function createCredentialService({ repos, wallClock, revoked }: CredentialDeps): CredentialService {
  const nowIso = () => new Date(wallClock.now()).toISOString();

  async function tenantsExist(ids: readonly string[]): Promise<void> {
    for (const id of new Set(ids)) {
      if (!(await repos.tenants.get(id))) throw errors.badRequest(`tenant ${id} does not exist`);
    }
  }

  async function issue(kind: CredentialKind, fields: Pick<CredentialRecord, 'name' | 'scope' | 'tenantId' | 'expiresAt' | 'createdBy'>) {
    const token = newToken(kind === 'display' ? 'display' : 'apikey');
    const record: CredentialRecord = {
      id: randomUUID(),
      kind,
      tokenHash: hashToken(token),
      createdAt: nowIso(),
      revokedAt: null,
      lastUsedAt: null,
      ...fields,
    };
    await repos.credentials.insert(record);
    return { record, token };
  }

  async function revoke(kind: CredentialKind, id: string): Promise<CredentialRecord> {
    const c = await repos.credentials.get(id);
    // A display id used on the API-key route (or the reverse) is not found there.
    if (!c || c.kind !== kind) throw errors.notFound(kind === 'display' ? 'display credential' : 'API key');
    // Revoking twice is harmless: the first revocation time is kept.
    if (!c.revokedAt && (await repos.credentials.revoke(id, nowIso()))) revoked(id);
    return (await repos.credentials.get(id)) ?? c;
  }

  async function list<T>(kind: CredentialKind, page: PageRequest, view: (c: CredentialRecord) => T): Promise<Page<T>> {
    const p = await repos.credentials.list(kind, page);
    return { items: p.items.map(view), nextCursor: p.nextCursor };
  }

  return {
    listDisplayCredentials: (page) => list('display', page, displayView),

    async createDisplayCredential(input, createdBy) {
      const expiresAt = input.expiresAt ? new Date(input.expiresAt).toISOString() : null;
      if (expiresAt && Date.parse(expiresAt) <= wallClock.now()) throw errors.badRequest('expiresAt is in the past');
      await tenantsExist(input.scope.tenants ?? []);
      const { record, token } = await issue('display', { name: input.name, scope: input.scope, tenantId: null, expiresAt, createdBy });
      return { ...displayView(record), token };
    },

    revokeDisplayCredential: async (id) => displayView(await revoke('display', id)),

    listApiKeys: (page) => list('apikey', page, apiKeyView),

    async createApiKey(input, createdBy) {
      const tenantId = input.tenantId ?? null;
      if (tenantId) await tenantsExist([tenantId]);
      const scopes = [...new Set(input.scopes)];
      const { record, token } = await issue('apikey', { name: input.name, scope: scopes, tenantId, expiresAt: null, createdBy });
      return { ...apiKeyView(record), token };
    },

    revokeApiKey: async (id) => apiKeyView(await revoke('apikey', id)),
  };
}
