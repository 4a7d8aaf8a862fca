import { z } from 'zod';
import { EscalationPolicySpecSchema, OnCallScheduleSchema } from '../../../shared/domain/incidents.js';
import { NotificationChannelSchema, NotificationChannelSpecSchema } from '../../../shared/domain/notification-channels.js';
import { IdParamsSchema } from '../../../shared/protocol/alarms.js';
import { EscalationPolicySchema, OnCallResponseSchema } from '../../../shared/protocol/incidents.js';
import { actorOf } from '../../core/auth/principal.js';
import { defineRoute, type AnyRoute } from '../../core/http/route.js';
import type { EscalationConfig } from './escalation-config.js';

const READ = { permission: 'alarms:read' } as const;
const MANAGE = { permission: 'escalation:manage' } as const;
const NoQuerySchema = z.strictObject({});
const DeletedSchema = z.object({ id: z.string(), deleted: z.literal(true) });

/**
 * Escalation policies and the on-call schedule (readable by whoever reads incidents: the desk
 * needs to know who is on duty), and notification channels (their URLs are configuration, so
 * only escalation managers see them). Every change is audited.
 */
export function escalationRoutes(config: EscalationConfig): AnyRoute[] {
  const policies = '/api/v1/escalation-policies';
  const channels = '/api/v1/notification-channels';
  return [
    defineRoute({
      method: 'GET',
      url: policies,
      summary: 'Escalation policies (most specific applies: service, then tenant, then the default)',
      tags: ['escalation'],
      auth: READ,
      query: NoQuerySchema,
      response: z.object({ items: z.array(EscalationPolicySchema) }),
      handler: async () => ({ items: config.policies() }),
    }),
    defineRoute({
      method: 'POST',
      url: policies,
      summary: 'Create an escalation policy for a tenant or a business system',
      tags: ['escalation'],
      auth: MANAGE,
      body: EscalationPolicySpecSchema,
      response: EscalationPolicySchema,
      status: 201,
      errors: [409],
      handler: async ({ body, principal, audit }) => {
        const p = await config.createPolicy(body, actorOf(principal).actor);
        audit({ action: 'escalation-policy.create', target: `escalation-policy:${p.id}`, details: { name: p.name, tenant: p.tenant, service: p.service } });
        return p;
      },
    }),
    defineRoute({
      method: 'PUT',
      url: `${policies}/:id`,
      summary: 'Replace an escalation policy',
      tags: ['escalation'],
      auth: MANAGE,
      params: IdParamsSchema,
      body: EscalationPolicySpecSchema,
      response: EscalationPolicySchema,
      errors: [409],
      handler: async ({ params, body, principal, audit }) => {
        const p = await config.updatePolicy(params.id, body, actorOf(principal).actor);
        audit({ action: 'escalation-policy.update', target: `escalation-policy:${p.id}`, details: { steps: p.steps, minSeverity: p.minSeverity } });
        return p;
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: `${policies}/:id`,
      summary: 'Delete an escalation policy (not the default)',
      tags: ['escalation'],
      auth: MANAGE,
      query: NoQuerySchema,
      params: IdParamsSchema,
      response: DeletedSchema,
      errors: [409],
      handler: async ({ params, audit }) => {
        const p = await config.deletePolicy(params.id);
        audit({ action: 'escalation-policy.delete', target: `escalation-policy:${p.id}`, details: { name: p.name } });
        return { id: p.id, deleted: true as const };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/oncall',
      summary: 'Who is on duty: the SRE duty manager and each tier’s people',
      tags: ['escalation'],
      auth: READ,
      query: NoQuerySchema,
      response: OnCallResponseSchema,
      handler: async () => {
        const o = config.onCall();
        return { ...o.schedule, updatedBy: o.updatedBy, updatedAt: o.updatedAt };
      },
    }),
    defineRoute({
      method: 'PUT',
      url: '/api/v1/oncall',
      summary: 'Replace the on-call schedule',
      tags: ['escalation'],
      auth: MANAGE,
      body: OnCallScheduleSchema,
      response: OnCallResponseSchema,
      handler: async ({ body, principal, audit }) => {
        const o = await config.putOnCall(body, actorOf(principal).actor);
        audit({ action: 'oncall.update', target: 'oncall', details: { dutyManager: body.dutyManager } });
        return { ...o.schedule, updatedBy: o.updatedBy, updatedAt: o.updatedAt };
      },
    }),
    defineRoute({
      method: 'GET',
      url: channels,
      summary: 'Notification channels (kinds: webhook)',
      tags: ['escalation'],
      auth: MANAGE,
      query: NoQuerySchema,
      response: z.object({ items: z.array(NotificationChannelSchema) }),
      handler: async () => ({ items: config.channels() }),
    }),
    defineRoute({
      method: 'POST',
      url: channels,
      summary: 'Create a notification channel',
      tags: ['escalation'],
      auth: MANAGE,
      body: NotificationChannelSpecSchema,
      response: NotificationChannelSchema,
      status: 201,
      errors: [409],
      handler: async ({ body, principal, audit }) => {
        const c = await config.createChannel(body, actorOf(principal).actor);
        audit({ action: 'notification-channel.create', target: `notification-channel:${c.id}`, details: { kind: c.kind, name: c.name } });
        return c;
      },
    }),
    defineRoute({
      method: 'PUT',
      url: `${channels}/:id`,
      summary: 'Replace a notification channel',
      tags: ['escalation'],
      auth: MANAGE,
      params: IdParamsSchema,
      body: NotificationChannelSpecSchema,
      response: NotificationChannelSchema,
      handler: async ({ params, body, principal, audit }) => {
        const c = await config.updateChannel(params.id, body, actorOf(principal).actor);
        audit({ action: 'notification-channel.update', target: `notification-channel:${c.id}`, details: { kind: c.kind, name: c.name } });
        return c;
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: `${channels}/:id`,
      summary: 'Delete a notification channel no policy uses',
      tags: ['escalation'],
      auth: MANAGE,
      query: NoQuerySchema,
      params: IdParamsSchema,
      response: DeletedSchema,
      errors: [409],
      handler: async ({ params, audit }) => {
        const c = await config.deleteChannel(params.id);
        audit({ action: 'notification-channel.delete', target: `notification-channel:${c.id}`, details: { name: c.name } });
        return { id: c.id, deleted: true as const };
      },
    }),
  ];
}
