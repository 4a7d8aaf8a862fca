import {
  HealthNodeParamsSchema,
  HealthScoreSchema,
  HealthScoresQuerySchema,
  HealthScoresResponseSchema,
  SlaQuerySchema,
  SlaResponseSchema,
} from '../../../shared/protocol/health.js';
import { DOMAINS, type BusinessDomain } from '../../../shared/domain/topology.js';
import { audienceOf, type Audience, type Principal } from '../../core/auth/principal.js';
import type { Clock } from '../../core/clock.js';
import { errors } from '../../core/errors.js';
import { defineRoute, type AnyRoute } from '../../core/http/route.js';
import type { TopologyGraph, VisibilityIndex } from '../topology/index.js';
import type { HealthViews } from './health-views.js';
import type { OutageHistory } from './outage-history.js';
import { slaFigure, slaWindow } from './sla.js';

export interface HealthRoutesDeps {
  graph: TopologyGraph;
  visibility: VisibilityIndex;
  views: HealthViews;
  outages: OutageHistory;
  sourceClock: Clock;
}

const audience = (p: Principal | null): Audience => (p ? audienceOf(p) : { kind: 'nobody' });

/** Health scores and SLA figures, read-only, filtered to the caller's audience like topology. */
export function healthRoutes(deps: HealthRoutesDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/health/scores',
      summary: 'Health scores of a scope (B/O/M domains, business systems, components or a layer), worst first',
      tags: ['health'],
      auth: { permission: 'topology:read' },
      query: HealthScoresQuerySchema,
      response: HealthScoresResponseSchema,
      async handler({ query, principal }) {
        return deps.views.list(query.scope, audience(principal), query.limit, query.cursor);
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/health/scores/:nodeId',
      summary: "One node's (or `domain:B|O|M`) score with the factors that explain it",
      tags: ['health'],
      auth: { permission: 'topology:read' },
      params: HealthNodeParamsSchema,
      response: HealthScoreSchema,
      errors: [404],
      async handler({ params, principal }) {
        const a = audience(principal);
        const node = deps.views.score(params.nodeId, a);
        if (node) return node;
        const d = /^domain:([BOM])$/.exec(params.nodeId)?.[1] as BusinessDomain | undefined;
        if (d && DOMAINS.includes(d) && !deps.graph.hasNode(params.nodeId) && a.kind !== 'nobody') return deps.views.domain(d, a);
        // Invisible and unknown answer the same, so another tenant's node ids do not leak.
        throw errors.notFound('node');
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/health/sla',
      summary: 'Availability of business systems over the last day, week or month against their targets',
      tags: ['health'],
      auth: { permission: 'topology:read' },
      query: SlaQuerySchema,
      response: SlaResponseSchema,
      errors: [404],
      async handler({ query, principal }) {
        const a = audience(principal);
        const window = slaWindow(query.period, deps.sourceClock.now());
        const ids = query.node ? [query.node] : deps.views.business.list();
        const items = [];
        for (const id of ids) {
          const node = deps.graph.node(id);
          const ok = node && node.layer === 'business' && deps.visibility.isNodeVisible(id, a);
          if (!ok) {
            if (query.node) throw errors.notFound('business system');
            continue;
          }
          items.push(slaFigure(deps.outages, node, window));
        }
        return { period: query.period, from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString(), items };
      },
    }),
  ];
}
