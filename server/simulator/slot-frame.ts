import { loadShape } from './load-shape.js';
import { EdgeCode, type Platform } from './platform-graph.js';

/** A failure is felt one hop up the dependency graph this long after it happens. */
export const IMPACT_LAG_MS = 20_000;
/** What a caller waits before giving up on a dependency that does not answer. */
export const TIMEOUT_MS = 3000;
/** Relative demand on a DC-B copy that only replicates. */
const STANDBY_DEMAND = 0.25;
/** Share of a business surge that reaches the services behind the app tier. */
const BEHIND_APP_SHARE = 0.25;

const ROLE_FRONT = 1;
const ROLE_DATA = 2;

/**
 * The state of the whole platform at one 10 s slot, computed from scratch for every slot: load
 * flows down the dependency edges (a business surge loads the PaaS, IaaS and hardware under
 * it), impairment flows up (a failed array takes down its hosts, their VMs, the instances on
 * them and the business systems above, one hop every IMPACT_LAG_MS). Scenarios and remedies
 * write their effects into the `own*` inputs first; the emitter reads the outputs.
 *
 * Everything is a pure function of (platform, t, effects at t), so samples do not depend on
 * how pumps are spaced. Arrays are allocated once and refilled, since this runs every slot.
 */
export class SlotFrame {
  t = Number.NaN;
  // Inputs, reset every slot, then written by scenario and remedy effects.
  /** Traffic multiplier on business systems (the flash sale's surge). */
  readonly bizFactor: Float64Array;
  /** The node's own availability: 0 = dead, silent or restarting. */
  readonly ownAvail: Float64Array;
  /** When its own impairment began (for the hop-by-hop lag). */
  readonly ownOnset: Float64Array;
  /** 1 = reports nothing at all (hung database, failed array). */
  readonly silent: Uint8Array;
  /** Latency (ms) and error rate (%) the node adds by itself. */
  readonly latOwn: Float64Array;
  readonly errOwn: Float64Array;
  /** Lock contention 0–1+ (blocked sessions). */
  readonly lock: Float64Array;
  readonly sessionsMul: Float64Array;
  /** Running instances (app tiers), after scale-outs and scale-ins. */
  readonly instances: Float64Array;
  /** Instances before any remedy still on record (older remedies are folded in here). */
  readonly baseInstances: Float64Array;
  /** Business systems whose users DNS sends to DC-B. */
  readonly frontB: Uint8Array;
  /** A data tier promoted away to its DC-B copy (DR switchover): the copy's index, else -1. */
  readonly redirect: Int32Array;
  /** frontB and redirect before any remedy still on record. */
  readonly baseFrontB: Uint8Array;
  readonly baseRedirect: Int32Array;
  // Outputs.
  readonly demand: Float64Array;
  readonly avail: Float64Array;
  readonly onset: Float64Array;
  /** Utilisation: demand over capacity at the kind's base utilisation (1 = saturated). */
  readonly util: Float64Array;
  /** Full latency (ms) and error rate (%) as reported. */
  readonly latency: Float64Array;
  readonly errors: Float64Array;
  private readonly acc: Float64Array;
  private readonly wsum: Float64Array;
  private readonly qLat: Float64Array;
  private readonly qErr: Float64Array;
  private readonly role: Uint8Array;
  private readonly business: Uint8Array;
  private readonly inDcA: Uint8Array;
  private readonly hasDependents: Uint8Array;

