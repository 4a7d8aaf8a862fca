import type { NotificationChannel, NotificationChannelKind } from '../../../shared/domain/notification-channels.js';
import type { NotificationPayload } from '../../../shared/protocol/incidents.js';

export interface ChannelDeps {
  fetch: typeof fetch;
}

/**
 * A kind of notification channel (architecture.md, convention 6): how one configured channel
 * delivers one escalation step. `send` resolves when delivered and rejects with a short reason
 * otherwise; it never throws synchronously and never hangs past the channel's timeout.
 */
export interface ChannelKind<C extends NotificationChannel = NotificationChannel> {
  readonly kind: C['kind'];
  send(channel: C, payload: NotificationPayload, deps: ChannelDeps): Promise<void>;
}

/** POSTs the payload as JSON to the channel's URL; any status outside 2xx is a failure. */
export const webhookChannel: ChannelKind<Extract<NotificationChannel, { kind: 'webhook' }>> = {
  kind: 'webhook',
  async send(channel, payload, deps) {
    let res: Response;
    try {
      res = await deps.fetch(channel.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'skyfort-incidents' },
        body: JSON.stringify(payload),
        redirect: 'manual',
        signal: AbortSignal.timeout(channel.timeoutMs),
      });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      if (e.name === 'TimeoutError' || e.name === 'AbortError') throw new Error(`no answer within ${channel.timeoutMs} ms`);
      throw new Error(e.cause?.code ?? e.message);
    }
    // The answer's body is not needed; drop it so the connection is freed.
    await res.body?.cancel().catch(() => undefined);
    if (res.status < 200 || res.status > 299) throw new Error(`HTTP ${res.status}`);
  },
};

/** Every channel kind the aggregator can deliver through. */
export const CHANNEL_KINDS: { readonly [K in NotificationChannelKind]: ChannelKind<Extract<NotificationChannel, { kind: K }>> } = {
  webhook: webhookChannel,
};

export function channelKind(kind: NotificationChannelKind): ChannelKind {
  return CHANNEL_KINDS[kind] as ChannelKind;
}
