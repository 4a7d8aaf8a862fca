import type { AuditLog } from '../audit/audit-log.js';
import { DEMO_ACCOUNTS, DEMO_TENANTS } from './demo-accounts.js';
import type { DirectoryService } from './directory-service.js';
import type { IdentityRepositories } from './identity-repositories.js';

export interface BootstrapOptions {
  /** SKYFORT_ADMIN_PASSWORD: creates user `admin` on a store with no users. */
  adminPassword?: string | undefined;
  /** `--simulate`: also the demo tenants and accounts (admin defaults to the demo password). */
  demo: boolean;
}

export interface BootstrapResult {
  /** Usernames created; empty when the store already had users or nothing was asked for. */
  created: string[];
}

/**
 * First start only: a store that has any user is never touched, so a restart with a different
 * SKYFORT_ADMIN_PASSWORD does not reset anything. Without demo and without a password nothing
 * is created: there is no default password outside the demo.
 */
export async function bootstrapIdentity(
  deps: { repos: IdentityRepositories; directory: DirectoryService; audit: Pick<AuditLog, 'record'> },
  opts: BootstrapOptions,
): Promise<BootstrapResult> {
  const { repos, directory, audit } = deps;
  if ((await repos.users.count()) > 0) return { created: [] };
  const created: string[] = [];
  if (opts.demo) {
    for (const t of DEMO_TENANTS) {
      if (!(await repos.tenants.get(t.id))) await directory.createTenant({ id: t.id, name: t.name });
    }
    for (const a of DEMO_ACCOUNTS) {
      const password = a.username === 'admin' && opts.adminPassword ? opts.adminPassword : a.password;
      await directory.createUser({ ...a, password });
      created.push(a.username);
    }
  } else if (opts.adminPassword) {
    await directory.createUser({ username: 'admin', displayName: 'Administrator', role: 'admin', password: opts.adminPassword });
    created.push('admin');
  }
  if (created.length > 0) {
    await audit.record({
      actor: 'system',
      actorKind: 'system',
      action: 'identity.bootstrap',
      details: { demo: opts.demo, usernames: created },
    });
  }
  return { created };
}
