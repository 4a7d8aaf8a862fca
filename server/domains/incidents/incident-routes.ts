import { z } from 'zod';
import { pageOf } from '../../../shared/protocol/api.js';
import {
  AlarmActionSchema,
  AssignSchema,
  CommentSchema,
  EscalateSchema,
  IdParamsSchema,
  IncidentListQuerySchema,
} from '../../../shared/protocol/alarms.js';
import { IncidentDetailSchema, IncidentSchema } from '../../../shared/protocol/incidents.js';
import { defineRoute, type AnyRoute } from '../../core/http/route.js';
import { AlarmSchema } from '../alarms/alarm-schemas.js';
import type { IncidentService } from './incident-service.js';

const READ = { permission: 'alarms:read' } as const;
const ACT = { permission: 'alarms:act' } as const;
const ESCALATE = { permission: 'incidents:escalate' } as const;
const NoQuerySchema = z.strictObject({});
const target = (id: string) => `incident:${id}`;
/** The members are the alarms routes' own objects. */
const DetailSchema = IncidentDetailSchema.extend({ alarms: z.array(AlarmSchema) });

/** `/api/v1/incidents`: read as your audience sees them; act on them as an operator. */
export function incidentRoutes(service: IncidentService): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/incidents',
      summary: 'Incidents you can see (default: open and acknowledged), newest first',
      tags: ['incidents'],
      auth: READ,
      query: IncidentListQuerySchema,
      response: pageOf(IncidentSchema),
      handler: async ({ query, principal }) => service.list(principal!, query),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/incidents/:id',
      summary: 'One incident: its member alarms (root first, bounded) and its timeline',
      tags: ['incidents'],
      auth: READ,
      query: NoQuerySchema,
      params: IdParamsSchema,
      response: DetailSchema,
      handler: ({ params, principal }) => service.detail(principal!, params.id),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/incidents/:id/ack',
      summary: 'Acknowledge an incident and every open alarm in it; stops its escalation',
      tags: ['incidents'],
      auth: ACT,
      params: IdParamsSchema,
      body: AlarmActionSchema,
      response: IncidentSchema,
      errors: [409],
      handler: async ({ params, body, principal, audit }) => {
        const incident = service.acknowledge(principal!, params.id, body.comment ?? null);
        audit({ action: 'incident.ack', target: target(params.id), details: { comment: body.comment ?? null } });
        return incident;
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/incidents/:id/assign',
      summary: "Assign an incident (and its open alarms); someone outside the tier's on-call people needs incidents:dispatch",
      tags: ['incidents'],
      auth: ACT,
      params: IdParamsSchema,
      body: AssignSchema,
      response: IncidentSchema,
      errors: [409],
      handler: async ({ params, body, principal, audit }) => {
        const incident = service.assign(principal!, params.id, body.assignee, body.comment ?? null);
        audit({ action: 'incident.assign', target: target(params.id), details: { assignee: body.assignee } });
        return incident;
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/incidents/:id/escalate',
      summary: 'Escalate to the next tier (or a given one; a lower tier needs incidents:dispatch)',
      tags: ['incidents'],
      auth: ESCALATE,
      params: IdParamsSchema,
      body: EscalateSchema,
      response: IncidentSchema,
      errors: [409],
      handler: async ({ params, body, principal, audit }) => {
        const incident = service.escalate(principal!, params.id, body.tier, body.comment ?? null);
        audit({ action: 'incident.escalate', target: target(params.id), details: { tier: incident.tier } });
        return incident;
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/incidents/:id/comment',
      summary: "Add a comment to an incident's timeline",
      tags: ['incidents'],
      auth: ACT,
      params: IdParamsSchema,
      body: CommentSchema,
      response: IncidentSchema,
      handler: async ({ params, body, principal, audit }) => {
        const incident = await service.comment(principal!, params.id, body.comment);
        audit({ action: 'incident.comment', target: target(params.id) });
        return incident;
      },
    }),
  ];
}