  constructor(readonly platform: Platform) {
    const n = platform.nodes.length;
    const f = () => new Float64Array(n);
    this.bizFactor = f();
    this.ownAvail = f();
    this.ownOnset = f();
    this.silent = new Uint8Array(n);
    this.latOwn = f();
    this.errOwn = f();
    this.lock = f();
    this.sessionsMul = f();
    this.instances = f();
    this.baseInstances = Float64Array.from(platform.nodes, (x) => x.instances);
    this.frontB = new Uint8Array(n);
    this.redirect = new Int32Array(n);
    this.baseFrontB = new Uint8Array(n);
    this.baseRedirect = new Int32Array(n).fill(-1);
    this.demand = f();
    this.avail = f();
    this.onset = f();
    this.util = f();
    this.latency = f();
    this.errors = f();
    this.acc = f();
    this.wsum = f();
    this.qLat = f();
    this.qErr = f();
    this.role = Uint8Array.from(platform.nodes, (x) => (x.spec.role === 'front' ? ROLE_FRONT : x.spec.role === 'data' ? ROLE_DATA : 0));
    this.business = Uint8Array.from(platform.nodes, (x) => (x.decl.layer === 'business' ? 1 : 0));
    this.inDcA = Uint8Array.from(platform.nodes, (x) => (x.decl.dc === 'DC-A' ? 1 : 0));
    this.hasDependents = new Uint8Array(n);
    for (let e = 0; e < platform.outTarget.length; e++) if (platform.outKind[e] !== EdgeCode.replicates) this.hasDependents[platform.outTarget[e]!] = 1;
  }

  /** Clears the inputs for slot t. */
  reset(t: number): void {
    this.t = t;
    this.bizFactor.fill(1);
    this.ownAvail.fill(1);
    this.ownOnset.fill(Infinity);
    this.silent.fill(0);
    this.latOwn.fill(0);
    this.errOwn.fill(0);
    this.lock.fill(0);
    this.sessionsMul.fill(1);
    this.instances.set(this.baseInstances);
    this.frontB.set(this.baseFrontB);
    this.redirect.set(this.baseRedirect);
  }

  /** Runs both passes once the inputs for slot `t` are written. */
  propagate(): void {
    this.pushDemand();
    this.pullImpact();
  }

  /**
   * Where a dependency of `source` really is served at this slot: a promoted database's DC-B
   * copy (for every caller); for a business system whose users DNS sends to DC-B, its app
   * tier's DC-B copy, and nothing for other DC-A dependencies (the DC-B deployment uses DC-B's
   * own). -1 = skip. Promoted copies come after every possible caller in the platform order.
   */
  private resolve(source: number, target: number): number {
    const promoted = this.redirect[target]!;
    if (promoted >= 0) return promoted;
    if (this.business[source] === 1 && this.frontB[source] === 1) {
      const partner = this.platform.nodes[target]!.partner;
      if (partner >= 0 && this.role[target] === ROLE_FRONT) return partner;
      if (partner < 0 && this.inDcA[target] === 1) return -1;
    }
    return target;
  }

  /** Top-down: each node's relative demand is the weighted average of its dependents'. */
  private pushDemand(): void {
    const { platform, demand, acc, wsum } = this;
    const { nodes, order, outStart, outTarget, outKind } = platform;
    acc.fill(0);
    wsum.fill(0);
    const t = this.t;
    const ambient = loadShape('B', t);
    for (let k = 0; k < order.length; k++) {
      const i = order[k]!;
      const node = nodes[i]!;
      let d: number;
      // What services behind the app tier see of a business surge: most of a flash sale's extra
      // traffic is pages and queueing served by the app tier; a quarter reaches caches and data.
      let dBehind: number;
      if (this.business[i] === 1) {
        const shape = loadShape(node.decl.domain ?? 'B', t);
        d = shape * this.bizFactor[i]!;
        dBehind = shape * (1 + BEHIND_APP_SHARE * (this.bizFactor[i]! - 1));
      } else {
        if (wsum[i]! > 0) d = 1 + node.spec.loadDamping * (acc[i]! / wsum[i]! - 1);
        // Nothing routed here: a standby, or a primary whose users were switched away, idles.
        else d = node.standbyFor >= 0 || this.hasDependents[i] === 1 ? STANDBY_DEMAND : ambient;
        // Containers added by a scale-out land on other workers of the pool, so the hosts on
        // record carry a smaller share of the app's load.
        dBehind = d * (node.instances / this.instances[i]!);
      }
      demand[i] = d;
      const w = node.weight;
      for (let e = outStart[i]!; e < outStart[i + 1]!; e++) {
        const kind = outKind[e];
        if (kind === EdgeCode.replicates) continue;
        const j = this.resolve(i, outTarget[e]!);
        if (j < 0) continue;
        const pushed = this.business[i] === 1 ? (this.role[j] === ROLE_FRONT ? d : dBehind) : kind === EdgeCode['runs-on'] ? dBehind : d;
        acc[j]! += w * pushed;
        wsum[j]! += w;
      }
    }
  }

