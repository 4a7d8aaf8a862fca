import { describe, expect, it } from 'vitest';
// The push route's fast path (shared/protocol/plain-events.ts) is tested here, beside the route,
// because its randomized check uses the simulator's seeded PRNG, which shared/ may not import.
import { EventsRequestSchema } from '../../../shared/protocol/alarms.js';
import { parsePlainEvents } from '../../../shared/protocol/plain-events.js';
import { mulberry32 } from '../../simulator/test-support/simulated-graph.js';

/** Picks from a seeded PRNG, so the test stays reproducible. */
function rng(seed: number) {
  const next = mulberry32(seed);
  return { next, pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]! };
}

const STRINGS = ['db-1', 'a', '', 'x'.repeat(64), 'x'.repeat(65), 'x'.repeat(200), 'x'.repeat(201), 'has space', 'é', 'a.b:c_d-e', '__proto__', 'firing', 'resolved', 'major'];
const VALUES: readonly unknown[] = [...STRINGS, 1, null, undefined, true, [], {}, ['a'], { a: 'b' }, 'x'.repeat(501)];

function randomEvent(r: ReturnType<typeof rng>): unknown {
  const e: Record<string, unknown> = {
    resource: `node-${Math.floor(r.next() * 50)}`,
    type: r.pick(['latency', 'errors', 'unreachable']),
    severity: r.pick(['critical', 'major', 'minor', 'warning', 'info']),
    summary: 'latency over the line',
    source: 'probe',
  };
  if (r.next() < 0.3) e.fingerprint = `fp-${Math.floor(r.next() * 9)}`;
  if (r.next() < 0.4) e.labels = { dc: 'dc-1', team: 'dba' };
  if (r.next() < 0.3) e.status = r.pick(['firing', 'resolved']);
  if (r.next() < 0.1) e.occurredAt = '2026-01-01T00:00:00.000Z';
  // Then, half the time, one or two things wrong or unusual.
  const damage = r.next() < 0.5 ? 1 + Math.floor(r.next() * 2) : 0;
  for (let i = 0; i < damage; i++) {
    const what = r.next();
    if (what < 0.55) e[r.pick(['resource', 'type', 'severity', 'summary', 'source', 'fingerprint', 'status', 'occurredAt'])] = r.pick(VALUES);
    else if (what < 0.7) e[r.pick(['extra', 'Resource', 'id'])] = 'x';
    else if (what < 0.8) delete e[r.pick(['resource', 'type', 'severity', 'summary', 'source'])];
    else if (what < 0.9) e.labels = r.pick<unknown>([{ [r.pick(STRINGS)]: r.pick(VALUES) }, Object.fromEntries(Array.from({ length: 33 }, (_, k) => [`k${k}`, 'v'])), JSON.parse('{"__proto__":"x"}'), null, 'dc=1', ['a']]);
    else return r.pick<unknown>([null, 'event', 42, [], Object.create({ resource: 'db-1' })]);
  }
  return e;
}

describe('plainly valid event bodies (the push route fast path)', () => {
  it('returns exactly what the schema does, or leaves the body to the schema; never accepts what it refuses', () => {
    const r = rng(6);
    let fast = 0;
    let valid = 0;
    for (let i = 0; i < 4000; i++) {
      const n = r.next();
      const body = n < 0.4 ? randomEvent(r) : n < 0.98 ? Array.from({ length: 1 + Math.floor(r.next() * 4) }, () => randomEvent(r)) : r.pick<unknown>([[], Array.from({ length: 1001 }, () => ({ resource: 'a', type: 'b', severity: 'info', summary: 's', source: 'p' }))]);
      // Through JSON as the route sees it (no undefined values, own __proto__ keys kept).
      const input: unknown = JSON.parse(JSON.stringify(body) ?? 'null');
      const schema = EventsRequestSchema.safeParse(input);
      const plain = parsePlainEvents(input);
      if (schema.success) valid++;
      if (plain === undefined) continue;
      fast++;
      expect(schema.success).toBe(true);
      expect(plain).toEqual(schema.data);
    }
    // Not vacuous: most valid bodies take the fast path (the rest carry an occurredAt).
    expect(valid).toBeGreaterThan(500);
    expect(fast).toBeGreaterThan(valid / 2);
  });

  it('leaves bodies with occurredAt, unknown keys or bad values to the schema', () => {
    const ok = { resource: 'db-1', type: 'latency', severity: 'major', summary: 's', source: 'probe' };
    expect(parsePlainEvents([ok])).toEqual([{ ...ok, status: 'firing' }]);
    for (const bad of [{ ...ok, occurredAt: '2026-01-01T00:00:00Z' }, { ...ok, extra: 1 }, { ...ok, resource: 'a b' }, { ...ok, labels: { '': 'x' } }, [], null]) {
      expect(parsePlainEvents(bad)).toBeUndefined();
    }
  });
});
