import { z } from 'zod';

/**
 * The live stream contract, imported by server and console alike (architecture.md, convention 1).
 * The six transport events keep their short names; domain commands are `domain:verb`.
 */
export const PROTOCOL_VERSION = 1;

/** Entities are keyed; a topic's state is always `id → entity`. */
export type EntityMap<E = unknown> = Record<string, E>;

export interface Snapshot<E = unknown> {
  topic: string;
  /** Changes whenever the server restarts or loses this topic's history. */
  epoch: string;
  /** The last delta folded into this snapshot. */
  seq: number;
  /** Source time the state describes (UTC ISO 8601). */
  at: string;
  data: {
    entities: EntityMap<E>;
    /** False when the topic is large and the snapshot holds only the most important entities. */
    complete: boolean;
    /** How many entities the audience could see in all. */
    total: number;
  };
}

export interface Delta<E = unknown> {
  topic: string;
  epoch: string;
  /** Previous seq + 1, per topic and audience. */
  seq: number;
  at: string;
  changes: {
    upserts: EntityMap<E>;
    removes: string[];
  };
}

export interface StreamError {
  code: string;
  message: string;
}

/** Every ack is this union: check `ok` before reading. */
export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: StreamError };

const topicName = z.string().min(1).max(160).regex(/^[a-z]+(:[A-Za-z0-9._:\-]+)?$/, 'a topic name');

export const SubscribeRequestSchema = z.strictObject({
  topics: z.array(topicName).min(1).max(64),
});
export type SubscribeRequest = z.infer<typeof SubscribeRequestSchema>;

export const ResumeRequestSchema = z.strictObject({
  topic: topicName,
  epoch: z.string().min(1).max(64),
  seq: z.number().int().nonnegative(),
});
export type ResumeRequest = z.infer<typeof ResumeRequestSchema>;

export const ResyncRequestSchema = z.strictObject({ topic: topicName });
export type ResyncRequest = z.infer<typeof ResyncRequestSchema>;

export const AuthRefreshRequestSchema = z.strictObject({ token: z.string().min(10).max(200) });
export type AuthRefreshRequest = z.infer<typeof AuthRefreshRequestSchema>;

/** Per-topic result of a subscribe: refused topics say why, the others get a snapshot. */
export interface TopicResult {
  topic: string;
  ok: boolean;
  error?: StreamError;
}

/** How a resume was served: `replay` sent exactly the missed deltas, `snapshot` a fresh state. */
export type ResumeMode = 'replay' | 'snapshot';

export interface ServerToClientEvents {
  snapshot: (s: Snapshot) => void;
  delta: (d: Delta) => void;
  /**
   * Sent once a second, one encode for all, to every socket that did not get a delta in that
   * same tick: the client hears from the server at least every second even when no topic
   * changes, and marks its topics stale after 2 s of silence, so a hung server is noticed as
   * fast as a dead one. Any snapshot, delta or heartbeat counts as hearing from the server.
   */
  'stream:heartbeat': (h: { at: string }) => void;
  /** The server is ending this socket's session (expiry, sign-out, revocation). */
  'auth:ended': (e: { reason: 'expired' | 'revoked' | 'signed-out' }) => void;
}

export interface ClientToServerEvents {
  subscribe: (req: SubscribeRequest, ack: (r: Ack<{ results: TopicResult[] }>) => void) => void;
  unsubscribe: (req: SubscribeRequest, ack: (r: Ack) => void) => void;
  resume: (req: ResumeRequest, ack: (r: Ack<{ mode: ResumeMode }>) => void) => void;
  resync: (req: ResyncRequest, ack: (r: Ack) => void) => void;
  /** Swap the socket's credential for a refreshed one without reconnecting. */
  'auth:refresh': (req: AuthRefreshRequest, ack: (r: Ack<{ expiresAt: string | null }>) => void) => void;
}

/** Client-side folding of snapshots and deltas; used by the console and by the convergence tests. */
export function applyDelta<E>(entities: EntityMap<E>, delta: Delta<E>): EntityMap<E> {
  for (const id of delta.changes.removes) delete entities[id];
  Object.assign(entities, delta.changes.upserts);
  return entities;
}
