import { z } from 'zod';
import { PageQuerySchema, pageOf } from '../../../shared/protocol/api.js';
import { defineRoute, type AnyRoute } from '../../core/http/route.js';
import type { AuditLog } from './audit-log.js';

export const AuditRecordSchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  actorKind: z.enum(['user', 'display', 'apikey', 'system']),
  action: z.string(),
  target: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
  prevHash: z.string(),
  hash: z.string(),
});

export const AuditListQuerySchema = PageQuerySchema.extend({
  action: z.string().min(1).max(100).optional().describe('Only this action, e.g. `user.create`'),
  actor: z.string().min(1).max(200).optional().describe('Only this actor, e.g. a username'),
});

/** /audit/verify takes no parameters and refuses unknown ones. */
const NoQuerySchema = z.strictObject({});

export const AuditVerifyResponseSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBadSeq: z.number().int().nullable(),
});

export function auditRoutes(audit: AuditLog): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/audit',
      summary: 'Audit records, newest first',
      tags: ['audit'],
      auth: { permission: 'audit:read' },
      query: AuditListQuerySchema,
      response: pageOf(AuditRecordSchema),
      handler: async ({ query }) => audit.list(query),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/audit/verify',
      summary: 'Recompute the audit hash chain and report the first record that does not match',
      tags: ['audit'],
      auth: { permission: 'audit:read' },
      query: NoQuerySchema,
      response: AuditVerifyResponseSchema,
      handler: async () => audit.verify(),
    }),
  ];
}
