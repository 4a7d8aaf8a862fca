import { randomUUID } from 'node:crypto';
import type { User } from '../../../shared/domain/identity.js';
import { DisplayScopeSchema } from '../../../shared/domain/identity.js';
import type { Principal } from '../../core/auth/principal.js';
import type { Clock } from '../../core/clock.js';
import { AppError, errors } from '../../core/errors.js';
import type { AuditLog } from '../audit/audit-log.js';
import { apiKeyScopes, createCredentialService, type CredentialService } from './credential-service.js';
import { createDirectoryService, type DirectoryService } from './directory-service.js';
import { Listeners, type SessionEndedEvent, type SessionRefreshedEvent } from './identity-events.js';
import type { CredentialRecord, IdentityRepositories, SessionRecord, UserRecord } from './identity-repositories.js';
import { publicUser } from './kysely-identity-repositories.js';
import { LoginRateLimiter, type LoginRateLimiterOptions } from './login-rate-limiter.js';
import { dummyPasswordHash, verifyPassword } from './passwords.js';
import { hashToken, newToken, tokenKindOf } from './tokens.js';

export const DEFAULT_SESSION_TTL_MS = 60 * 60 * 1000;
/** last_used_at is a hint for administrators, not a log: one write per credential per minute. */
const TOUCH_INTERVAL_MS = 60_000;

export interface SessionGrant {
  token: string;
  /** UTC ISO 8601. */
  expiresAt: string;
  user: User;
  sessionId: string;
}

export interface IdentityService extends DirectoryService, CredentialService {
  /** 401 invalid_credentials for unknown user, wrong password or disabled account alike; 429 after 5 failures a minute. */
  login(username: string, password: string, ip: string): Promise<SessionGrant>;
  /** Null when unknown, expired (wall clock), revoked, or the user is disabled. */
  authenticate(token: string): Promise<Principal | null>;
  /** A new token and expiry for the same session; the old token stops working. 401 when not a live session token. */
  refresh(token: string): Promise<SessionGrant>;
  logout(sessionId: string): Promise<number>;
  /** Sign out everywhere; returns how many sessions ended. */
  logoutAll(userId: string): Promise<number>;
  onSessionEnded(listener: (e: SessionEndedEvent) => void): () => void;
  onSessionRefreshed(listener: (e: SessionRefreshedEvent) => void): () => void;
}

export interface IdentityServiceDeps {
  repos: IdentityRepositories;
  wallClock: Clock;
  audit: Pick<AuditLog, 'record'>;
  sessionTtlMs?: number | undefined;
  loginLimits?: LoginRateLimiterOptions;
}

