import { DOMAIN_SYSTEM_WEIGHT_LABEL, healthStatusOf, type HealthFactor, type HealthScore } from '../../../shared/domain/health.js';
import { DOMAINS, type BusinessDomain } from '../../../shared/domain/topology.js';
import type { HealthDomainEntity, HealthNodeEntity, HealthScope } from '../../../shared/protocol/health.js';
import type { Audience } from '../../core/auth/principal.js';
import { AppError } from '../../core/errors.js';
import type { TopologyGraph, TopologyNodeView, VisibilityIndex } from '../topology/index.js';
import type { HealthEngine, HealthRecord } from './health-engine.js';
import { weightedMean, type ChildInput } from './score-model.js';

/** Business systems of the graph, cached until a node is declared or removed. */
export class BusinessIndex {
  private ids: string[] | null = null;
  private readonly off: () => void;

  constructor(private readonly graph: TopologyGraph) {
    this.off = graph.onChange((c) => {
      if (c.entity === 'node' && c.reason !== 'status') this.ids = null;
    });
  }

  list(): readonly string[] {
    if (!this.ids) {
      const ids: string[] = [];
      for (const n of this.graph.nodes()) if (n.layer === 'business') ids.push(n.id);
      this.ids = ids.sort();
    }
    return this.ids;
  }

  dispose(): void {
    this.off();
  }
}

/**
 * Scores as one audience may see them. A tenant sees its own systems and the shared nodes under
 * them, never another tenant's: a factor naming a node the audience cannot see keeps its impact
 * (so the factors still add up) but says only that a component outside the view is degraded.
 */
export class HealthViews {
  private readonly entities = new WeakMap<HealthRecord, { node: TopologyNodeView; entity: HealthNodeEntity }>();

  constructor(
    private readonly graph: TopologyGraph,
    private readonly visibility: VisibilityIndex,
    private readonly engine: HealthEngine,
    readonly business: BusinessIndex,
  ) {}

  /** The node's score for this audience, or undefined when it does not exist or is not visible. */
  score(id: string, audience: Audience): HealthNodeEntity | undefined {
    const rec = this.engine.get(id);
    const node = this.graph.node(id);
    if (!rec || !node || !this.visibility.isNodeVisible(id, audience)) return undefined;
    let cached = this.entities.get(rec);
    if (cached?.node !== node) {
      cached = { node, entity: Object.freeze({ type: 'health', name: node.name, kind: node.kind, layer: node.layer, domain: node.domain, ...rec.score }) };
      this.entities.set(rec, cached);
    }
    return this.redact(cached.entity, audience);
  }

  /** B/O/M: weighted mean of the domain's business systems this audience sees. */
  domain(d: BusinessDomain, audience: Audience): HealthDomainEntity {
    const items: { child: ChildInput; weight: number }[] = [];
    for (const id of this.business.list()) {
      const node = this.graph.node(id);
      const rec = this.engine.get(id);
      if (!node || !rec || node.domain !== d || !this.visibility.isNodeVisible(id, audience)) continue;
      if (rec.score.status === 'maintenance') continue;
      const w = Number(node.labels[DOMAIN_SYSTEM_WEIGHT_LABEL]);
      items.push({ child: { id, name: node.name, score: rec.tenths, confidence: rec.score.confidence, causes: rec.causes }, weight: Number.isFinite(w) && w > 0 ? w : 1 });
    }
    const c = weightedMean(items);
    const score = c.score / 10;
    return {
      type: 'health-domain',
      domain: d,
      systems: items.length,
      nodeId: `domain:${d}`,
      score,
      status: healthStatusOf(score, c.confidence, false),
      confidence: c.confidence,
      factors: this.redactFactors(c.factors, audience) ?? c.factors,
    };
  }

  domains(audience: Audience): HealthDomainEntity[] {
    return DOMAINS.map((d) => this.domain(d, audience));
  }

  /** One page of a scope, worst first (score, then id). */
  list(scope: HealthScope, audience: Audience, limit: number, cursor: string | undefined): { items: HealthScore[]; nextCursor: string | null } {
    const after = cursor === undefined ? null : decodeCursor(cursor);
    const rows: { tenths: number; id: string }[] = [];
    if (scope === 'domains') {
      const all = this.domains(audience)
        .map((e) => ({ e, tenths: Math.round(e.score * 10), id: e.nodeId }))
        .sort((a, b) => a.tenths - b.tenths || cmp(a.id, b.id))
        .filter((r) => !after || isAfter(r, after));
      const page = all.slice(0, limit);
      return { items: page.map((r) => r.e), nextCursor: all.length > limit ? encodeCursor(page[page.length - 1]!) : null };
    }
    const ids = scope === 'business' ? this.business.list() : this.graph.sortedNodeIds();
    const visible = this.visibility.visibleNodes(audience);
    for (const id of ids) {
      if (visible !== 'all' && !visible.has(id)) continue;
      const node = this.graph.node(id);
      const rec = this.engine.get(id);
      if (!node || !rec) continue;
      if (scope === 'components' ? node.layer === 'business' : scope !== 'business' && node.layer !== scope) continue;
      const row = { tenths: rec.tenths, id };
      if (after && !isAfter(row, after)) continue;
      rows.push(row);
    }
    rows.sort((a, b) => a.tenths - b.tenths || cmp(a.id, b.id));
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => this.score(r.id, audience)!),
      nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!) : null,
    };
  }

  private redact<T extends HealthScore>(score: T, audience: Audience): T {
    const factors = this.redactFactors(score.factors, audience);
    return factors ? { ...score, factors } : score;
  }

  /** Null when nothing needs hiding (the common case: no copy). */
  private redactFactors(factors: readonly HealthFactor[], audience: Audience): HealthFactor[] | null {
    if (audience.kind === 'operations') return null;
    const hidden = (id: string | undefined) => id !== undefined && !this.visibility.isNodeVisible(id, audience);
    if (!factors.some((f) => hidden(f.node) || f.causes?.some((c) => hidden(c.node)))) return null;
    return factors.map((f) => {
      if (hidden(f.node)) return { kind: f.kind, messageKey: 'health.child.hidden', params: {}, impact: f.impact };
      if (f.causes?.some((c) => hidden(c.node))) {
        const { causes, ...rest } = f;
        const shown = causes.filter((c) => !hidden(c.node));
        return shown.length > 0 ? { ...rest, causes: shown } : rest;
      }
      return f;
    });
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function isAfter(row: { tenths: number; id: string }, after: { tenths: number; id: string }): boolean {
  return row.tenths > after.tenths || (row.tenths === after.tenths && row.id > after.id);
}

function encodeCursor(row: { tenths: number; id: string }): string {
  return Buffer.from(`${row.tenths}|${row.id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { tenths: number; id: string } {
  const s = Buffer.from(cursor, 'base64url').toString('utf8');
  const m = /^(\d{1,4})\|([A-Za-z0-9._:\-]{1,200})$/.exec(s);
  if (!m) throw new AppError(400, 'bad_cursor', 'cursor is not valid');
  return { tenths: Number(m[1]), id: m[2]! };
}