  /**
   * Bottom-up: availability, capacity, latency and errors, from the hardware up. Redundant
   * links (`connects`) survive while one side does; a node whose storage or every host is gone
   * is down; a business system feels its services' latency and failures as its own.
   */
  private pullImpact(): void {
    const { platform, avail, onset, util, latency, errors, qLat, qErr } = this;
    const { nodes, order, outStart, outTarget, outKind } = platform;
    const t = this.t;
    for (let k = order.length - 1; k >= 0; k--) {
      const i = order[k]!;
      const node = nodes[i]!;
      let on = this.ownOnset[i]!;
      let runsSum = 0;
      let runsN = 0;
      let storeMin = 1;
      let connMax = -1;
      let frontMin = 1;
      let lat = this.latOwn[i]!;
      let err = this.errOwn[i]!;
      for (let e = outStart[i]!; e < outStart[i + 1]!; e++) {
        const kind = outKind[e]!;
        if (kind === EdgeCode.replicates) continue;
        const j = this.resolve(i, outTarget[e]!);
        if (j < 0) continue;
        let aj = avail[j]!;
        if (aj < 1) {
          const felt = onset[j]! + IMPACT_LAG_MS;
          if (t < felt) aj = 1;
          else if (felt < on) on = felt;
        }
        if (kind === EdgeCode['runs-on']) {
          runsSum += aj;
          runsN++;
        } else if (kind === EdgeCode['stores-on']) {
          if (aj < storeMin) storeMin = aj;
        } else if (kind === EdgeCode.connects) {
          if (aj > connMax) connMax = aj;
        } else {
          const w = this.role[j] === 0 ? 0.3 : 1;
          lat += w * (this.latency[j]! - nodes[j]!.spec.baseLatencyMs * nodes[j]!.jitter) + (1 - aj) * TIMEOUT_MS * w;
          const e2 = errors[j]! - nodes[j]!.spec.baseErrorPct + (1 - aj) * 60 * w;
          if (e2 > err) err = e2;
          if (this.role[j] === ROLE_FRONT && aj < frontMin) frontMin = aj;
        }
      }
      const runs = runsN > 0 ? runsSum / runsN : 1;
      const a = this.ownAvail[i]! * storeMin * (connMax < 0 ? 1 : connMax) * frontMin * (runs > 0 ? 1 : 0);
      avail[i] = a;
      onset[i] = a < 1 ? on : Infinity;
      const spec = node.spec;
      const cap = (this.instances[i]! / node.instances) * runs;
      const u = spec.baseUtil > 0 ? (spec.baseUtil * node.jitter * this.demand[i]!) / Math.max(cap, 0.02) : 0;
      util[i] = u;
      const rho0 = spec.baseUtil * node.jitter;
      const qf = u <= 0 ? 1 : u <= 0.9 ? (1 - rho0) / (1 - u) : ((1 - rho0) / 0.1) * (1 + 10 * (u - 0.9));
      const baseLat = spec.baseLatencyMs * node.jitter;
      qLat[i] = baseLat * (qf - 1);
      qErr[i] = u > 1 ? Math.min(60, 30 * (u - 1)) : 0;
      latency[i] = baseLat + qLat[i]! + Math.max(0, lat);
      errors[i] = Math.min(100, spec.baseErrorPct + qErr[i]! + Math.max(0, err));
    }
  }
}
