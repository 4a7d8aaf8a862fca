import { SEVERITY_RANK } from '../../../shared/domain/alarms.js';
import type { EscalationPolicy, EscalationPolicySpec } from '../../../shared/domain/incidents.js';
import type { Tier } from '../../../shared/domain/roles.js';
import type { NotificationPayload } from '../../../shared/protocol/incidents.js';
import type { TopologyGraph, VisibilityIndex } from '../topology/index.js';
import type { DependencyIndex } from './dependency-index.js';
import type { EscalationConfig } from './escalation-config.js';
import type { IncidentBook } from './incident-book.js';
import type { IncidentRecord } from './incident-record.js';
import { channelKind, type ChannelDeps } from './notification-channels.js';

type Step = EscalationPolicySpec['steps'][number];

/** Deliveries waiting for an answer; past this a step is recorded as not delivered instead of queued. */
export const MAX_DELIVERIES_IN_FLIGHT = 500;

export interface EscalatorCounters {
  escalations: number;
  deliveries: { ok: number; failed: number; skipped: number };
}

/**
 * Escalation on source time (故障升级制度): which policy covers an incident (the most specific:
 * one naming a business system the incident reaches, then one naming a tenant whose systems it
 * touches, then the default), when its next step is due, and what a step does: raise the tier,
 * hand the incident to the tier's first person on call, tell the policy's channels, and write
 * both on the timeline ('escalated', then 'notified' once every channel answered or failed).
 *
 *   open, unacknowledged, severity ≥ policy.minSeverity ──nextEscalationAt passes──▶ next tier
 *   acknowledged | resolved | merged | last tier reached ──▶ nextEscalationAt = null
 *
 * The next step is due `step.afterMinutes − current step's afterMinutes` after the tier last
 * changed; nextEscalationAt is stored, so a restart neither loses nor repeats a step.
 */
export class Escalator {
  private readonly inFlight = new Set<Promise<void>>();
  readonly counters: EscalatorCounters = { escalations: 0, deliveries: { ok: 0, failed: 0, skipped: 0 } };

  constructor(
    private readonly book: IncidentBook,
    private readonly config: EscalationConfig,
    private readonly deps: DependencyIndex,
    private readonly graph: TopologyGraph,
    private readonly visibility: VisibilityIndex,
    private readonly channelDeps: ChannelDeps,
  ) {}

  get deliveriesInFlight(): number {
    return this.inFlight.size;
  }

  /** Resolves once every delivery started so far has answered or failed (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** The most specific policy: service, then tenant, then the default; ties by id. */
  policyFor(rec: IncidentRecord): EscalationPolicy {
    let tenantMatch: EscalationPolicy | undefined;
    for (const p of this.config.policies()) {
      if (p.service !== null) {
        if (this.reachesService(rec, p.service)) return p;
      } else if (p.tenant !== null && !tenantMatch && this.touchesTenant(rec, p.tenant)) {
        tenantMatch = p;
      }
    }
    return tenantMatch ?? this.config.defaultPolicy();
  }

  /** The engine step: (re)schedule what changed, then run every step that is due. */
  tick(now: number): void {
    for (const id of this.book.toSchedule) {
      const rec = this.book.get(id);
      if (rec) this.schedule(rec, now);
    }
    this.book.toSchedule.clear();
    for (const rec of this.book.openIncidents()) {
      if (rec.nextEscalationAt !== null && rec.nextEscalationAt <= now) {
        const policy = this.config.policy(rec.policyId) ?? this.policyFor(rec);
        const step = nextStep(policy, rec.tier);
        rec.nextEscalationAt = null;
        if (step) this.escalate(rec, step.tier, 'escalation', now, step, null);
        else this.book.touch(rec, now);
      }
    }
  }

