import { parsePlainEvents } from '../../../shared/protocol/plain-events.js';
import { AlarmActionSchema, AlarmListQuerySchema, AssignSchema, CommentSchema, EventsRequestSchema, EventsResponseSchema, IdParamsSchema } from '../../../shared/protocol/alarms.js';
import type { Alarm } from '../../../shared/domain/alarms.js';
import { actorOf, audienceOf, type Audience, type Principal } from '../../core/auth/principal.js';
import type { Clock } from '../../core/clock.js';
import { AppError, errors } from '../../core/errors.js';
import { defineRoute, type AnyRoute } from '../../core/http/route.js';
import type { VisibilityIndex } from '../topology/visibility.js';
import { IllegalTransition, type AlarmBook } from './alarm-book.js';
import { listAlarms, type AlarmQueryDeps } from './alarm-query.js';
import type { AlarmRepository } from './alarm-repository.js';
import { AlarmDetailSchema, AlarmPageSchema, AlarmSchema, NoQuerySchema } from './alarm-schemas.js';
import type { EventIntake } from './event-intake.js';

export interface AlarmRoutesDeps extends AlarmQueryDeps {
  book: AlarmBook;
  repo: AlarmRepository;
  visibility: VisibilityIndex;
  intake: EventIntake;
  sourceClock: Clock;
  /** Waits for a flush under way, so store and pending steps together hold every step. */
  settled(): Promise<void>;
}

/** History steps an alarm detail returns at most. */
const HISTORY_LIMIT = 1000;

const audience = (p: Principal | null): Audience => (p ? audienceOf(p) : { kind: 'nobody' });

export function alarmRoutes(deps: AlarmRoutesDeps): AnyRoute[] {
  const { book, repo, visibility, sourceClock } = deps;

  /** The alarm as this caller may see it: memory first, then the store; another tenant's is 404. */
  async function find(id: string, p: Principal | null): Promise<{ alarm: Alarm; inMemory: boolean }> {
    const mem = book.get(id);
    const alarm = mem ?? (await repo.get(id));
    if (!alarm) throw errors.notFound('alarm');
    const a = audience(p);
    if (a.kind !== 'operations' && !visibility.isNodeVisible(alarm.resource, a)) throw errors.notFound('alarm');
    return { alarm, inMemory: mem !== undefined };
  }

  /** Runs a lifecycle step; an illegal one (ack of a cleared alarm…) answers 409. */
  async function act(id: string, p: Principal | null, run: (by: string, at: number) => Alarm): Promise<Alarm> {
    const { alarm, inMemory } = await find(id, p);
    if (!inMemory) throw errors.conflict(`alarm is ${alarm.state}`);
    try {
      return run(actorOf(p).actor, sourceClock.now());
    } catch (err) {
      if (err instanceof IllegalTransition) throw errors.conflict(err.message);
      throw err;
    }
  }

  return [
    defineRoute({
      method: 'POST',
      url: '/api/v1/events',
      summary: 'Push events (one or an array of at most 1,000); queued for dedup and correlation (202), 429 when the queue is full',
      tags: ['alarms'],
      auth: { permission: 'events:write' },
      body: EventsRequestSchema,
      plainBody: parsePlainEvents,
      response: EventsResponseSchema,
      status: 202,
      errors: [429],
      auditExempt: 'high-rate data: counted by result in /metrics (skyfort_events_total); each alarm records who raised it',
      async handler({ body, principal }) {
        const batch = Array.isArray(body) ? body : [body];
        const tenant = principal?.kind === 'apikey' ? principal.tenantId : null;
        const r = deps.intake.submit(batch, { by: actorOf(principal).actor, tenant });
        if (r === 'full') throw new AppError(429, 'queue_full', 'the event queue is full; retry shortly');
        return r;
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/alarms',
      summary:
        'Alarms the caller sees, worst severity first, then most recently seen (default: not cleared; open ones from memory, cleared from the store)',
      tags: ['alarms'],
      auth: { permission: 'alarms:read' },
      query: AlarmListQuerySchema,
      response: AlarmPageSchema,
      handler: ({ query, principal }) => listAlarms(deps, query, audience(principal)),
    }),
    defineRoute({
      method: 'GET',
      url: '/api/v1/alarms/:id',
      summary: 'One alarm with its history (who, when, comment on each step)',
      tags: ['alarms'],
      auth: { permission: 'alarms:read' },
      params: IdParamsSchema,
      query: NoQuerySchema,
      response: AlarmDetailSchema,
      errors: [404],
      async handler({ params, principal }) {
        await deps.settled();
        const { alarm } = await find(params.id, principal);
        const stored = await repo.history(alarm.id, HISTORY_LIMIT);
        const pending = book.pendingSteps(alarm.id);
        return { alarm, history: [...stored, ...pending].slice(0, HISTORY_LIMIT) };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/alarms/:id/ack',
      summary: 'Acknowledge an active alarm (409 unless it is active)',
      tags: ['alarms'],
      auth: { permission: 'alarms:act' },
      params: IdParamsSchema,
      body: AlarmActionSchema,
      response: AlarmSchema,
      errors: [404, 409],
      async handler({ params, body, principal, audit }) {
        const a = await act(params.id, principal, (by, at) => book.acknowledgeOne(params.id, by, body.comment ?? null, at));
        audit({ action: 'alarm.ack', target: `alarm:${a.id}`, details: { comment: body.comment ?? null } });
        return a;
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/alarms/:id/clear',
      summary: 'Clear an alarm by hand (409 when it is already cleared)',
      tags: ['alarms'],
      auth: { permission: 'alarms:act' },
      params: IdParamsSchema,
      body: AlarmActionSchema,
      response: AlarmSchema,
      errors: [404, 409],
      async handler({ params, body, principal, audit }) {
        const a = await act(params.id, principal, (by, at) => book.clear(params.id, by, body.comment ?? null, at));
        audit({ action: 'alarm.clear', target: `alarm:${a.id}`, details: { comment: body.comment ?? null } });
        return a;
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/alarms/:id/comment',
      summary: 'Add a comment to an alarm’s history (cleared ones too)',
      tags: ['alarms'],
      auth: { permission: 'alarms:act' },
      params: IdParamsSchema,
      body: CommentSchema,
      response: AlarmSchema,
      errors: [404],
      async handler({ params, body, principal, audit }) {
        const { alarm } = await find(params.id, principal);
        book.comment(alarm.id, actorOf(principal).actor, body.comment, sourceClock.now());
        audit({ action: 'alarm.comment', target: `alarm:${alarm.id}`, details: { comment: body.comment } });
        return alarm;
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/alarms/:id/assign',
      summary: 'Assign an open alarm to a person, or unassign it with null (409 when cleared)',
      tags: ['alarms'],
      auth: { permission: 'alarms:act' },
      params: IdParamsSchema,
      body: AssignSchema,
      response: AlarmSchema,
      errors: [404, 409],
      async handler({ params, body, principal, audit }) {
        const a = await act(params.id, principal, (by, at) => book.assignOne(params.id, body.assignee, by, body.comment ?? null, at));
        audit({ action: 'alarm.assign', target: `alarm:${a.id}`, details: { assignee: body.assignee, comment: body.comment ?? null } });
        return a;
      },
    }),
  ];
}