export function createIdentityService(deps: IdentityServiceDeps): IdentityService {
  const { repos, wallClock, audit } = deps;
  const ttl = deps.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS;
  const limiter = new LoginRateLimiter(wallClock, deps.loginLimits);
  const ended = new Listeners<SessionEndedEvent>();
  const refreshed = new Listeners<SessionRefreshedEvent>();
  const iso = (ms: number) => new Date(ms).toISOString();

  async function endSessions(ids: readonly string[]): Promise<number> {
    const gone = await repos.sessions.delete(ids);
    const byUser = new Map<string, string[]>();
    for (const s of gone) byUser.set(s.userId, [...(byUser.get(s.userId) ?? []), s.id]);
    for (const [userId, sessionIds] of byUser) ended.emit({ kind: 'sessions', sessionIds, userId, reason: 'signed-out' });
    return gone.length;
  }

  const logoutAll = async (userId: string) => endSessions(await repos.sessions.idsOfUser(userId));

  /** A session token's session and user, when both are still good right now. */
  async function liveSession(token: string): Promise<{ session: SessionRecord; user: UserRecord } | null> {
    const session = await repos.sessions.getByTokenHash(hashToken(token));
    if (!session || Date.parse(session.expiresAt) <= wallClock.now()) return null;
    const user = await repos.users.get(session.userId);
    if (!user || user.disabled) return null;
    return { session, user };
  }

  async function liveCredential(token: string, kind: CredentialRecord['kind']): Promise<CredentialRecord | null> {
    const c = await repos.credentials.getByTokenHash(hashToken(token));
    const now = wallClock.now();
    if (!c || c.kind !== kind || c.revokedAt !== null) return null;
    if (c.expiresAt !== null && Date.parse(c.expiresAt) <= now) return null;
    if (c.lastUsedAt === null || now - Date.parse(c.lastUsedAt) >= TOUCH_INTERVAL_MS) {
      await repos.credentials.touch(c.id, iso(now));
    }
    return c;
  }

  const invalid = () => new AppError(401, 'invalid_credentials', 'wrong username or password');

  return {
    ...createDirectoryService({ repos, wallClock, endSessionsOf: logoutAll }),
    ...createCredentialService({
      repos,
      wallClock,
      revoked: (credentialId) => ended.emit({ kind: 'credential', credentialId, reason: 'revoked' }),
    }),

    async login(username, password, ip) {
      const key = LoginRateLimiter.keyOf(username, ip);
      if (limiter.isBlocked(key)) throw errors.tooMany('too many failed sign-ins; wait a minute and try again');
      const user = await repos.users.getByUsername(username);
      // Unknown users are checked against a dummy hash so timing does not reveal who exists.
      const passwordOk = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
      if (!user || !passwordOk || user.disabled) {
        limiter.recordFailure(key);
        await audit.record({
          actor: 'anonymous',
          actorKind: 'system',
          action: 'auth.login-failed',
          target: `username:${username}`,
          ip,
        });
        throw invalid();
      }
      limiter.recordSuccess(key);
      const now = wallClock.now();
      // Housekeeping on sign-in keeps the sessions table to live sessions without a timer.
      await repos.sessions.deleteExpired(iso(now));
      const token = newToken('session');
      const session: SessionRecord = {
        id: randomUUID(),
        userId: user.id,
        tokenHash: hashToken(token),
        ip,
        createdAt: iso(now),
        expiresAt: iso(now + ttl),
      };
      await repos.sessions.insert(session);
      return { token, expiresAt: session.expiresAt, user: publicUser(user), sessionId: session.id };
    },

    async authenticate(token) {
      switch (tokenKindOf(token)) {
        case 'session': {
          const live = await liveSession(token);
          if (!live) return null;
          const { session, user } = live;
          return {
            kind: 'user',
            userId: user.id,
            username: user.username,
            role: user.role,
            tier: user.tier,
            tenantId: user.tenantId,
            sessionId: session.id,
            expiresAt: Date.parse(session.expiresAt),
          };
        }
        case 'display': {
          const c = await liveCredential(token, 'display');
          const scope = c ? DisplayScopeSchema.safeParse(c.scope) : null;
          if (!c || !scope?.success) return null;
          return {
            kind: 'display',
            credentialId: c.id,
            name: c.name,
            scope: scope.data,
            expiresAt: c.expiresAt === null ? null : Date.parse(c.expiresAt),
          };
        }
        case 'apikey': {
          const c = await liveCredential(token, 'apikey');
          if (!c) return null;
          return { kind: 'apikey', keyId: c.id, name: c.name, scopes: apiKeyScopes(c), tenantId: c.tenantId };
        }
        default:
          return null;
      }
    },

    async refresh(token) {
      const live = tokenKindOf(token) === 'session' ? await liveSession(token) : null;
      if (!live) throw errors.unauthenticated('the session has ended; sign in again');
      const next = newToken('session');
      const expiresMs = wallClock.now() + ttl;
      const rotated = await repos.sessions.rotate(live.session.id, live.session.tokenHash, {
        tokenHash: hashToken(next),
        expiresAt: iso(expiresMs),
      });
      // Another refresh of the same token won the race: this token is already the old one.
      if (!rotated) throw errors.unauthenticated('the session has ended; sign in again');
      refreshed.emit({ sessionId: live.session.id, expiresAt: expiresMs });
      return { token: next, expiresAt: iso(expiresMs), user: publicUser(live.user), sessionId: live.session.id };
    },

    logout: (sessionId) => endSessions([sessionId]),
    logoutAll,
    onSessionEnded: (l) => ended.add(l),
    onSessionRefreshed: (l) => refreshed.add(l),
  };
}
