import { renderHealthMessage, type HealthCause, type HealthFactor, type HealthLocale } from '../../../shared/domain/health';
import { DOMAINS, type BusinessDomain } from '../../../shared/domain/topology';
import type { HealthDomainEntity, HealthNodeEntity, HealthSummaryEntity, HealthTopicEntity } from '../../../shared/protocol/health';

/** Points per score trend: 20 minutes at one point every 10 s. Every client array is capped. */
export const TREND_CAPACITY = 120;
export const TREND_INTERVAL_MS = 10_000;
/** Scores followed at once (3 domains + business systems + the topic's worst 200 components). */
export const MAX_TRENDS = 400;

export interface HealthFold {
  /** B, O, M in that order (those the audience has). */
  domains: HealthDomainEntity[];
  /** Business systems, by domain then name: a stable grid that does not jump as scores move. */
  systems: HealthNodeEntity[];
  /** Platform components below 100, worst first. */
  components: HealthNodeEntity[];
  summary: HealthSummaryEntity | null;
}

const byName = (a: { name: string; nodeId: string }, b: { name: string; nodeId: string }) => a.name.localeCompare(b.name) || (a.nodeId < b.nodeId ? -1 : 1);

/** The `health` topic's entities sorted into what the board draws. */
export function foldHealthTopic(entities: Readonly<Record<string, HealthTopicEntity>>): HealthFold {
  const domains = new Map<BusinessDomain, HealthDomainEntity>();
  const systems: HealthNodeEntity[] = [];
  const components: HealthNodeEntity[] = [];
  let summary: HealthSummaryEntity | null = null;
  for (const e of Object.values(entities)) {
    if (e.type === 'health-domain') domains.set(e.domain, e);
    else if (e.type === 'health-summary') summary = e;
    else if (e.layer === 'business') systems.push(e);
    else components.push(e);
  }
  systems.sort((a, b) => (a.domain ?? 'Z').localeCompare(b.domain ?? 'Z') || byName(a, b));
  components.sort((a, b) => a.score - b.score || byName(a, b));
  return { domains: DOMAINS.flatMap((d) => domains.get(d) ?? []), systems, components, summary };
}

/**
 * One trend sample: every followed score gets its current value appended (null where the score
 * is not in the topic right now), capped at `capacity`; scores gone from the topic for a whole
 * window are dropped, and at most `maxSeries` are followed. Returns a new record (the store
 * replaces it, convention 10); unchanged arrays are never mutated.
 *
 * A new trend starts as a whole window of gaps (null), as the overview's sparklines do: each
 * followed score then holds the same number of slots from its first sample on, and a wall's
 * memory stays flat instead of growing for the 20 minutes the windows take to fill
 * (bench:console). The sparkline right-aligns its points, so the gaps draw as nothing.
 */
export function appendTrends(
  trends: Readonly<Record<string, readonly (number | null)[]>>,
  scores: ReadonlyMap<string, number>,
  capacity = TREND_CAPACITY,
  maxSeries = MAX_TRENDS,
): Record<string, (number | null)[]> {
  const next: Record<string, (number | null)[]> = {};
  let count = 0;
  const push = (id: string, v: number | null) => {
    const prev = trends[id] ?? new Array<number | null>(capacity).fill(null);
    const arr = prev.length >= capacity ? prev.slice(prev.length - capacity + 1) : prev.slice();
    arr.push(v);
    next[id] = arr;
    count++;
  };
  for (const [id, v] of scores) {
    if (count >= maxSeries) break;
    push(id, v);
  }
  for (const [id, prev] of Object.entries(trends)) {
    if (id in next || count >= maxSeries) continue;
    // Gone from the topic (recovered to 100, or out of view): kept while it still has a value.
    if (prev.slice(-capacity + 1).some((v) => v !== null)) push(id, null);
  }
  return next;
}

/** Trend keys: a domain `d:B`, a node `n:<id>` (the topic's own entity ids). */
export function trendScores(fold: HealthFold): Map<string, number> {
  const m = new Map<string, number>();
  for (const d of fold.domains) m.set(`d:${d.domain}`, d.score);
  for (const s of fold.systems) m.set(`n:${s.nodeId}`, s.score);
  for (const c of fold.components) m.set(`n:${c.nodeId}`, c.score);
  return m;
}

export interface FactorLine {
  text: string;
  impact: number;
  kind: HealthCause['kind'];
  node: string | null;
  /** The metric behind a metric factor: the raw curve an operator drills to. */
  metric: string | null;
  causes: FactorLine[];
}

/** A score's factors in the reader's locale (tenants read these as the plain reason). */
export function renderFactors(factors: readonly HealthFactor[], locale: HealthLocale): FactorLine[] {
  const line = (f: HealthCause & { causes?: HealthCause[] }): FactorLine => ({
    text: renderHealthMessage(f, locale),
    impact: f.impact,
    kind: f.kind,
    node: f.node ?? null,
    metric: f.kind === 'metric' && typeof f.params.metric === 'string' ? f.params.metric : null,
    causes: (f.causes ?? []).map(line),
  });
  return factors.map(line);
}

/** A score on a tile: one decimal, without a trailing `.0`. */
export function formatScore(score: number): string {
  return Number.isInteger(score) ? String(score) : score.toFixed(1);
}
