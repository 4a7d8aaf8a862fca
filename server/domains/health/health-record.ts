import type { HealthCause, HealthFactor, HealthScore, HealthStatus } from '../../../shared/domain/health.js';
import { FULL } from './score-model.js';

/** One node's score as the engine keeps it: the public (frozen) score plus what parents read. */
export interface HealthRecord {
  readonly score: HealthScore;
  /** Score in tenths of a point. */
  readonly tenths: number;
  readonly causes: readonly HealthCause[];
}

export const NO_CAUSES: readonly HealthCause[] = Object.freeze([]);
const NO_FACTORS: HealthFactor[] = Object.freeze([]) as unknown as HealthFactor[];

/** Same score, status, confidence and factors (factors compared by value, no JSON per node). */
export function sameScore(a: HealthScore, b: HealthScore): boolean {
  if (a.score !== b.score || a.status !== b.status || a.confidence !== b.confidence || a.factors.length !== b.factors.length) return false;
  for (let i = 0; i < a.factors.length; i++) if (!sameFactor(a.factors[i]!, b.factors[i]!)) return false;
  return true;
}

function sameFactor(a: HealthFactor, b: HealthFactor): boolean {
  if (a.kind !== b.kind || a.messageKey !== b.messageKey || a.impact !== b.impact || a.node !== b.node || !sameParams(a.params, b.params)) return false;
  const ca = a.causes;
  const cb = b.causes;
  if (ca === cb) return true;
  if (!ca || !cb || ca.length !== cb.length) return false;
  for (let i = 0; i < ca.length; i++) if (!sameFactor(ca[i]!, cb[i]!)) return false;
  return true;
}

function sameParams(a: Readonly<Record<string, string | number>>, b: Readonly<Record<string, string | number>>): boolean {
  let n = 0;
  for (const k in a) {
    if (a[k] !== b[k]) return false;
    n++;
  }
  for (const _k in b) n--;
  return n === 0;
}

/** Per node index, what a parent reads first: 0 = not a perfect score. */
export const PERFECT_OK = 1;
export const PERFECT_MAINTENANCE = 2;

export function perfectCode(status: HealthStatus): number {
  return status === 'maintenance' ? PERFECT_MAINTENANCE : PERFECT_OK;
}

/** What a parent reads as "costs nothing": 100 at full confidence (then no factors, status ok or maintenance). */
export function codeOf(r: HealthRecord): number {
  return r.tenths === FULL && r.score.confidence === 1 ? perfectCode(r.score.status) : 0;
}

export function perfectRecord(id: string, status: HealthStatus): HealthRecord {
  const score: HealthScore = Object.freeze({ nodeId: id, score: 100, status, confidence: 1, factors: NO_FACTORS });
  return { score, tenths: FULL, causes: NO_CAUSES };
}

export function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

/** Scored nodes per status and the ids below 100 or not ok (the worst-N candidates), kept per store/drop. */
export class ScoreTally {
  readonly byStatus = new Map<string, number>();
  readonly degraded = new Set<string>();

  add(r: HealthRecord): void {
    const s = r.score.status;
    this.byStatus.set(s, (this.byStatus.get(s) ?? 0) + 1);
    if (r.tenths < FULL || s !== 'ok') this.degraded.add(r.score.nodeId);
  }

  remove(r: HealthRecord): void {
    const s = r.score.status;
    this.byStatus.set(s, (this.byStatus.get(s) ?? 0) - 1);
    this.degraded.delete(r.score.nodeId);
  }
}
