import { z } from 'zod';
import { LabelsSchema } from './alarms.js';

/**
 * Silences and maintenance windows (`/api/v1/silences`). Both suppress matching alarms (still
 * recorded, visible on request, never ringing or escalating); a maintenance window also puts
 * its nodes into `maintenance` status for its duration, so the wall shows why they are quiet.
 *
 * A silence matches an alarm when every given matcher matches: all `labels` equal the alarm's
 * labels, the alarm's resource is one of `nodes`, the resource is visible to `tenant`.
 * At least one matcher is required (a silence of everything is not allowed).
 *
 *   pending (startsAt ahead) ──▶ active ──endsAt passed──▶ expired
 *                                  └──────expire by hand──▶ expired
 */
export const SilenceSpecSchema = z
  .strictObject({
    kind: z.enum(['silence', 'maintenance']).default('silence'),
    labels: LabelsSchema.optional(),
    nodes: z.array(z.string().min(1).max(200)).min(1).max(1000).optional(),
    tenant: z.string().min(2).max(64).optional(),
    /** UTC ISO; defaults to now. */
    startsAt: z.iso.datetime({ offset: true }).optional(),
    endsAt: z.iso.datetime({ offset: true }),
    reason: z.string().min(1).max(500),
  })
  .refine((s) => s.labels !== undefined || s.nodes !== undefined || s.tenant !== undefined, 'give labels, nodes or tenant')
  .refine((s) => s.startsAt === undefined || Date.parse(s.startsAt) < Date.parse(s.endsAt), 'endsAt must be after startsAt');
export type SilenceSpec = z.output<typeof SilenceSpecSchema>;

export type SilenceState = 'pending' | 'active' | 'expired';

export interface Silence {
  id: string;
  kind: 'silence' | 'maintenance';
  labels: Record<string, string> | null;
  nodes: string[] | null;
  tenant: string | null;
  /** Source time, UTC ISO. */
  startsAt: string;
  endsAt: string;
  reason: string;
  createdBy: string;
  createdAt: string;
  state: SilenceState;
}
