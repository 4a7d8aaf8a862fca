import { z } from 'zod';
import { MAX_PAGE } from './api.js';
import { MAX_PANELS, PANEL_CHARTS, TIME_RANGES } from '../domain/dashboards.js';

/** REST shapes of tenant dashboards (`/api/v1/dashboards`); rules in shared/domain/dashboards.ts. */

const NodeId = z.string().min(1).max(200);
const MetricName = z.string().min(1).max(100);

export const PanelThresholdsSchema = z
  .strictObject({
    direction: z.enum(['above', 'below']).default('above'),
    warning: z.number().finite().nullable().default(null),
    critical: z.number().finite().nullable().default(null),
  })
  .refine((t) => t.warning === null || t.critical === null || (t.direction === 'above' ? t.critical >= t.warning : t.critical <= t.warning), {
    message: 'critical must be at least as bad as warning',
  });

export const PanelInputSchema = z.strictObject({
  /** Kept when given (stable across edits); assigned otherwise. */
  id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/).optional(),
  title: z.string().trim().max(80).nullable().default(null),
  node: NodeId,
  metric: MetricName,
  chart: z.enum(PANEL_CHARTS).default('line'),
  range: z.enum(TIME_RANGES).default('1h'),
  thresholds: PanelThresholdsSchema.nullable().default(null),
});
export type PanelInput = z.input<typeof PanelInputSchema>;

export const DashboardCreateSchema = z.strictObject({
  name: z.string().trim().min(1).max(80),
  /** A tenant user's own tenant when omitted; required from operations roles. */
  tenant: z.string().min(1).max(64).optional(),
  panels: z.array(PanelInputSchema).max(MAX_PANELS).default([]),
});
export type DashboardCreate = z.input<typeof DashboardCreateSchema>;

export const DashboardUpdateSchema = z.strictObject({
  name: z.string().trim().min(1).max(80),
  panels: z.array(PanelInputSchema).max(MAX_PANELS),
  /** The version the edit was made on: 409 when someone saved in between. */
  expectedVersion: z.number().int().min(1).optional(),
});
export type DashboardUpdate = z.input<typeof DashboardUpdateSchema>;

export const DashboardParamsSchema = z.strictObject({ id: z.string().min(1).max(64) });

export const DashboardListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(100),
  cursor: z.string().min(1).max(300).optional(),
  /** Operations roles: one tenant's dashboards. */
  tenant: z.string().min(1).max(64).optional(),
});

export const DashboardPanelSchema = z.object({
  id: z.string(),
  title: z.string().nullable(),
  node: z.string(),
  metric: z.string(),
  chart: z.enum(PANEL_CHARTS),
  range: z.enum(TIME_RANGES),
  thresholds: z.object({ direction: z.enum(['above', 'below']), warning: z.number().nullable(), critical: z.number().nullable() }).nullable(),
});

export const DashboardSchema = z.object({
  id: z.string(),
  tenant: z.string(),
  name: z.string(),
  panels: z.array(DashboardPanelSchema),
  version: z.number().int(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});
export const DashboardPageSchema = z.object({ items: z.array(DashboardSchema), nextCursor: z.string().nullable() });
