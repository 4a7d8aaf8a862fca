import { afterEach, describe, expect, it } from 'vitest';
import type { Delta, Snapshot } from '../../shared/protocol/stream.js';
import type { Principal } from '../core/auth/principal.js';
import { MemoryStore, memoryTopicKind, type Item } from './test-support/memory-topic-kind.js';
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
} from './test-support/stream-harness.js';

const item = (id: string, tenant: string | null, value = 1, rank = 0): Item => ({ type: 'item', id, tenant, value, rank });

function display(scopeTopics: string[]): Principal {
  return {
    kind: 'display',
    credentialId: 'd1',
    name: 'wall 1',
    scope: { tenants: null, topics: scopeTopics, views: [] },
    expiresAt: null,
  };
}

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function setup(hubOptions = {}) {
  const store = new MemoryStore();
  store.upsert(item('a1', 'a', 1));
  store.upsert(item('b1', 'b', 2));
  const kind = memoryTopicKind(store, { now: () => T0 });
  h = await startHarness({
    kinds: [kind],
    tokens: {
      'token-ops-000': userPrincipal(),
      'token-a-00000': tenantPrincipal('a'),
      'token-wall-00': display(['items']),
    },
    hub: hubOptions,
  });
  return { store, kind, h };
}

describe('stream hub: snapshot then deltas', () => {
  it('sends a snapshot on subscribe, then one batched delta per tick with seq + 1', async () => {
    const { store, h } = await setup();
    const c = await h.connect('token-ops-000');
    const m = new Mirror(c);
    const ack = await subscribe(c, ['items']);
    expect(ack).toEqual({ ok: true, results: [{ topic: 'items', ok: true }] });
    // The snapshot arrives before the ack.
    const s0 = m.get('items');
    expect(s0.seq).toBe(0);
    expect(Object.keys(s0.entities).sort()).toEqual(['a1', 'b1', 'summary']);

    // Many changes between two ticks travel as one delta.
    store.upsert(item('a2', 'a', 5));
    store.upsert(item('a1', 'a', 7));
    store.remove('b1');
    h.hub.tick();
    const s1 = await m.reach('items', 1);
    expect(s1.deltas).toHaveLength(1);
    const d1 = s1.deltas[0]!;
    expect(d1.epoch).toBe(s0.epoch);
    expect(Object.keys(d1.changes.upserts).sort()).toEqual(['a1', 'a2', 'summary']);
    expect(d1.changes.removes).toEqual(['b1']);

    // No change, no delta, no seq.
    h.hub.tick();
    store.upsert(item('a3', 'a'));
    h.hub.tick();
    const s2 = await m.reach('items', 2);
    expect(s2.deltas.map((d) => d.seq)).toEqual([1, 2]);
    expect(s2.gaps).toBe(0);
    expect(h.hub.stats().deltasBroadcast).toBe(2);
  });

  it('broadcasts each audience delta once per tick, not once per socket', async () => {
    const { store, h } = await setup();
    const clients = await Promise.all([1, 2, 3].map(() => h.connect('token-ops-000')));
    const mirrors = clients.map((c) => new Mirror(c));
    for (const c of clients) await subscribe(c, ['items']);
    store.upsert(item('a9', 'a'));
    h.hub.tick();
    for (const m of mirrors) await m.reach('items', 1);
    expect(h.hub.stats().deltasBroadcast).toBe(1);
    const metric = await h.registry.getSingleMetric('skyfort_stream_deltas_total')!.get();
    expect(metric.values[0]!.value).toBe(1);
    // The same delta object went to everyone.
    expect(mirrors[1]!.get('items').deltas[0]).toEqual(mirrors[0]!.get('items').deltas[0]);
  });

  it('keeps the top N in bounded topics and says the snapshot is incomplete', async () => {
    const store = new MemoryStore();
    for (let i = 0; i < 20; i++) store.upsert(item(`i${i}`, 'a', i, i));
    h = await startHarness({
      kinds: [memoryTopicKind(store, { now: () => T0 }, { topLimit: 5 })],
      tokens: { 'token-ops-000': userPrincipal() },
    });
    const c = await h.connect('token-ops-000');
    const snap = new Promise<Snapshot>((r) => c.once('snapshot', r));
    await subscribe(c, ['top']);
    const s = await snap;
    expect(s.data.complete).toBe(false);
    expect(s.data.total).toBe(20);
    expect(Object.keys(s.data.entities).sort()).toEqual(['i15', 'i16', 'i17', 'i18', 'i19', 'summary']);
    const next = new Promise<Delta>((r) => c.once('delta', r));
    store.upsert(item('i3', 'a', 50, 100)); // climbs into the top 5, pushes i15 out
    h.hub.tick();
    const d = await next;
    expect(Object.keys(d.changes.upserts).sort()).toEqual(['i3', 'summary']);
    expect(d.changes.removes).toEqual(['i15']);
  });
});

