import type { Kysely } from 'kysely';
import type { Principal } from '../../core/auth/principal.js';
import type { Clock } from '../../core/clock.js';
import type { AnyRoute } from '../../core/http/route.js';
import type { Database } from '../../store/database.js';
import type { AuditLog } from '../audit/audit-log.js';
import { bootstrapIdentity, type BootstrapOptions, type BootstrapResult } from './bootstrap-identity.js';
import type { SessionEndedEvent, SessionRefreshedEvent } from './identity-events.js';
import { identityRoutes } from './identity-routes.js';
import { createIdentityService, type IdentityService } from './identity-service.js';
import { createKyselyIdentityRepositories } from './kysely-identity-repositories.js';
import { launchAuthenticator } from './launch-credential.js';

export type { SessionEndedEvent, SessionRefreshedEvent } from './identity-events.js';
export type { IdentityService, SessionGrant } from './identity-service.js';
export type { BootstrapOptions, BootstrapResult } from './bootstrap-identity.js';
export { DEMO_ACCOUNTS, DEMO_ADMIN_PASSWORD, DEMO_PASSWORD, DEMO_TENANTS, type DemoAccount } from './demo-accounts.js';
export { DEFAULT_SESSION_TTL_MS } from './identity-service.js';

export interface IdentityDeps {
  db: Kysely<Database>;
  /** Wall time: session and credential expiry, login rate limits. */
  wallClock: Clock;
  audit: Pick<AuditLog, 'record'>;
  /** Default one hour. */
  sessionTtlMs?: number | undefined;
  /** The desktop shell's per-launch wall secret (launch-credential.ts). */
  launchToken?: string | undefined;
}

export interface Identity {
  service: IdentityService;
  routes: AnyRoute[];
  authenticate(token: string): Promise<Principal | null>;
  bootstrap(opts: BootstrapOptions): Promise<BootstrapResult>;
  onSessionEnded(listener: (e: SessionEndedEvent) => void): () => void;
  onSessionRefreshed(listener: (e: SessionRefreshedEvent) => void): () => void;
}

/** People, walls and machines: who they are, how they sign in, and the routes that manage them. */
export function createIdentity(deps: IdentityDeps): Identity {
  const repos = createKyselyIdentityRepositories(deps.db);
  const service = createIdentityService({ repos, wallClock: deps.wallClock, audit: deps.audit, sessionTtlMs: deps.sessionTtlMs });
  const launch = launchAuthenticator(deps.launchToken);
  return {
    service,
    routes: identityRoutes(service),
    authenticate: async (token) => launch(token) ?? service.authenticate(token),
    bootstrap: (opts) => bootstrapIdentity({ repos, directory: service, audit: deps.audit }, opts),
    onSessionEnded: (l) => service.onSessionEnded(l),
    onSessionRefreshed: (l) => service.onSessionRefreshed(l),
  };
}
