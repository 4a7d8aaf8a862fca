import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStore, memoryTopicKind, type Item } from './test-support/memory-topic-kind.js';
import {
  Mirror,
  freshSnapshot,
  request,
  resume,
  seeded,
  startHarness,
  subscribe,
  tenantPrincipal,
  userPrincipal,
  T0,
  until,
  type Harness,
} from './test-support/stream-harness.js';

const TOKENS = {
  'token-ops-000': userPrincipal(),
  'token-a-00000': tenantPrincipal('a'),
  'token-b-00000': tenantPrincipal('b'),
};
type Token = keyof typeof TOKENS;
const TOPICS = ['items', 'top'];

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Random upserts, replacements, removes and share changes (visibility moves between tenants). */
function mutate(store: MemoryStore, rnd: () => number, next: { id: number }): void {
  const n = Math.floor(rnd() * 10);
  for (let i = 0; i < n; i++) {
    const ids = [...store.items.keys()];
    const pick = ids[Math.floor(rnd() * ids.length)];
    const r = rnd();
    if (r < 0.35 || !pick) {
      const tenant = [null, 'a', 'b'][Math.floor(rnd() * 3)] ?? null;
      store.upsert({ type: 'item', id: `i${next.id++}`, tenant, value: Math.floor(rnd() * 100), rank: rnd() });
    } else if (r < 0.65) {
      store.upsert({ ...store.items.get(pick)!, value: Math.floor(rnd() * 100), rank: rnd() });
    } else if (r < 0.85) {
      store.remove(pick);
    } else {
      store.share(pick, ['a', 'b'].filter(() => rnd() < 0.5));
    }
  }
}

/** Every topic a mirror holds deep-equals a fresh snapshot at the same seq. */
async function expectConverged(harness: Harness, mirror: Mirror, token: Token): Promise<void> {
  for (const topic of TOPICS) {
    const fresh = await freshSnapshot(harness, token, topic);
    const held = await mirror.reach(topic, fresh.seq);
    expect(held.epoch).toBe(fresh.epoch);
    expect(held.seq).toBe(fresh.seq);
    expect(held.entities).toEqual(fresh.data.entities);
    expect(held.gaps).toBe(0);
  }
}

function expectNoForeignItems(mirror: Mirror, tenant: string): void {
  const foreign = mirror.received.filter((e) => (e as Item).type === 'item' && ![tenant, null].includes((e as Item).tenant));
  expect(foreign).toEqual([]);
}

describe('stream convergence over real sockets', () => {
  it('keeps every audience equal to a fresh snapshot through random changes, across a resume', async () => {
    const rnd = seeded(42);
    const store = new MemoryStore();
    const next = { id: 0 };
    for (let i = 0; i < 12; i++) mutate(store, rnd, next);
    h = await startHarness({ kinds: [memoryTopicKind(store, { now: () => T0 }, { topLimit: 6 })], tokens: TOKENS });
    const harness = h;
    const tokens = Object.keys(TOKENS) as Token[];
    const mirrors = new Map<Token, Mirror>();
    for (const token of tokens) {
      const m = new Mirror(await harness.connect(token));
      expect((await subscribe(m.client, TOPICS)).ok).toBe(true);
      mirrors.set(token, m);
    }

    const allReceived = new Map<Token, unknown[]>(tokens.map((t) => [t, []]));
    let gone: { token: Token; state: Mirror['topics'] } | null = null;
    for (let tick = 1; tick <= 90; tick++) {
      mutate(store, rnd, next);
      harness.hub.tick();
      if (tick === 20) {
        // Tenant A's socket drops; its state lives on in the client.
        const m = mirrors.get('token-a-00000')!;
        for (const topic of TOPICS) await m.reach(topic, (await freshSnapshot(harness, 'token-a-00000', topic)).seq);
        gone = { token: 'token-a-00000', state: structuredClone(m.topics) };
        allReceived.get('token-a-00000')!.push(...m.received);
        m.client.disconnect();
      }
      if (tick === 30 && gone) {
        // A new socket resumes where the old one stopped: the missed deltas are replayed.
        const m = new Mirror(await harness.connect(gone.token));
        for (const [topic, state] of gone.state) m.topics.set(topic, state);
        for (const topic of TOPICS) {
          const st = gone.state.get(topic)!;
          const ack = await resume(m.client, topic, st.epoch, st.seq);
          expect(ack).toEqual({ ok: true, mode: 'replay' });
        }
        mirrors.set(gone.token, m);
        gone = null;
      }
      if (tick % 15 === 0) {
        for (const [token, m] of mirrors) await expectConverged(harness, m, token);
      }
    }
    for (const [token, m] of mirrors) await expectConverged(harness, m, token);

    // Tenants only ever received their own items and the shared ones.
    for (const [token, m] of mirrors) allReceived.get(token)!.push(...m.received);
    for (const tenant of ['a', 'b']) {
      const m = { received: allReceived.get(`token-${tenant}-00000` as Token)! } as Mirror;
      expectNoForeignItems(m, tenant);
    }
    // The run really exercised the paths: many deltas per audience, visibility moves, a replay.
    for (const m of mirrors.values()) expect(m.get('items').seq).toBeGreaterThan(40);
    expect(store.visibility).toBeGreaterThan(10);
    expect(harness.hub.stats().replayedDeltas).toBeGreaterThan(0);
    // And the audiences really differ.
    const sets = tokens.map((t) => JSON.stringify(Object.keys(mirrors.get(t)!.get('items').entities).sort()));
    expect(new Set(sets).size).toBe(3);
  });
});

