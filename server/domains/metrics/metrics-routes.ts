import { z } from 'zod';
import { NodeDeclarationSchema, SampleSchema } from '../../../shared/domain/topology.js';
import { audienceOf, type Principal } from '../../core/auth/principal.js';
import type { Clock } from '../../core/clock.js';
import { AppError, errors } from '../../core/errors.js';
import { defineRoute, type AnyRoute } from '../../core/http/route.js';
import type { MetricStore } from './metric-store.js';
import type { NodeAccess } from './node-access.js';

const HOUR_MS = 3_600_000;
/** The hour tier holds a week; a little more lets "the last 7 days" be asked with slack. */
export const MAX_RANGE_MS = 8 * 24 * HOUR_MS;
/** Clients on wall time may run ahead of source time a little; a day past it is a mistake. */
export const MAX_FUTURE_MS = 24 * HOUR_MS;
export const MAX_POINTS = 2000;

const NodeIdSchema = NodeDeclarationSchema.shape.id;
const MetricNameSchema = SampleSchema.shape.metric;

/** A time on the query string: ISO 8601 (UTC or with offset) or epoch milliseconds. */
const TimeParamSchema = z
  .string()
  .max(40)
  .describe('ISO 8601 time or epoch milliseconds')
  .transform((s, ctx) => {
    const t = /^\d{1,15}$/.test(s) ? Number(s) : /^\d{4}-\d{2}-\d{2}/.test(s) ? Date.parse(s) : NaN;
    if (!Number.isFinite(t) || t < 0) {
      ctx.addIssue({ code: 'custom', message: 'expected an ISO 8601 time or epoch milliseconds' });
      return z.NEVER;
    }
    return t;
  });

export const MetricsQuerySchema = z.strictObject({
  node: NodeIdSchema,
  metric: MetricNameSchema,
  from: TimeParamSchema.optional().describe('Default: one hour before `to`'),
  to: TimeParamSchema.optional().describe('Default: source time now'),
  points: z.coerce.number().int().min(1).max(MAX_POINTS).default(300).describe('At most this many buckets'),
});

const PointSchema = z.object({
  t: z.string(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  avg: z.number().nullable(),
});

export const MetricsResponseSchema = z.object({
  node: z.string(),
  metric: z.string(),
  from: z.string(),
  to: z.string(),
  tier: z.enum(['raw', '5m', '1h']),
  /** Width of each bucket in ms. */
  step: z.number(),
  points: z.array(PointSchema),
});

export const SeriesQuerySchema = z.strictObject({ node: NodeIdSchema });
export const SeriesResponseSchema = z.object({
  node: z.string(),
  series: z.array(z.object({ metric: z.string(), t: z.string().nullable(), v: z.number().nullable() })),
});

export interface MetricsRoutesDeps {
  store: MetricStore;
  access: NodeAccess;
  sourceClock: Clock;
}

export function metricsRoutes(deps: MetricsRoutesDeps): AnyRoute[] {
  const requireVisible = (node: string, principal: Principal | null) => {
    // Invisible and unknown answer the same, so another tenant's node ids do not leak.
    if (!principal || !deps.access.visible(node, audienceOf(principal))) throw errors.notFound('node');
  };
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/metrics',
      summary: 'History of one series as {t, min, max, avg} buckets (spikes survive in max)',
      tags: ['metrics'],
      auth: { permission: 'metrics:read' },
      query: MetricsQuerySchema,
      response: MetricsResponseSchema,
      errors: [404],
      async handler({ query, principal }) {
        const now = deps.sourceClock.now();
        const to = query.to ?? now;
        const from = query.from ?? to - HOUR_MS;
        if (from >= to) throw new AppError(400, 'bad_range', '`from` must be before `to`');
        if (to - from > MAX_RANGE_MS) throw new AppError(400, 'range_too_large', 'ranges are limited to 8 days');
        if (to > now + MAX_FUTURE_MS) throw new AppError(400, 'future_range', '`to` is too far in the future');
        requireVisible(query.node, principal);
        const r = deps.store.query(query.node, query.metric, from, to, query.points);
        if (!r) throw errors.notFound('series');
        return {
          node: query.node,
          metric: query.metric,
          from: new Date(from).toISOString(),
          to: new Date(to).toISOString(),
          ...r,
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/metrics/series',
      summary: "A node's metric names with their latest values",
      tags: ['metrics'],
      auth: { permission: 'metrics:read' },
      query: SeriesQuerySchema,
      response: SeriesResponseSchema,
      errors: [404],
      async handler({ query, principal }) {
        requireVisible(query.node, principal);
        return {
          node: query.node,
          series: deps.store.metricsOf(query.node).map((metric) => {
            const l = deps.store.latest(query.node, metric);
            return { metric, t: l ? new Date(l.t).toISOString() : null, v: l ? l.v : null };
          }),
        };
      },
    }),
  ];
}
