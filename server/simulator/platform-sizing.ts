/**
 * How big each part of the platform is for a requested size: the business layer grows with the
 * scale, and VMs (the bulk of any private cloud) absorb the rest, so `--scale N` lands within a
 * few nodes of N with the physical layer sized to carry those VMs.
 */

/** VMs per physical server, servers per top-of-rack switch pair, disks per array. */
export const VMS_PER_SERVER = 10;
export const SERVERS_PER_TOR_PAIR = 20;
export const DISKS_PER_ARRAY = 160;

/** Business systems for a platform of about `scale` nodes: one per ~30 nodes, 2 at the least. */
export function systemCount(scale: number): number {
  return Math.max(2, Math.round(scale / 30), Math.min(12, Math.floor(scale / 25)));
}

/**
 * Splits `total` VMs over groups in proportion to their weights, each group getting at least
 * one (largest remainder, ties by position, so the split is deterministic).
 */
export function allocateVms(weights: Float64Array, total: number): Int32Array {
  const n = weights.length;
  const out = new Int32Array(n).fill(1);
  const rest = total - n;
  if (rest <= 0 || n === 0) return out;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += weights[i]!;
  const frac = new Float64Array(n);
  let given = 0;
  for (let i = 0; i < n; i++) {
    const q = (rest * weights[i]!) / sum;
    const whole = Math.floor(q);
    out[i]! += whole;
    given += whole;
    frac[i] = q - whole;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => frac[b]! - frac[a]! || a - b);
  for (let k = 0; k < rest - given; k++) out[order[k % n]!]! += 1;
  return out;
}

export interface DcSizing {
  vms: number;
  servers: number;
  torPairs: number;
  arrays: number;
}

/** The physical layer one data center needs for `vms` VMs and `disks` other volumes. */
export function sizeDc(vms: number, disks: number): DcSizing {
  const servers = Math.max(2, Math.ceil(vms / VMS_PER_SERVER));
  return {
    vms,
    servers,
    torPairs: Math.max(1, Math.ceil(servers / SERVERS_PER_TOR_PAIR)),
    arrays: Math.max(2, Math.ceil((vms + disks) / DISKS_PER_ARRAY)),
  };
}

/**
 * The VM total whose whole platform comes closest to `target` nodes. `countFor(v)` must grow
 * with v; it is evaluated about log2(target) times.
 */
export function solveVmTotal(minimum: number, target: number, countFor: (vms: number) => number): number {
  let lo = minimum;
  let hi = Math.max(minimum, target);
  if (countFor(lo) >= target) return lo;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (countFor(mid) >= target) hi = mid;
    else lo = mid + 1;
  }
  if (lo > minimum && Math.abs(countFor(lo - 1) - target) <= Math.abs(countFor(lo) - target)) return lo - 1;
  return lo;
}
