import type { Audience } from '../../core/auth/principal.js';
import type { TopologyGraph } from '../topology/topology-graph.js';
import type { VisibilityIndex } from '../topology/visibility.js';
import type { StoredSilence } from './silence-repository.js';

/** Live (pending or active) silences held at most; creating more answers 409. */
export const MAX_LIVE_SILENCES = 10_000;

/** Where the nodes of active maintenance windows go (the status deriver). */
export interface MaintenanceSink {
  setMaintenance(nodes: ReadonlySet<string>): void;
}

interface Live {
  s: StoredSilence;
  start: number;
  end: number;
  nodes: ReadonlySet<string> | null;
  labels: [string, string][] | null;
  audience: Audience | null;
}

/**
 * The silences and maintenance windows not yet expired, in memory. States follow source time:
 *
 *   pending (startsAt ahead) ──▶ active ──endsAt passed──▶ expired
 *                                  └──────expire by hand──▶ expired
 *
 * `tick` notices starts and ends; when the active set moved it tells the caller, which then
 * re-asks the suppressor for every open alarm, and hands the maintenance nodes to the deriver.
 */
export class SilenceRegistry {
  private readonly live = new Map<string, Live>();
  private active: Live[] = [];
  private activeKey = '';

  constructor(
    private readonly deps: { graph: TopologyGraph; visibility: VisibilityIndex; maintenance?: MaintenanceSink | undefined },
  ) {}

  get liveCount(): number {
    return this.live.size;
  }

  get activeCount(): number {
    return this.active.length;
  }

  add(s: StoredSilence): void {
    if (s.expiredAt !== null) return;
    this.live.set(s.id, {
      s,
      start: Date.parse(s.startsAt),
      end: Date.parse(s.endsAt),
      nodes: s.nodes ? new Set(s.nodes) : null,
      labels: s.labels ? Object.entries(s.labels) : null,
      audience: s.tenant ? { kind: 'tenants', tenants: [s.tenant] } : null,
    });
  }

  remove(id: string): void {
    this.live.delete(id);
  }

  /** Re-computes the active set at source time `now`; true when it changed. */
  tick(now: number): boolean {
    const active: Live[] = [];
    for (const [id, l] of this.live) {
      if (l.end <= now) this.live.delete(id);
      else if (l.start <= now) active.push(l);
    }
    active.sort((a, b) => (a.s.id < b.s.id ? -1 : 1));
    const key = active.map((l) => l.s.id).join(',');
    if (key === this.activeKey) return false;
    this.active = active;
    this.activeKey = key;
    this.deps.maintenance?.setMaintenance(this.maintenanceNodes());
    return true;
  }

  /** The first active silence matching an alarm on `resource` with `labels`, or null. */
  suppressor(resource: string, labels: Readonly<Record<string, string>>): string | null {
    for (const l of this.active) if (this.matches(l, resource, labels)) return l.s.id;
    return null;
  }

  /** Nodes covered by active maintenance windows (matchers applied to nodes and their labels). */
  maintenanceNodes(): ReadonlySet<string> {
    const out = new Set<string>();
    const { graph } = this.deps;
    for (const l of this.active) {
      if (l.s.kind !== 'maintenance') continue;
      const candidates = l.nodes ?? (l.s.tenant ? graph.ownedBy(l.s.tenant) : null);
      if (candidates) {
        for (const id of candidates) {
          const n = graph.node(id);
          if (n && this.matches(l, id, n.labels)) out.add(id);
        }
      } else {
        for (const n of graph.nodes()) if (this.matches(l, n.id, n.labels)) out.add(n.id);
      }
    }
    return out;
  }

  private matches(l: Live, resource: string, labels: Readonly<Record<string, string>>): boolean {
    if (l.nodes && !l.nodes.has(resource)) return false;
    if (l.labels) for (const [k, v] of l.labels) if (labels[k] !== v) return false;
    if (l.audience && !this.deps.visibility.isNodeVisible(resource, l.audience)) return false;
    return true;
  }
}
