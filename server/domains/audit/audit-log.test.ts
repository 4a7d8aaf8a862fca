import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.js';
import { openStore, type Store } from '../../store/open-store.js';
import { GENESIS_HASH, createAuditLog, type AuditLog } from './audit-log.js';
import { canonicalJson } from './canonical-json.js';

describe('audit log', () => {
  let store: Store;
  let audit: AuditLog;

  beforeEach(async () => {
    store = await openStore({ url: ':memory:' });
    audit = createAuditLog(store.db, new ManualClock());
  });
  afterEach(async () => {
    await store.close();
  });

  it('can be re-checked by anyone: hash = sha256(prev_hash + canonical JSON of the record)', async () => {
    await audit.record({ actor: 'admin', actorKind: 'user', action: 'tenant.create', target: 'tenant:billing', details: { z: 1, a: [{ b: 2, a: 1 }] } });
    const [r] = (await audit.list({ limit: 1 })).items;
    const body = '{"action":"tenant.create","actor":"admin","actorKind":"user","at":"2026-01-01T00:00:00.000Z","details":{"a":[{"a":1,"b":2}],"z":1},"ip":null,"seq":1,"target":"tenant:billing"}';
    expect(r!.hash).toBe(createHash('sha256').update(GENESIS_HASH + body).digest('hex'));
  });

  it('canonical JSON does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { y: 1, x: 0 }] } })).toBe(canonicalJson({ a: { c: [3, { x: 0, y: 1 }], d: 2 }, b: 1 }));
  });

  it('blanks secrets a careless caller puts in details', async () => {
    await audit.record({ actor: 'admin', actorKind: 'user', action: 'user.update', details: { password: 'hunter22', nested: { apiToken: 'sfk_x' }, changed: ['password'] } });
    const [r] = (await audit.list({ limit: 1 })).items;
    expect(r!.details).toEqual({ password: '[redacted]', nested: { apiToken: '[redacted]' }, changed: ['password'] });
    expect(JSON.stringify(r)).not.toContain('hunter22');
  });

  it('verify() points at the first record edited behind its back (triggers dropped by an intruder)', async () => {
    for (const action of ['a.one', 'a.two', 'a.three', 'a.four']) await audit.record({ actor: 'admin', actorKind: 'user', action });
    await sql`drop trigger audit_log_no_update`.execute(store.db);
    await sql`update audit_log set actor = 'someone-else' where seq = 3`.execute(store.db);
    expect(await audit.verify()).toEqual({ ok: false, checked: 3, firstBadSeq: 3 });
  });

  it('verify() notices a record removed from the middle of the chain', async () => {
    for (const action of ['a.one', 'a.two', 'a.three']) await audit.record({ actor: 'admin', actorKind: 'user', action });
    await sql`drop trigger audit_log_no_delete`.execute(store.db);
    await sql`delete from audit_log where seq = 2`.execute(store.db);
    expect(await audit.verify()).toEqual({ ok: false, checked: 2, firstBadSeq: 3 });
  });

  it('an empty log verifies', async () => {
    expect(await audit.verify()).toEqual({ ok: true, checked: 0, firstBadSeq: null });
  });

  it('a failed append does not block the ones after it', async () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    await expect(audit.record({ actor: 'admin', actorKind: 'user', action: 'bad', details: circular })).rejects.toThrow();
    await audit.record({ actor: 'admin', actorKind: 'user', action: 'good' });
    expect((await audit.list({ limit: 10 })).items.map((r) => r.action)).toEqual(['good']);
  });
});
