import { z } from 'zod';

/**
 * Notification channels: who hears of an incident's escalation steps. Kinds are a registry on
 * the server (architecture.md, convention 6); each kind's spec is one member of this union, so
 * adding a kind means adding a member here and an implementation there. `webhook` is the first:
 * the aggregator POSTs `WebhookPayload` as JSON to the URL, with a timeout.
 */
const name = z.string().min(1).max(200);

export const WebhookChannelSpecSchema = z.strictObject({
  kind: z.literal('webhook'),
  name,
  enabled: z.boolean().default(true),
  url: z.url({ protocol: /^https?$/ }).max(2000),
  /** How long one delivery may take before it counts as failed. */
  timeoutMs: z.number().int().min(100).max(30_000).default(5000),
});

export const NotificationChannelSpecSchema = z.discriminatedUnion('kind', [WebhookChannelSpecSchema]);
export type NotificationChannelSpec = z.output<typeof NotificationChannelSpecSchema>;
export type NotificationChannelKind = NotificationChannelSpec['kind'];
export const NOTIFICATION_CHANNEL_KINDS = ['webhook'] as const satisfies readonly NotificationChannelKind[];

export type NotificationChannel = NotificationChannelSpec & { id: string; updatedBy: string; updatedAt: string };

export const NotificationChannelSchema = z.intersection(
  NotificationChannelSpecSchema,
  z.object({ id: z.string(), updatedBy: z.string(), updatedAt: z.string() }),
);
