import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStore, memoryTopicKind } from './test-support/memory-topic-kind.js';
import {
  Mirror,
  request,
  startHarness,
  subscribe,
  tenantPrincipal,
  until,
  userPrincipal,
  T0,
  type Harness,
  type TestClient,
} from './test-support/stream-harness.js';

const MINUTE = 60_000;

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function setup() {
  const store = new MemoryStore();
  store.upsert({ type: 'item', id: 'a1', tenant: 'a', value: 1, rank: 0 });
  store.upsert({ type: 'item', id: 'b1', tenant: 'b', value: 1, rank: 0 });
  h = await startHarness({
    kinds: [memoryTopicKind(store, { now: () => T0 })],
    tokens: {
      'token-u1-first': userPrincipal({ userId: 'u1', sessionId: 's1', expiresAt: T0 + MINUTE }),
      'token-u1-second': userPrincipal({ userId: 'u1', sessionId: 's2', expiresAt: T0 + 10 * MINUTE }),
      'token-u1-later': userPrincipal({ userId: 'u1', sessionId: 's1', expiresAt: T0 + 60 * MINUTE }),
      'token-u2-00000': userPrincipal({ userId: 'u2', sessionId: 's3', expiresAt: T0 + 60 * MINUTE }),
      'token-expired0': userPrincipal({ userId: 'u1', sessionId: 's4', expiresAt: T0 - 1 }),
      'token-ta-00000': tenantPrincipal('a', { userId: 'u5', sessionId: 's5' }),
      'token-tb-00000': tenantPrincipal('b', { userId: 'u5', sessionId: 's5' }),
      'token-key-0000': { kind: 'apikey', keyId: 'k1', name: 'pusher', scopes: ['ingest:write'], tenantId: null },
    },
  });
  return { store, h };
}

function ended(c: TestClient): Promise<{ reason: string; disconnect: string }> {
  return new Promise((resolve) => {
    c.once('auth:ended', (e) => c.once('disconnect', (why) => resolve({ reason: e.reason, disconnect: why })));
  });
}

describe('stream credentials', () => {
  it('refuses expired credentials and API keys at the handshake', async () => {
    const { h } = await setup();
    await expect(h.connect('token-expired0')).rejects.toMatchObject({ data: { code: 'unauthenticated' } });
    await expect(h.connect('token-key-0000')).rejects.toMatchObject({ data: { code: 'forbidden' } });
  });

  it('ends a socket whose credential expired on the wall clock', async () => {
    const { h } = await setup();
    const c = await h.connect('token-u1-first');
    await subscribe(c, ['items']);
    const end = ended(c);
    h.wall.advance(MINUTE - 1);
    h.hub.tick();
    expect(c.connected).toBe(true);
    h.wall.advance(1);
    h.hub.tick();
    expect(await end).toEqual({ reason: 'expired', disconnect: 'io server disconnect' });
    await until(() => h.hub.stats().clients === 0);
    expect(h.hub.stats().subscriptions).toBe(0);
  });

  it('keeps a socket whose credential was refreshed with auth:refresh', async () => {
    const { store, h } = await setup();
    const c = await h.connect('token-u1-first');
    const m = new Mirror(c);
    await subscribe(c, ['items']);
    expect(await request(c, 'auth:refresh', { token: 'token-u1-later' })).toEqual({
      ok: true,
      expiresAt: new Date(T0 + 60 * MINUTE).toISOString(),
    });
    h.wall.advance(30 * MINUTE);
    store.upsert({ type: 'item', id: 'a2', tenant: 'a', value: 2, rank: 0 });
    h.hub.tick();
    await m.reach('items', 1);
    expect(c.connected).toBe(true);
  });

  it('refuses a refresh with someone else’s or an invalid credential', async () => {
    const { h } = await setup();
    const c = await h.connect('token-u1-first');
    expect(await request(c, 'auth:refresh', { token: 'token-u2-00000' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await request(c, 'auth:refresh', { token: 'token-nonsense' })).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
    // The old credential still rules: it expires as before.
    const end = ended(c);
    h.wall.advance(MINUTE);
    h.hub.tick();
    expect((await end).reason).toBe('expired');
  });

  it('moves expiry with refreshSession (a refresh over REST)', async () => {
    const { h } = await setup();
    const c = await h.connect('token-u1-first');
    expect(h.hub.refreshSession('s1', T0 + 5 * MINUTE)).toBe(1);
    expect(h.hub.refreshSession('nope', T0)).toBe(0);
    h.wall.advance(2 * MINUTE);
    h.hub.tick();
    expect(c.connected).toBe(true);
    const end = ended(c);
    h.wall.advance(3 * MINUTE);
    h.hub.tick();
    expect((await end).reason).toBe('expired');
  });

  it('ends every socket of a user with endSessions (sign-out everywhere)', async () => {
    const { h } = await setup();
    const a = await h.connect('token-u1-first');
    const b = await h.connect('token-u1-second');
    const other = await h.connect('token-u2-00000');
    const endA = ended(a);
    const endB = ended(b);
    expect(h.hub.endSessions((p) => p.kind === 'user' && p.userId === 'u1', 'signed-out')).toBe(2);
    expect((await endA).reason).toBe('signed-out');
    expect((await endB).reason).toBe('signed-out');
    expect(other.connected).toBe(true);
    await until(() => h.hub.stats().clients === 1);
  });

  it('moves subscriptions to the new audience when a refresh changes it', async () => {
    const { h } = await setup();
    const c = await h.connect('token-ta-00000');
    const m = new Mirror(c);
    await subscribe(c, ['items']);
    expect(Object.keys(m.get('items').entities).sort()).toEqual(['a1', 'summary']);
    expect((await request(c, 'auth:refresh', { token: 'token-tb-00000' })).ok).toBe(true);
    await until(() => m.get('items').snapshots === 2);
    expect(Object.keys(m.get('items').entities).sort()).toEqual(['b1', 'summary']);
  });
});