describe('stream hub: refusals never break the server', () => {
  it('refuses a bad handshake token with a code', async () => {
    const { h } = await setup();
    const err = await h.connect('no-such-token').then(
      () => null,
      (e: Error & { data?: { code: string } }) => e,
    );
    expect(err?.message).toBe('unauthenticated');
    expect(err?.data).toEqual({ code: 'unauthenticated' });
  });

  it('answers unknown, forbidden, invalid and over-cap requests with error acks', async () => {
    const { store, h } = await setup({ maxSubscriptions: 3 });
    const c = await h.connect('token-a-00000');
    const m = new Mirror(c);

    const unknown = await subscribe(c, ['nosuch', 'items']);
    expect(unknown.ok && unknown.results).toEqual([
      { topic: 'nosuch', ok: false, error: { code: 'unknown_topic', message: expect.any(String) } },
      { topic: 'items', ok: true },
    ]);
    const restricted = await subscribe(c, ['items:restricted']);
    expect(restricted.ok && restricted.results[0]?.error?.code).toBe('forbidden');

    for (const bad of [{ topics: 'items' }, { topics: [] }, { topics: ['BAD TOPIC'] }, { topic: 'items' }, null, 'x']) {
      const ack = await request(c, 'subscribe', bad);
      expect(ack).toEqual({ ok: false, error: { code: 'validation_failed', message: expect.any(String) } });
    }
    expect(await request(c, 'resume', { topic: 'items', epoch: 'e', seq: -1 })).toMatchObject({
      ok: false,
      error: { code: 'validation_failed' },
    });
    expect(await request(c, 'resync', { topic: 'top' })).toMatchObject({ ok: false, error: { code: 'not_subscribed' } });
    expect(await request(c, 'auth:refresh', { token: 'short' })).toMatchObject({ ok: false });

    // No ack callback: ignored, nothing breaks.
    (c as unknown as { emit(ev: string, p: unknown): void }).emit('subscribe', { topics: ['items:x'] });
    (c as unknown as { emit(ev: string): void }).emit('resume');

    const capped = await subscribe(c, ['items:1', 'items:2', 'items:3']);
    expect(capped.ok && capped.results.map((r) => r.error?.code ?? 'ok')).toEqual([
      'ok',
      'ok',
      'too_many_subscriptions',
    ]);

    // Still serving: the earlier subscription gets its delta.
    store.upsert(item('a5', 'a'));
    h.hub.tick();
    await m.reach('items', 1);
    expect(c.connected).toBe(true);
    expect((await request(c, 'unsubscribe', { topics: ['items:1', 'never'] })).ok).toBe(true);
  });

  it('rate-limits snapshot requests per socket on the wall clock', async () => {
    const { store, h } = await setup();
    const c = await h.connect('token-ops-000');
    const m = new Mirror(c);
    await subscribe(c, ['items']); // 1 of 128 tokens
    const codes: string[] = [];
    for (let i = 0; i < 140; i++) {
      const ack = await request(c, 'resync', { topic: 'items' });
      codes.push(ack.ok ? 'ok' : ack.error.code);
    }
    expect(codes.filter((x) => x === 'ok')).toHaveLength(127);
    expect(codes.filter((x) => x === 'rate_limited')).toHaveLength(13);
    h.wall.advance(1_000); // 6.4 tokens back
    expect((await request(c, 'resync', { topic: 'items' })).ok).toBe(true);
    // Deltas are not rate-limited: the socket keeps following its topic.
    store.upsert(item('a8', 'a'));
    h.hub.tick();
    await m.reach('items', 1);
  });

  it('narrows a display credential to its scope', async () => {
    const { h } = await setup();
    const c = await h.connect('token-wall-00');
    const ack = await subscribe(c, ['items', 'top']);
    expect(ack.ok && ack.results.map((r) => r.error?.code ?? 'ok')).toEqual(['ok', 'forbidden']);
  });

  it('keeps other topics flowing when a feed throws', async () => {
    const { store, kind, h } = await setup();
    const c = await h.connect('token-ops-000');
    const m = new Mirror(c);
    await subscribe(c, ['items', 'items:other']);
    kind.feeds.get('items')!.failNextDrain = true;
    store.upsert(item('a7', 'a'));
    h.hub.tick();
    await m.reach('items:other', 1);
    expect(m.get('items').seq).toBe(0);
    // The lost drain is made up by a full re-diff on the next tick.
    h.hub.tick();
    const s = await m.reach('items', 1);
    expect(s.entities['a7']).toBeDefined();
  });

  it('drops idle views after viewIdleMs and disposes their feed', async () => {
    const { kind, h } = await setup({ viewIdleMs: 10_000 });
    const c = await h.connect('token-ops-000');
    await subscribe(c, ['items']);
    expect(h.hub.stats().views).toBe(1);
    await request(c, 'unsubscribe', { topics: ['items'] });
    h.wall.advance(9_000);
    h.hub.tick();
    expect(h.hub.stats().views).toBe(1);
    h.wall.advance(1_000);
    h.hub.tick();
    expect(h.hub.stats()).toMatchObject({ views: 0, feeds: 0 });
    expect(kind.feeds.get('items')!.disposed).toBe(true);
  });

  it('registers its metrics on the given registry', async () => {
    const { h } = await setup();
    const c = await h.connect('token-ops-000');
    await subscribe(c, ['items']);
    h.hub.tick();
    const text = await h.registry.metrics();
    for (const name of [
      'skyfort_stream_clients 1',
      'skyfort_stream_views 1',
      'skyfort_stream_deltas_total',
      'skyfort_stream_snapshots_total{reason="subscribe"} 1',
      'skyfort_stream_dropped_backlogs_total 0',
      'skyfort_stream_tick_duration_seconds_count 1',
    ]) {
      expect(text).toContain(name);
    }
    await until(() => true);
  });
});
