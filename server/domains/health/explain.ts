import { MAX_CAUSES, MAX_FACTORS, type HealthCause, type HealthFactor } from '../../../shared/domain/health.js';
import type { Claim, Part } from './score-model.js';

/**
 * The explanation half of a score: a loss handed out among its claims as factors whose impacts
 * add up to it exactly, and what a parent names as the reasons.
 */

/**
 * Hands out `loss` tenths among the claims in proportion to their weights (largest remainder,
 * so the impacts add up exactly), biggest first, capped at MAX_FACTORS with an `other` tail.
 */
export function explain(loss: number, claims: readonly Claim[], notes: readonly Part[] = []): HealthFactor[] {
  // One claim (a node that loses through one dependency: most of a failure burst) takes it all.
  if (claims.length === 1) {
    const out: HealthFactor[] = loss > 0 ? [factorOf(claims[0]!.part, loss / 10)] : [];
    for (const n of notes) if (out.length < MAX_FACTORS) out.push(factorOf(n, 0));
    return out;
  }
  const weights: number[] = [];
  for (const c of claims) weights.push(c.weight);
  const shares = allocate(loss, weights);
  // Claim indices with a share, biggest share first (ties in claim order).
  const order: number[] = [];
  for (let i = 0; i < shares.length; i++) if (shares[i]! > 0) order.push(i);
  sortSmall(order, (a, b) => shares[b]! - shares[a]! || a - b);
  const out: HealthFactor[] = [];
  const room = order.length > MAX_FACTORS ? MAX_FACTORS - 1 : order.length;
  for (let k = 0; k < room; k++) out.push(factorOf(claims[order[k]!]!.part, shares[order[k]!]! / 10));
  if (order.length > room) {
    let rest = 0;
    for (let k = room; k < order.length; k++) rest += shares[order[k]!]!;
    out.push({ kind: 'other', messageKey: 'health.other', params: { count: order.length - room }, impact: rest / 10 });
  }
  for (const n of notes) if (out.length < MAX_FACTORS) out.push(factorOf(n, 0));
  return out;
}

/**
 * `{ ...part, impact }` without the spread (the hot path of a failure burst), keys in the same
 * order. The causes stay the frozen array the part shares with the dependency's record.
 */
function factorOf(p: Part, impact: number): HealthFactor {
  const { kind, messageKey, params, node, causes } = p;
  if (causes) return { kind, messageKey, params, node, causes: causes as HealthCause[], impact };
  return node !== undefined ? { kind, messageKey, params, node, impact } : { kind, messageKey, params, impact };
}

/** Integer shares of `total` proportional to `weights`, summing to `total` exactly. */
export function allocate(total: number, weights: readonly number[]): number[] {
  const n = weights.length;
  const out: number[] = new Array<number>(n).fill(0);
  if (total <= 0 || n === 0) return out;
  let sum = 0;
  for (const w of weights) sum += Math.max(0, w);
  if (sum <= 0) {
    out[0] = total;
    return out;
  }
  const rem: number[] = [];
  let given = 0;
  for (let i = 0; i < n; i++) {
    const exact = (Math.max(0, weights[i]!) * total) / sum;
    const floor = Math.floor(exact);
    out[i] = floor;
    given += floor;
    rem.push(exact - floor);
  }
  if (given >= total) return out;
  // Largest remainder first (ties by index).
  const byRem: number[] = [];
  for (let i = 0; i < n; i++) byRem.push(i);
  sortSmall(byRem, (a, b) => rem[b]! - rem[a]! || a - b);
  for (let k = 0; given < total; k++, given++) out[byRem[k % n]!]!++;
  return out;
}

/** What a parent names as the reasons: the main factors, each followed down to its leaf causes. */
export function leafCauses(factors: readonly HealthFactor[]): HealthCause[] {
  const out: HealthCause[] = [];
  for (const f of factors) {
    if (f.impact <= 0 || f.kind === 'other') break;
    // A factor without causes is its own leaf (the same immutable object, not a copy).
    if (f.causes) for (const c of f.causes) out.push(c);
    else out.push(f);
    if (out.length >= MAX_CAUSES) break;
  }
  if (out.length > MAX_CAUSES) out.length = MAX_CAUSES;
  return out;
}

/**
 * Sorts in place. Insertion sort for the short lists a score sorts (a pair, a node's claims):
 * Array.prototype.sort allocates a work array per call, and a failure burst sorts thousands.
 */
export function sortSmall<T>(xs: T[], cmp: (a: T, b: T) => number): T[] {
  if (xs.length > 16) return xs.sort(cmp);
  for (let i = 1; i < xs.length; i++) {
    const x = xs[i]!;
    let j = i - 1;
    while (j >= 0 && cmp(xs[j]!, x) > 0) {
      xs[j + 1] = xs[j]!;
      j--;
    }
    xs[j + 1] = x;
  }
  return xs;
}
