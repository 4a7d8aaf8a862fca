import { SEVERITY_RANK, type Alarm } from '../../../shared/domain/alarms.js';
import type { AlarmListQuery } from '../../../shared/protocol/alarms.js';
import type { Audience } from '../../core/auth/principal.js';
import { decodeCursor, encodeCursor, type Page } from '../../store/cursor.js';
import type { VisibilityIndex } from '../topology/visibility.js';
import type { AlarmBook } from './alarm-book.js';
import type { AlarmCursor, AlarmRepository } from './alarm-repository.js';

/** Rows a store-backed page reads at most before it answers (a tenant's page may come back short). */
const MAX_SCAN = 20_000;
const SCAN_BATCH = 500;

/**
 * The order of every alarm list and of the topic's top N: worst severity first, then the most
 * recently seen, then id (all descending). Negative when `a` comes first.
 */
export function compareAlarms(a: Alarm, b: Alarm): number {
  const r = SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity];
  if (r !== 0) return r;
  if (a.lastSeen !== b.lastSeen) return a.lastSeen > b.lastSeen ? -1 : 1;
  return a.id > b.id ? -1 : a.id < b.id ? 1 : 0;
}

function afterCursor(a: Alarm, c: AlarmCursor): boolean {
  const r = SEVERITY_RANK[a.severity];
  if (r !== c[0]) return r < c[0];
  if (a.lastSeen !== c[1]) return a.lastSeen < c[1];
  return a.id < c[2];
}

/**
 * The `limit` first of `items` in `compare` order, in one pass: a sorted buffer that only takes
 * an item better than its current last, so a page of 100 out of 100,000 costs one comparison
 * for most items instead of a full sort.
 */
export function topK<T>(items: Iterable<T>, k: number, compare: (a: T, b: T) => number): T[] {
  const out: T[] = [];
  for (const x of items) {
    if (out.length === k && compare(x, out[k - 1]!) >= 0) continue;
    let lo = 0;
    let hi = out.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(out[mid]!, x) <= 0) lo = mid + 1;
      else hi = mid;
    }
    out.splice(lo, 0, x);
    if (out.length > k) out.pop();
  }
  return out;
}

export interface AlarmQueryDeps {
  book: AlarmBook;
  repo: AlarmRepository;
  visibility: VisibilityIndex;
  /** Waits until everything changed so far is in the store. */
  flushNow(): Promise<void>;
}

/**
 * `GET /api/v1/alarms`: open alarms (the default) are answered from memory, which holds every
 * one of them; a list that asks for cleared ones is answered from the store, after a flush so it
 * holds everything up to now. Either way a tenant only ever sees alarms on nodes it sees.
 */
export async function listAlarms(deps: AlarmQueryDeps, q: AlarmListQuery, audience: Audience): Promise<Page<Alarm>> {
  const states = q.state ?? ['active', 'acknowledged'];
  const cursor = q.cursor ? (decodeCursor(q.cursor, ['number', 'string', 'string']) as AlarmCursor) : null;
  const visible = deps.visibility.visibleNodes(audience);
  const seen = (a: Alarm) => visible === 'all' || visible.has(a.resource);
  const from = q.from ? new Date(q.from).toISOString() : undefined;
  const to = q.to ? new Date(q.to).toISOString() : undefined;
  const keyOf = (a: Alarm): AlarmCursor => [SEVERITY_RANK[a.severity], a.lastSeen, a.id];

  if (!states.includes('cleared')) {
    const severities = q.severity ? new Set(q.severity) : null;
    const stateSet = new Set<string>(states);
    const matching = function* () {
      for (const a of deps.book.open()) {
        if (!stateSet.has(a.state)) continue;
        if (severities && !severities.has(a.severity)) continue;
        if (q.resource !== undefined && a.resource !== q.resource) continue;
        if (q.incident !== undefined && a.incidentId !== q.incident) continue;
        if (from !== undefined && a.lastSeen < from) continue;
        if (to !== undefined && a.lastSeen > to) continue;
        if (q.suppressed === 'exclude' && a.suppressedBy !== null) continue;
        if (q.suppressed === 'only' && a.suppressedBy === null) continue;
        if (cursor && !afterCursor(a, cursor)) continue;
        if (!seen(a)) continue;
        yield a;
      }
    };
    const page = topK(matching(), q.limit + 1, compareAlarms);
    const items = page.slice(0, q.limit);
    return { items, nextCursor: page.length > q.limit ? encodeCursor(keyOf(items[items.length - 1]!)) : null };
  }

  await deps.flushNow();
  const filter = {
    states,
    severities: q.severity,
    resource: q.resource,
    incident: q.incident,
    from,
    to,
    suppressed: q.suppressed,
  };
  const items: Alarm[] = [];
  let after = cursor;
  let scanned = 0;
  for (;;) {
    const batch = await deps.repo.scan(filter, after, SCAN_BATCH);
    for (const a of batch) {
      scanned++;
      after = keyOf(a);
      if (!seen(a)) continue;
      if (items.length === q.limit) return { items, nextCursor: encodeCursor(keyOf(items[items.length - 1]!)) };
      items.push(a);
    }
    if (batch.length < SCAN_BATCH) return { items, nextCursor: null };
    // Bounded work per request: a short page with a cursor to go on from where the scan stopped.
    if (scanned >= MAX_SCAN) return { items, nextCursor: encodeCursor(after!) };
  }
}