describe('stream resume', () => {
  async function twoClients(hubOptions = {}) {
    const store = new MemoryStore();
    store.upsert({ type: 'item', id: 'x0', tenant: 'a', value: 0, rank: 0 });
    h = await startHarness({ kinds: [memoryTopicKind(store, { now: () => T0 })], tokens: TOKENS, hub: hubOptions });
    const live = new Mirror(await h.connect('token-ops-000'));
    const leaving = new Mirror(await h.connect('token-ops-000'));
    await subscribe(live.client, ['items']);
    await subscribe(leaving.client, ['items']);
    return { store, harness: h, live, leaving };
  }

  function change(store: MemoryStore, n: number): void {
    store.upsert({ type: 'item', id: `x${n}`, tenant: 'a', value: n, rank: 0 });
  }

  it('replays exactly the missed deltas, in order, before the ack', async () => {
    const { store, harness, live, leaving } = await twoClients();
    change(store, 1);
    harness.hub.tick();
    await leaving.reach('items', 1);
    const { epoch } = leaving.get('items');
    leaving.client.disconnect();
    for (let i = 2; i <= 4; i++) {
      change(store, i);
      harness.hub.tick();
    }
    await live.reach('items', 4);

    const back = await harness.connect('token-ops-000');
    const replayed: unknown[] = [];
    back.on('delta', (d) => replayed.push(d));
    back.on('snapshot', () => replayed.push('snapshot'));
    expect(await resume(back, 'items', epoch, 1)).toEqual({ ok: true, mode: 'replay' });
    expect(replayed).toEqual(live.get('items').deltas.slice(1));
    expect(replayed.map((d) => (d as { seq: number }).seq)).toEqual([2, 3, 4]);

    // And it keeps receiving what follows.
    change(store, 5);
    harness.hub.tick();
    await until(() => replayed.length === 4);
    expect((replayed[3] as { seq: number }).seq).toBe(5);
  });

  it('sends a snapshot when the history no longer holds what was missed', async () => {
    const { store, harness, leaving } = await twoClients({ historySize: 4 });
    const { epoch, seq } = leaving.get('items');
    leaving.client.disconnect();
    for (let i = 1; i <= 6; i++) {
      change(store, i);
      harness.hub.tick();
    }
    const back = new Mirror(await harness.connect('token-ops-000'));
    expect(await resume(back.client, 'items', epoch, seq)).toEqual({ ok: true, mode: 'snapshot' });
    expect(back.get('items')).toMatchObject({ epoch, seq: 6 });
    expect(Object.keys(back.get('items').entities)).toHaveLength(8); // x0…x6 + summary
  });

  it('sends a snapshot with a new epoch from a new hub (restart)', async () => {
    const store = new MemoryStore();
    store.upsert({ type: 'item', id: 'x0', tenant: 'a', value: 0, rank: 0 });
    const first = await startHarness({ kinds: [memoryTopicKind(store, { now: () => T0 })], tokens: TOKENS });
    const m = new Mirror(await first.connect('token-ops-000'));
    await subscribe(m.client, ['items']);
    change(store, 1);
    first.hub.tick();
    const old = await m.reach('items', 1);
    await first.close();

    h = await startHarness({ kinds: [memoryTopicKind(store, { now: () => T0 })], tokens: TOKENS });
    const back = new Mirror(await h.connect('token-ops-000'));
    expect(await resume(back.client, 'items', old.epoch, old.seq)).toEqual({ ok: true, mode: 'snapshot' });
    const now = back.get('items');
    expect(now.epoch).not.toBe(old.epoch);
    expect(now.seq).toBe(0);
    expect(now.entities).toEqual(old.entities);
  });

  it('answers a resync with a fresh snapshot', async () => {
    const { harness, live } = await twoClients();
    const before = live.get('items').snapshots;
    expect(await subscribe(live.client, ['items'])).toMatchObject({ ok: true });
    expect(await request(live.client, 'resync', { topic: 'items' })).toEqual({ ok: true });
    expect(live.get('items').snapshots).toBe(before + 2);
    expect(harness.hub.stats().snapshots).toBeGreaterThanOrEqual(4);
  });
});