  /** Sets `nextEscalationAt` from the policy; keeps a timer already running. */
  schedule(rec: IncidentRecord, now: number): void {
    const before = rec.nextEscalationAt;
    const firstTime = rec.policyId === null;
    const policy = this.policyFor(rec);
    const policyChanged = rec.policyId !== policy.id;
    rec.policyId = policy.id;
    if (firstTime && rec.assignee === null) rec.assignee = this.config.onCall().schedule.tiers[rec.tier][0] ?? null;
    const step = nextStep(policy, rec.tier);
    if (rec.state !== 'open' || !step || SEVERITY_RANK[rec.severity] < SEVERITY_RANK[policy.minSeverity]) {
      rec.nextEscalationAt = null;
    } else if (rec.nextEscalationAt === null || policyChanged) {
      // The timer runs from the tier change; an incident that only now qualifies (its severity
      // rose) starts its timer now rather than stepping up at once.
      const base = firstTime || policyChanged ? rec.tierChangedAt : Math.max(rec.tierChangedAt, now);
      rec.nextEscalationAt = base + (step.afterMinutes - reachedAfter(policy, rec.tier)) * 60_000;
    }
    if (firstTime || policyChanged || before !== rec.nextEscalationAt) this.book.touch(rec, now);
  }

  /**
   * Moves an incident to `tier` (by the timer or by hand), assigns the tier's first person on
   * call, records the step and tells the policy's channels.
   */
  escalate(rec: IncidentRecord, tier: Tier, by: string, now: number, step: Step | null, comment: string | null): void {
    const from = rec.tier;
    rec.tier = tier;
    rec.tierChangedAt = now;
    rec.nextEscalationAt = null;
    const onCall = this.config.onCall().schedule;
    const people = onCall.tiers[tier];
    if (people[0]) rec.assignee = people[0];
    const policy = this.config.policy(rec.policyId) ?? this.policyFor(rec);
    rec.policyId = policy.id;
    this.book.timeline(rec, 'escalated', by, now, comment, { from, to: tier, policyId: policy.id, auto: step !== null, assignee: rec.assignee });
    this.counters.escalations++;
    this.schedule(rec, now);
    this.book.touch(rec, now);
    this.notify(rec, policy, { incident: rec.view(), tier, step, people: [...people], dutyManager: onCall.dutyManager, by }, now);
  }

  private notify(rec: IncidentRecord, policy: EscalationPolicy, payload: NotificationPayload, now: number): void {
    const channels = policy.channels.map((id) => this.config.channel(id)).filter((c) => c !== undefined && c.enabled);
    const base = { tier: payload.tier, people: payload.people, dutyManager: payload.dutyManager };
    if (channels.length === 0) {
      this.book.timeline(rec, 'notified', 'escalation', now, null, { ...base, deliveries: [] });
      return;
    }
    if (this.inFlight.size >= MAX_DELIVERIES_IN_FLIGHT) {
      this.counters.deliveries.skipped += channels.length;
      const deliveries = channels.map((c) => ({ channel: c!.id, ok: false, error: 'too many deliveries in flight' }));
      this.book.timeline(rec, 'notified', 'escalation', now, null, { ...base, deliveries });
      return;
    }
    const run = Promise.all(
      channels.map(async (c) => {
        try {
          await channelKind(c!.kind).send(c!, payload, this.channelDeps);
          this.counters.deliveries.ok++;
          return { channel: c!.id, ok: true };
        } catch (err) {
          this.counters.deliveries.failed++;
          return { channel: c!.id, ok: false, error: String((err as Error).message ?? err).slice(0, 300) };
        }
      }),
    ).then((deliveries) => {
      // Recorded at the step's time: the entry says what this step did, however long delivery took.
      this.book.timeline(rec, 'notified', 'escalation', now, null, { ...base, deliveries });
      this.book.touch(rec, now);
    });
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
  }

  private reachesService(rec: IncidentRecord, service: string): boolean {
    if (rec.nodes.has(service) || rec.rootResource === service) return true;
    return this.deps.dependsOn(service, rec.rootResource);
  }

  private touchesTenant(rec: IncidentRecord, tenant: string): boolean {
    for (const node of rec.nodes.keys()) if (this.graph.node(node)?.tenant === tenant) return true;
    return this.visibility.isNodeVisible(rec.rootResource, { kind: 'tenants', tenants: [tenant] });
  }
}

/** The first step that raises the tier above `tier`. */
export function nextStep(policy: EscalationPolicySpec, tier: Tier): Step | undefined {
  return policy.steps.find((s) => s.tier > tier);
}

/** Minutes after opening at which `tier` is reached by this policy (0 below its first step). */
function reachedAfter(policy: EscalationPolicySpec, tier: Tier): number {
  let after = 0;
  for (const s of policy.steps) if (s.tier <= tier) after = s.afterMinutes;
  return after;
}
