import { SEVERITIES, SEVERITY_RANK, emptySeverityCounts, type Alarm, type Severity } from '../../../shared/domain/alarms.js';
import { BADGE_NODE_LIMIT, type AlarmSummaryEntity } from '../../../shared/protocol/alarms.js';

/** Counts of one node's (or everything's) open alarms; indexes are SEVERITY_RANK. */
export interface Tally {
  /** Open, not suppressed, by severity rank. */
  bySeverity: number[];
  /** Of those, still `active` (not acknowledged). */
  unacknowledged: number[];
  suppressed: number;
  flapping: number;
  /** Every open alarm, suppressed included (0 = the entry can go). */
  open: number;
}

const BY_RANK: Severity[] = [...SEVERITIES].sort((a, b) => SEVERITY_RANK[a] - SEVERITY_RANK[b]);

function emptyTally(): Tally {
  return { bySeverity: [0, 0, 0, 0, 0], unacknowledged: [0, 0, 0, 0, 0], suppressed: 0, flapping: 0, open: 0 };
}

function add(t: Tally, a: Alarm, sign: 1 | -1): void {
  t.open += sign;
  if (a.flapping) t.flapping += sign;
  if (a.suppressedBy !== null) {
    t.suppressed += sign;
    return;
  }
  const r = SEVERITY_RANK[a.severity];
  t.bySeverity[r]! += sign;
  if (a.state === 'active') t.unacknowledged[r]! += sign;
}

/**
 * Incremental counts of open alarms, for everything (the operations audience) and per node (a
 * tenant's summary sums the nodes it sees), so no summary ever walks the alarms themselves:
 * every change moves the counts by the difference between the previous and the new alarm.
 */
export class AlarmTally {
  readonly total: Tally = emptyTally();
  private readonly perNode = new Map<string, Tally>();

  apply(prev: Alarm | null, next: Alarm | null): void {
    // Most changes (a repeat event, an incident link) move nothing counted.
    if (
      prev &&
      next &&
      prev.state === next.state &&
      prev.severity === next.severity &&
      prev.suppressedBy === next.suppressedBy &&
      prev.flapping === next.flapping &&
      prev.resource === next.resource
    ) {
      return;
    }
    if (prev && prev.state !== 'cleared') {
      add(this.total, prev, -1);
      const t = this.perNode.get(prev.resource);
      if (t) {
        add(t, prev, -1);
        if (t.open <= 0) this.perNode.delete(prev.resource);
      }
    }
    if (next && next.state !== 'cleared') {
      add(this.total, next, 1);
      let t = this.perNode.get(next.resource);
      if (!t) this.perNode.set(next.resource, (t = emptyTally()));
      add(t, next, 1);
    }
  }

  /** Nodes with at least one open alarm. */
  get nodeCount(): number {
    return this.perNode.size;
  }

  /**
   * The summary entity for everything, or for the nodes in `visible`. `clusterOf` names the
   * topology cluster a node is drawn in (undefined: none), for the per-cluster badges.
   */
  summary(visible: ReadonlySet<string> | 'all', clusterOf?: (nodeId: string) => string | undefined): AlarmSummaryEntity {
    let sum: Tally;
    const nodes: [string, Tally][] = [];
    if (visible === 'all') {
      sum = this.total;
      for (const e of this.perNode) nodes.push(e);
    } else {
      sum = emptyTally();
      // Walk the smaller side: a tenant sees few nodes, or few nodes have alarms.
      const consider = (id: string, t: Tally) => {
        nodes.push([id, t]);
        sum.open += t.open;
        sum.suppressed += t.suppressed;
        sum.flapping += t.flapping;
        for (let r = 0; r < 5; r++) {
          sum.bySeverity[r]! += t.bySeverity[r]!;
          sum.unacknowledged[r]! += t.unacknowledged[r]!;
        }
      };
      if (visible.size < this.perNode.size) {
        for (const id of visible) {
          const t = this.perNode.get(id);
          if (t) consider(id, t);
        }
      } else {
        for (const [id, t] of this.perNode) if (visible.has(id)) consider(id, t);
      }
    }
    return {
      type: 'alarm-summary',
      bySeverity: toCounts(sum.bySeverity),
      unacknowledged: toCounts(sum.unacknowledged),
      suppressed: sum.suppressed,
      flapping: sum.flapping,
      byNode: badges(nodes),
      byCluster: clusterOf ? clusterBadges(nodes, clusterOf) : {},
    };
  }
}

function toCounts(byRank: readonly number[]): Record<Severity, number> {
  const out = emptySeverityCounts();
  for (let r = 0; r < 5; r++) out[BY_RANK[r]!] = byRank[r]!;
  return out;
}

function worstRank(t: Tally): number {
  for (let r = 4; r >= 0; r--) if (t.bySeverity[r]! > 0) return r;
  return -1;
}

/** Worst open (unsuppressed) severity per node, worst first, capped at BADGE_NODE_LIMIT. */
function badges(nodes: [string, Tally][]): AlarmSummaryEntity['byNode'] {
  const ranked: { id: string; rank: number; count: number }[] = [];
  for (const [id, t] of nodes) {
    const rank = worstRank(t);
    if (rank < 0) continue;
    let count = 0;
    for (let r = 0; r < 5; r++) count += t.bySeverity[r]!;
    ranked.push({ id, rank, count });
  }
  if (ranked.length > BADGE_NODE_LIMIT) {
    ranked.sort((a, b) => b.rank - a.rank || b.count - a.count || (a.id < b.id ? -1 : 1));
    ranked.length = BADGE_NODE_LIMIT;
  }
  // Keys in id order, so the same badges serialise the same way (the hub diffs by JSON).
  ranked.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const out: AlarmSummaryEntity['byNode'] = {};
  for (const b of ranked) out[b.id] = { severity: BY_RANK[b.rank]!, count: b.count };
  return out;
}

/** Worst open (unsuppressed) severity and count per cluster, keys in id order (bounded by the clusters). */
function clusterBadges(nodes: [string, Tally][], clusterOf: (nodeId: string) => string | undefined): AlarmSummaryEntity['byCluster'] {
  const acc = new Map<string, { rank: number; count: number }>();
  for (const [id, t] of nodes) {
    const rank = worstRank(t);
    if (rank < 0) continue;
    const cluster = clusterOf(id);
    if (cluster === undefined) continue;
    let count = 0;
    for (let r = 0; r < 5; r++) count += t.bySeverity[r]!;
    const a = acc.get(cluster);
    if (!a) acc.set(cluster, { rank, count });
    else {
      a.rank = Math.max(a.rank, rank);
      a.count += count;
    }
  }
  const out: AlarmSummaryEntity['byCluster'] = {};
  for (const id of [...acc.keys()].sort()) {
    const a = acc.get(id)!;
    out[id] = { severity: BY_RANK[a.rank]!, count: a.count };
  }
  return out;
}
