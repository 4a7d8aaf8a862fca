import { randomUUID } from 'node:crypto';
import { SilenceSpecSchema, type Silence } from '../../../shared/domain/silences.js';
import { IdParamsSchema } from '../../../shared/protocol/alarms.js';
import { actorOf, audienceOf, type Principal } from '../../core/auth/principal.js';
import type { Clock } from '../../core/clock.js';
import { AppError, errors } from '../../core/errors.js';
import { defineRoute, type AnyRoute } from '../../core/http/route.js';
import { decodeCursor, encodeCursor } from '../../store/cursor.js';
import { NoQuerySchema, SilenceListQuerySchema, SilencePageSchema, SilenceSchema } from './alarm-schemas.js';
import { MAX_LIVE_SILENCES, type SilenceRegistry } from './silence-registry.js';
import { silenceStateOf, type SilenceRepository, type StoredSilence } from './silence-repository.js';

export interface SilenceRoutesDeps {
  repo: SilenceRepository;
  registry: SilenceRegistry;
  sourceClock: Clock;
}

/** Tenants see the silences scoped to them; operations see every one. */
function tenantsOf(p: Principal | null): readonly string[] | null {
  if (!p) return [];
  const a = audienceOf(p);
  return a.kind === 'operations' ? null : a.kind === 'tenants' ? a.tenants : [];
}

export function silenceRoutes(deps: SilenceRoutesDeps): AnyRoute[] {
  const { repo, registry, sourceClock } = deps;
  const view = (s: StoredSilence, now: string): Silence => {
    const { expiredAt: _e, expiredBy: _b, ...rest } = s;
    return { ...rest, state: silenceStateOf(s, now) };
  };
  const nowIso = () => new Date(sourceClock.now()).toISOString();

  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/silences',
      summary: 'Silences and maintenance windows, newest first (tenants: those scoped to them)',
      tags: ['silences'],
      auth: { permission: 'alarms:read' },
      query: SilenceListQuerySchema,
      response: SilencePageSchema,
      async handler({ query, principal }) {
        const now = nowIso();
        const after = query.cursor ? (decodeCursor(query.cursor, ['string', 'string']) as [string, string]) : null;
        const rows = await repo.list({ tenants: tenantsOf(principal), states: query.state ?? null, now }, after, query.limit + 1);
        const items = rows.slice(0, query.limit);
        const last = items[items.length - 1];
        return { items: items.map((s) => view(s, now)), nextCursor: rows.length > query.limit && last ? encodeCursor([last.createdAt, last.id]) : null };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/silences',
      summary: 'Create a silence or maintenance window (source time; startsAt defaults to now)',
      tags: ['silences'],
      auth: { permission: 'silences:write' },
      body: SilenceSpecSchema,
      response: SilenceSchema,
      status: 201,
      errors: [409],
      async handler({ body, principal, audit }) {
        const now = sourceClock.now();
        const startsAt = body.startsAt ? new Date(body.startsAt).toISOString() : new Date(now).toISOString();
        const endsAt = new Date(body.endsAt).toISOString();
        if (Date.parse(endsAt) <= now) throw new AppError(400, 'ends_in_past', 'endsAt must be in the future (source time)');
        if (Date.parse(endsAt) <= Date.parse(startsAt)) throw new AppError(400, 'bad_range', 'endsAt must be after startsAt');
        if (registry.liveCount >= MAX_LIVE_SILENCES) throw errors.conflict(`at most ${MAX_LIVE_SILENCES} silences may be pending or active`);
        const s: StoredSilence = {
          id: `sil-${randomUUID()}`,
          kind: body.kind,
          labels: body.labels ?? null,
          nodes: body.nodes ? [...new Set(body.nodes)] : null,
          tenant: body.tenant ?? null,
          startsAt,
          endsAt,
          reason: body.reason,
          createdBy: actorOf(principal).actor,
          createdAt: new Date(now).toISOString(),
          expiredAt: null,
          expiredBy: null,
        };
        await repo.insert(s);
        registry.add(s);
        audit({ action: `${s.kind}.create`, target: `silence:${s.id}`, details: { labels: s.labels, nodes: s.nodes, tenant: s.tenant, startsAt, endsAt, reason: s.reason } });
        return view(s, new Date(now).toISOString());
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/silences/:id/expire',
      summary: 'End a silence or maintenance window now (409 when already expired)',
      tags: ['silences'],
      auth: { permission: 'silences:write' },
      params: IdParamsSchema,
      response: SilenceSchema,
      errors: [404, 409],
      async handler({ params, principal, audit }) {
        const s = await repo.get(params.id);
        const tenants = tenantsOf(principal);
        if (!s || (tenants !== null && (s.tenant === null || !tenants.includes(s.tenant)))) throw errors.notFound('silence');
        const now = nowIso();
        if (silenceStateOf(s, now) === 'expired') throw errors.conflict('silence has already expired');
        const by = actorOf(principal).actor;
        if (!(await repo.expire(s.id, now, by))) throw errors.conflict('silence has already expired');
        registry.remove(s.id);
        audit({ action: `${s.kind}.expire`, target: `silence:${s.id}` });
        return view({ ...s, expiredAt: now, expiredBy: by }, now);
      },
    }),
  ];
}
