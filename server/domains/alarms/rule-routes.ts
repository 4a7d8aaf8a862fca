import { RuleCreateSchema, RuleUpdateSchema, type RuleSpec } from '../../../shared/domain/alarm-rules.js';
import { actorOf } from '../../core/auth/principal.js';
import { defineRoute, type AnyRoute } from '../../core/http/route.js';
import { AlarmRulePageSchema, AlarmRuleSchema, AlarmRuleVersionsSchema, NoQuerySchema, RuleListQuerySchema, RuleParamsSchema } from './alarm-schemas.js';
import type { RuleService } from './rule-service.js';

const READ = { permission: 'alarms:read' } as const;
const WRITE = { permission: 'rules:write' } as const;

export function ruleRoutes(rules: RuleService): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/rules',
      summary: 'Alarm rules at their current version, by id',
      tags: ['rules'],
      auth: READ,
      query: RuleListQuerySchema,
      response: AlarmRulePageSchema,
      handler: async ({ query }) => rules.list(query.limit, query.cursor),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/rules/:id',
      summary: 'One rule at its current version',
      tags: ['rules'],
      auth: READ,
      params: RuleParamsSchema,
      query: NoQuerySchema,
      response: AlarmRuleSchema,
      errors: [404],
      handler: async ({ params }) => rules.get(params.id),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/rules/:id/versions',
      summary: 'Every version of a rule, newest first',
      tags: ['rules'],
      auth: READ,
      params: RuleParamsSchema,
      query: RuleListQuerySchema,
      response: AlarmRuleVersionsSchema,
      errors: [404],
      handler: ({ params, query }) => rules.versions(params.id, query.limit, query.cursor),
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/rules',
      summary: 'Create a rule (version 1); 409 when the id exists',
      tags: ['rules'],
      auth: WRITE,
      body: RuleCreateSchema,
      response: AlarmRuleSchema,
      status: 201,
      errors: [409],
      async handler({ body, principal, audit }) {
        const { id, ...spec } = body;
        const r = await rules.create(id, spec as RuleSpec, actorOf(principal).actor);
        audit({ action: 'rule.create', target: `rule:${r.id}`, details: { version: r.version, spec } });
        return r;
      },
    }),
    defineRoute({
      method: 'PUT',
      url: '/api/v1/rules/:id',
      summary: 'Edit a rule: the whole new spec becomes a new version (409 when expectedVersion is not the current one)',
      tags: ['rules'],
      auth: WRITE,
      params: RuleParamsSchema,
      body: RuleUpdateSchema,
      response: AlarmRuleSchema,
      errors: [404, 409],
      async handler({ params, body, principal, audit }) {
        const { expectedVersion, ...spec } = body;
        const r = await rules.update(params.id, spec as RuleSpec, expectedVersion, actorOf(principal).actor);
        audit({ action: 'rule.update', target: `rule:${r.id}`, details: { version: r.version, spec } });
        return r;
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/v1/rules/:id',
      summary: 'Disable a rule: a new version with enabled=false (history kept; its open alarms clear)',
      tags: ['rules'],
      auth: WRITE,
      params: RuleParamsSchema,
      query: NoQuerySchema,
      response: AlarmRuleSchema,
      errors: [404, 409],
      async handler({ params, principal, audit }) {
        const r = await rules.disable(params.id, actorOf(principal).actor);
        audit({ action: 'rule.disable', target: `rule:${r.id}`, details: { version: r.version } });
        return r;
      },
    }),
  ];
}
