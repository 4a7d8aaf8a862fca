import type { StreamError } from '../../shared/protocol/stream.js';
import type { Principal } from '../core/auth/principal.js';
import { topicAllowedByScope } from '../core/auth/principal.js';
import { AppError } from '../core/errors.js';
import type { TopicKind } from './topic-feed.js';

export interface TopicGrant {
  kind: TopicKind;
  param: string | null;
}

/**
 * May this principal subscribe to this topic? One place for the checks, in the order a client
 * can act on: does the topic exist, does the wall's scope include it, does the kind allow it.
 * Per-entity visibility is not decided here but by the feed, per audience.
 */
export function checkTopicAccess(
  kinds: readonly TopicKind[],
  principal: Principal,
  topic: string,
): TopicGrant | { error: StreamError } {
  let grant: TopicGrant | null = null;
  for (const kind of kinds) {
    const m = kind.match(topic);
    if (m) {
      grant = { kind, param: m.param };
      break;
    }
  }
  if (!grant) return { error: { code: 'unknown_topic', message: `no such topic: ${topic}` } };
  if (!topicAllowedByScope(principal, topic)) {
    return { error: { code: 'forbidden', message: 'this credential may not show this topic' } };
  }
  const denied = grant.kind.authorize(principal, grant.param);
  if (denied) return { error: { code: denied.code, message: denied.message } };
  return grant;
}

/** Any thrown value as the `error` of a failed ack; internals never leak to the client. */
export function toStreamError(err: unknown): StreamError {
  if (err instanceof AppError && err.status < 500) return { code: err.code, message: err.message };
  return { code: 'internal', message: 'the server could not handle this request' };
}
