import { randomBytes } from 'node:crypto';
import { DEFAULT_ESCALATION_STEPS, type EscalationPolicy, type EscalationPolicySpec, type OnCallSchedule } from '../../../shared/domain/incidents.js';
import type { NotificationChannel, NotificationChannelSpec } from '../../../shared/domain/notification-channels.js';
import { DEFAULT_POLICY_ID } from '../../../shared/protocol/incidents.js';
import type { Clock } from '../../core/clock.js';
import { errors } from '../../core/errors.js';
import type { IncidentRepository, StoredOnCall } from './incident-repository.js';

/** Policies and channels are configuration, not data: a few dozen at most. */
export const MAX_POLICIES = 200;
export const MAX_CHANNELS = 100;

export const EMPTY_ONCALL: OnCallSchedule = { dutyManager: null, tiers: { 1: [], 2: [], 3: [], 4: [] } };

const newId = (prefix: string) => `${prefix}-${randomBytes(5).toString('hex')}`;

/**
 * Escalation policies, the on-call schedule and notification channels: written through to the
 * store at once (they are rare, deliberate changes) and read from memory by the escalation timer.
 * A fresh store gets the default policy (DEFAULT_ESCALATION_STEPS), which cannot be deleted, and
 * there is only ever one default (a policy with neither tenant nor service).
 */
export class EscalationConfig {
  private policyMap = new Map<string, EscalationPolicy>();
  private channelMap = new Map<string, NotificationChannel>();
  private onCallState: StoredOnCall | null = null;

  constructor(
    private readonly repo: IncidentRepository,
    private readonly wallClock: Clock,
  ) {}

  async load(): Promise<void> {
    const policies = await this.repo.listPolicies();
    if (!policies.some((p) => p.id === DEFAULT_POLICY_ID)) {
      const seeded: EscalationPolicy = {
        id: DEFAULT_POLICY_ID,
        name: 'Default',
        tenant: null,
        service: null,
        steps: DEFAULT_ESCALATION_STEPS,
        channels: [],
        minSeverity: 'major',
        updatedBy: 'system',
        updatedAt: this.stamp(),
      };
      await this.repo.putPolicy(seeded);
      policies.push(seeded);
    }
    this.policyMap = new Map(policies.map((p) => [p.id, p]));
    this.channelMap = new Map((await this.repo.listChannels()).map((c) => [c.id, c]));
    this.onCallState = await this.repo.getOnCall();
  }

  policies(): EscalationPolicy[] {
    return [...this.policyMap.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  }
  policy(id: string | null): EscalationPolicy | undefined {
    return id === null ? undefined : this.policyMap.get(id);
  }
  defaultPolicy(): EscalationPolicy {
    return this.policyMap.get(DEFAULT_POLICY_ID)!;
  }

  async createPolicy(spec: EscalationPolicySpec, by: string): Promise<EscalationPolicy> {
    if (this.policyMap.size >= MAX_POLICIES) throw errors.conflict(`at most ${MAX_POLICIES} escalation policies`);
    this.checkPolicy(spec, null);
    const policy = { ...spec, id: newId('pol'), updatedBy: by, updatedAt: this.stamp() };
    await this.repo.putPolicy(policy);
    this.policyMap.set(policy.id, policy);
    return policy;
  }

  async updatePolicy(id: string, spec: EscalationPolicySpec, by: string): Promise<EscalationPolicy> {
    if (!this.policyMap.has(id)) throw errors.notFound('escalation policy');
    if (id === DEFAULT_POLICY_ID && (spec.tenant !== null || spec.service !== null)) {
      throw errors.conflict('the default policy covers every incident: it takes neither tenant nor service');
    }
    this.checkPolicy(spec, id);
    const policy = { ...spec, id, updatedBy: by, updatedAt: this.stamp() };
    await this.repo.putPolicy(policy);
    this.policyMap.set(id, policy);
    return policy;
  }

  async deletePolicy(id: string): Promise<EscalationPolicy> {
    const p = this.policyMap.get(id);
    if (!p) throw errors.notFound('escalation policy');
    if (id === DEFAULT_POLICY_ID) throw errors.conflict('the default policy cannot be deleted');
    await this.repo.deletePolicy(id);
    this.policyMap.delete(id);
    return p;
  }

  onCall(): StoredOnCall {
    return this.onCallState ?? { schedule: EMPTY_ONCALL, updatedBy: 'system', updatedAt: this.stamp() };
  }

  async putOnCall(schedule: OnCallSchedule, by: string): Promise<StoredOnCall> {
    const next = { schedule, updatedBy: by, updatedAt: this.stamp() };
    await this.repo.putOnCall(next);
    this.onCallState = next;
    return next;
  }

  channels(): NotificationChannel[] {
    return [...this.channelMap.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  }
  channel(id: string): NotificationChannel | undefined {
    return this.channelMap.get(id);
  }

  async createChannel(spec: NotificationChannelSpec, by: string): Promise<NotificationChannel> {
    if (this.channelMap.size >= MAX_CHANNELS) throw errors.conflict(`at most ${MAX_CHANNELS} notification channels`);
    const channel = { ...spec, id: newId('ch'), updatedBy: by, updatedAt: this.stamp() } as NotificationChannel;
    await this.repo.putChannel(channel);
    this.channelMap.set(channel.id, channel);
    return channel;
  }

  async updateChannel(id: string, spec: NotificationChannelSpec, by: string): Promise<NotificationChannel> {
    if (!this.channelMap.has(id)) throw errors.notFound('notification channel');
    const channel = { ...spec, id, updatedBy: by, updatedAt: this.stamp() } as NotificationChannel;
    await this.repo.putChannel(channel);
    this.channelMap.set(id, channel);
    return channel;
  }

  async deleteChannel(id: string): Promise<NotificationChannel> {
    const c = this.channelMap.get(id);
    if (!c) throw errors.notFound('notification channel');
    const users = this.policies().filter((p) => p.channels.includes(id));
    if (users.length > 0) throw errors.conflict(`channel ${id} is used by policy ${users.map((p) => p.id).join(', ')}`);
    await this.repo.deleteChannel(id);
    this.channelMap.delete(id);
    return c;
  }

  private checkPolicy(spec: EscalationPolicySpec, id: string | null): void {
    for (const ch of spec.channels) if (!this.channelMap.has(ch)) throw errors.badRequest(`no notification channel ${ch}`);
    if (spec.tenant === null && spec.service === null && id !== DEFAULT_POLICY_ID) {
      throw errors.conflict('there is one default policy (neither tenant nor service): edit it instead');
    }
    const same = [...this.policyMap.values()].find((p) => p.id !== id && p.tenant === spec.tenant && p.service === spec.service);
    if (same) throw errors.conflict(`policy ${same.id} already covers this tenant and service`);
  }

  private stamp(): string {
    return new Date(this.wallClock.now()).toISOString();
  }
}
