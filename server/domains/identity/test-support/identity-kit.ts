import { ManualClock } from '../../../core/clock.js';
import { openStore, type Store } from '../../../store/open-store.js';
import { createAuditLog, type AuditLog } from '../../audit/audit-log.js';
import { createIdentity, type Identity } from '../index.js';

export const ADMIN_PASSWORD = 'correct horse battery';

export interface IdentityKit {
  store: Store;
  clock: ManualClock;
  audit: AuditLog;
  identity: Identity;
  close(): Promise<void>;
}

/** Identity on an in-memory SQLite store with a manual wall clock and user `admin` bootstrapped. */
export async function createIdentityKit(opts: { sessionTtlMs?: number; bootstrapAdmin?: boolean } = {}): Promise<IdentityKit> {
  const store = await openStore({ url: ':memory:' });
  const clock = new ManualClock();
  const audit = createAuditLog(store.db, clock);
  const identity = createIdentity({ db: store.db, wallClock: clock, audit, sessionTtlMs: opts.sessionTtlMs });
  if (opts.bootstrapAdmin ?? true) await identity.bootstrap({ adminPassword: ADMIN_PASSWORD, demo: false });
  return { store, clock, audit, identity, close: () => store.close() };
}
