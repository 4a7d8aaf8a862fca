/**
 * The update workload of bench:topology, computed in Node against the real server stack: 1% of
 * the nodes get a new status per update, and only the entities whose JSON changed are sent, as
 * a stream delta would carry them.
 */
import type { Audience } from '../../server/core/auth/principal.js';
import type { Stack } from '../../server/domains/topology/test-support/domain-stack.js';
import type { NodeStatus } from '../../shared/domain/topology.js';

export const OPS: Audience = { kind: 'operations' };
const NEW_STATUSES: readonly NodeStatus[] = ['ok', 'warning', 'critical', 'down'];

/** Deterministic picks, so two runs change the same nodes: the simulator's test PRNG. */
export { mulberry32 as rng } from '../../server/simulator/test-support/simulated-graph.js';

type Entities = Map<string, unknown>;
export interface Delta {
  upserts: Record<string, unknown>;
  removes: string[];
}

/** Keeps each entity's JSON; `diff` returns what changed since the last call, as a stream delta would. */
export class Differ {
  private prev = new Map<string, string>();
  diff(entities: Entities): Delta {
    const upserts: Record<string, unknown> = {};
    const removes: string[] = [];
    const next = new Map<string, string>();
    for (const [k, e] of entities) {
      const j = JSON.stringify(e);
      next.set(k, j);
      if (this.prev.get(k) !== j) upserts[k] = e;
    }
    for (const k of this.prev.keys()) if (!next.has(k)) removes.push(k);
    this.prev = next;
    return { upserts, removes };
  }
}

/** The wall's clusters the console can expand (not the ones the server already draws member by member). */
export function expandable(s: Stack): string[] {
  const out: string[] = [];
  for (const e of s.topology.wall.wall(OPS).values()) {
    const c = e as { type: string; id: string; expanded?: boolean };
    if (c.type === 'cluster' && !c.expanded) out.push(c.id);
  }
  return out;
}

/** Sets a new status on 1% of the nodes; returns what it set. */
export function churn(s: Stack, ids: readonly string[], random: () => number): Array<[string, NodeStatus]> {
  const n = Math.max(1, Math.round(ids.length / 100));
  const picked = new Set<string>();
  while (picked.size < n) picked.add(ids[Math.floor(random() * ids.length)]!);
  const out: Array<[string, NodeStatus]> = [];
  for (const id of picked) {
    const cur = s.topology.graph.node(id)?.status;
    const options = NEW_STATUSES.filter((x) => x !== cur);
    const next = options[Math.floor(random() * options.length)]!;
    s.topology.graph.setStatus(id, next);
    out.push([id, next]);
  }
  return out;
}
