import { z } from 'zod';
import { MAX_BATCH } from '../../../shared/protocol/api.js';
import { EdgeSchema, NodeDeclarationSchema, SampleSchema } from '../../../shared/domain/topology.js';
import type { Principal } from '../../core/auth/principal.js';
import { AppError } from '../../core/errors.js';
import { defineRoute, type AnyRoute } from '../../core/http/route.js';
import type { IngestPort, IngestScope } from './ingest-port.js';

export const SamplesRequestSchema = z.strictObject({
  samples: z.array(SampleSchema).min(1).max(MAX_BATCH, `at most ${MAX_BATCH} samples per batch`),
});

export const SamplesResponseSchema = z.object({
  accepted: z.number().int(),
  rejected: z.number().int(),
  errors: z.array(
    z.object({
      index: z.number().int(),
      reason: z.enum(['invalid', 'unknown_node', 'future', 'too_old', 'series_limit']),
    }),
  ),
});

export const InventoryRequestSchema = z.strictObject({
  nodes: z.array(NodeDeclarationSchema).max(MAX_BATCH, `at most ${MAX_BATCH} nodes per batch`).default([]),
  edges: z.array(EdgeSchema).max(MAX_BATCH, `at most ${MAX_BATCH} edges per batch`).default([]),
});

export const InventoryResponseSchema = z.object({
  /** Nodes added or changed (re-declaring an identical node counts 0). */
  nodes: z.number().int(),
  /** Edges added. */
  edges: z.number().int(),
});

/** An API key bound to a tenant may only feed that tenant's nodes. */
function scopeOf(p: Principal | null): IngestScope | undefined {
  return p?.kind === 'apikey' && p.tenantId ? { tenant: p.tenantId } : undefined;
}

export function ingestRoutes(port: IngestPort): AnyRoute[] {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/ingest/samples',
      summary: 'Push metric samples (at most 1,000 per batch; each accepted or refused on its own)',
      tags: ['ingest'],
      auth: { permission: 'ingest:write' },
      body: SamplesRequestSchema,
      response: SamplesResponseSchema,
      auditExempt: 'high-rate data: counted by result and reason in /metrics (skyfort_ingest_samples_total)',
      async handler({ body, principal }) {
        return port.samples(body.samples, scopeOf(principal));
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/ingest/inventory',
      summary: 'Declare nodes and edges (at most 1,000 of each; all or nothing)',
      tags: ['ingest'],
      auth: { permission: 'ingest:write' },
      body: InventoryRequestSchema,
      response: InventoryResponseSchema,
      async handler({ body, principal, audit }) {
        if (body.nodes.length === 0 && body.edges.length === 0) {
          throw new AppError(400, 'empty_inventory', 'declare at least one node or edge');
        }
        const r = port.declare(body, scopeOf(principal));
        audit({
          action: 'ingest.inventory',
          target: null,
          details: { declaredNodes: body.nodes.length, declaredEdges: body.edges.length, changedNodes: r.nodes, addedEdges: r.edges },
        });
        return r;
      },
    }),
  ];
}
