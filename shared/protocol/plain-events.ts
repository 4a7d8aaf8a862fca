import { SEVERITIES, type AlarmEvent } from '../domain/alarms.js';
import { MAX_BATCH } from './api.js';

/** The EventSchema limits, for its plainly valid common case (shared/domain/alarms.ts). */
const TOKEN = /^[A-Za-z0-9._:\-]+$/;
const SEVERITY_SET: ReadonlySet<string> = new Set(SEVERITIES);
const KNOWN_KEYS: ReadonlySet<string> = new Set(['resource', 'type', 'severity', 'summary', 'source', 'fingerprint', 'labels', 'status']);
const MAX_LABELS = 32;

const text = (v: unknown, min: number, max: number): v is string => typeof v === 'string' && v.length >= min && v.length <= max;
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

function plainLabels(v: unknown): boolean {
  if (!isPlainObject(v)) return false;
  let n = 0;
  for (const key in v) {
    // An own `__proto__` (JSON.parse makes one) is left to the schema, like anything unusual.
    if (++n > MAX_LABELS || !Object.hasOwn(v, key) || key === '__proto__' || !text(key, 1, 64) || !text(v[key], 0, 200)) return false;
  }
  return true;
}

function plainEvent(v: unknown): AlarmEvent | undefined {
  if (!isPlainObject(v)) return undefined;
  for (const key in v) if (!KNOWN_KEYS.has(key) || !Object.hasOwn(v, key)) return undefined;
  const { resource, type, severity, summary, source, fingerprint, labels, status } = v;
  if (!text(resource, 1, 200) || !TOKEN.test(resource)) return undefined;
  if (!text(type, 1, 64) || !TOKEN.test(type)) return undefined;
  if (!text(source, 1, 64) || !TOKEN.test(source)) return undefined;
  if (typeof severity !== 'string' || !SEVERITY_SET.has(severity)) return undefined;
  if (!text(summary, 1, 500)) return undefined;
  if ('fingerprint' in v && !text(fingerprint, 1, 200)) return undefined;
  if ('labels' in v && !plainLabels(labels)) return undefined;
  if ('status' in v && status !== 'firing' && status !== 'resolved') return undefined;
  // The schema's output: its keys in its order, optional ones only when given, status defaulted.
  const out = { resource, type, severity, summary, source } as AlarmEvent;
  if (fingerprint !== undefined) out.fingerprint = fingerprint as string;
  if (labels !== undefined) out.labels = labels as Record<string, string>;
  out.status = (status ?? 'firing') as AlarmEvent['status'];
  return out;
}

/**
 * `EventsRequestSchema`'s output for a body whose every event is plainly valid, checked by hand:
 * the event push path takes up to 1,000 events per body at tens of thousands a second, and the
 * general schema cost more than queueing them. Anything else (an `occurredAt` to check, an
 * unknown key, a value out of bounds, any doubt) answers undefined, and the caller runs the
 * schema, which decides and words the errors. It accepts nothing the schema refuses and returns
 * what the schema would (server/domains/alarms/plain-events.test.ts compares them on random bodies).
 */
export function parsePlainEvents(body: unknown): AlarmEvent | AlarmEvent[] | undefined {
  if (!Array.isArray(body)) return plainEvent(body);
  if (body.length < 1 || body.length > MAX_BATCH) return undefined;
  const out: AlarmEvent[] = [];
  for (const item of body) {
    const e = plainEvent(item);
    if (!e) return undefined;
    out.push(e);
  }
  return out;
}
