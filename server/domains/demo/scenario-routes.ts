import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import { defineRoute, type AnyRoute } from '../../core/http/route.js';
import { SimulatorError, type ActiveScenario, type RemedyReceipt, type ScenarioPhase, type SimulatedCloud } from '../../simulator/index.js';

const iso = (t: number) => new Date(t).toISOString();
const Dc = z.enum(['DC-A', 'DC-B']);
const NodeId = z.string().min(1).max(200);

const PhaseSchema = z.discriminatedUnion('phase', [
  z.object({ phase: z.literal('scheduled'), startsAt: z.string() }),
  z.object({ phase: z.literal('active'), since: z.string() }),
  z.object({ phase: z.literal('remedied'), remedy: z.string(), at: z.string(), recoversBy: z.string() }),
  z.object({ phase: z.literal('ended'), at: z.string(), how: z.enum(['untreated', 'stopped', 'remedied']) }),
]);

const RunSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  startedAt: z.string(),
  stoppedAt: z.string().nullable(),
  minute: z.number().int(),
  phase: PhaseSchema,
});

const ScenarioListSchema = z.object({
  items: z.array(
    z.object({
      name: z.string(),
      title: z.object({ zh: z.string(), en: z.string() }),
      timeline: z.array(z.object({ minute: z.number(), en: z.string() })),
      untreatedEndMinute: z.number().nullable(),
      treatments: z.array(z.string()),
      targets: z.object({ node: z.string(), systems: z.array(z.string()) }),
      active: z.boolean(),
      run: RunSchema.nullable(),
    }),
  ),
  remedies: z.array(z.object({ action: z.string(), title: z.object({ zh: z.string(), en: z.string() }), targetKinds: z.array(z.string()), settleMs: z.number() })),
});

export const StartScenarioSchema = z.strictObject({ name: z.string().min(1).max(64) });
const NameParamsSchema = z.strictObject({ name: z.string().min(1).max(64) });

/** The remedies later runbooks automate, for demos and end-to-end tests until they land. */
export const RemedyCommandSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('scale-out'), target: NodeId, instances: z.number().int().min(1).max(500) }),
  z.strictObject({ action: z.literal('scale-in'), target: NodeId, instances: z.number().int().min(1).max(500) }),
  z.strictObject({ action: z.literal('kill-sessions'), target: NodeId }),
  z.strictObject({ action: z.literal('restart-database'), target: NodeId }),
  z.strictObject({ action: z.literal('switch-dns'), target: NodeId, dc: Dc }),
  z.strictObject({ action: z.literal('dr-switchover'), target: NodeId, dc: Dc.optional() }),
]);

const ReceiptSchema = z.object({
  seq: z.number().int(),
  action: z.string(),
  target: z.string(),
  at: z.string(),
  effectiveBy: z.string(),
  instances: z.number().int().optional(),
  dc: Dc.optional(),
  nodes: z.array(z.string()),
});

function phaseOut(p: ScenarioPhase): z.input<typeof PhaseSchema> {
  switch (p.phase) {
    case 'scheduled':
      return { phase: p.phase, startsAt: iso(p.startsAt) };
    case 'active':
      return { phase: p.phase, since: iso(p.since) };
    case 'remedied':
      return { phase: p.phase, remedy: p.remedy, at: iso(p.at), recoversBy: iso(p.recoversBy) };
    case 'ended':
      return { phase: p.phase, at: iso(p.at), how: p.how };
  }
}

function runOut(r: ActiveScenario): z.input<typeof RunSchema> {
  return { id: r.id, name: r.name, startedAt: iso(r.startedAt), stoppedAt: r.stoppedAt === null ? null : iso(r.stoppedAt), minute: r.minute, phase: phaseOut(r.phase) };
}

function receiptOut(r: RemedyReceipt): z.input<typeof ReceiptSchema> {
  return { ...r, at: iso(r.at), effectiveBy: iso(r.effectiveBy) };
}

/** The simulator speaks its own errors; the API answers them as 404, 400 and 409. */
function simulated<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (!(err instanceof SimulatorError)) throw err;
    if (err.code === 'not_found') throw new AppError(404, 'not_found', err.message);
    if (err.code === 'invalid_target') throw new AppError(400, 'invalid_target', err.message);
    throw new AppError(409, 'conflict', err.message);
  }
}

/**
 * Demo mode only: start and stop the scripted stories on the running simulator, and apply the
 * remedies by hand. Everything happens at the current source time, so advancing the demo clock
 * plays a story forward without waiting.
 */
export function scenarioRoutes(cloud: SimulatedCloud, clock: Clock): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/demo/scenarios',
      summary: 'The scripted demo scenarios, whether each is running, and the remedies',
      tags: ['demo'],
      auth: { permission: 'demo:control' },
      response: ScenarioListSchema,
      async handler() {
        const running = new Map(cloud.scenarios.active(clock.now()).map((r) => [r.name, r]));
        return {
          items: cloud.scenarios.list().map((s) => {
            const run = running.get(s.name);
            return { ...s, timeline: [...s.timeline], treatments: [...s.treatments], active: run !== undefined, run: run ? runOut(run) : null };
          }),
          remedies: cloud.remedies.list().map((r) => ({ ...r, targetKinds: [...r.targetKinds] })),
        };
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/demo/scenarios',
      summary: 'Start a scenario now (source time); 409 while one of that name runs',
      tags: ['demo'],
      auth: { permission: 'demo:control' },
      body: StartScenarioSchema,
      response: RunSchema,
      status: 201,
      errors: [404, 409],
      async handler({ body, audit }) {
        const at = clock.now();
        const run = simulated(() => cloud.scenarios.start(body.name, at));
        audit({ action: 'demo.scenario.start', target: body.name, details: { at: iso(at), run: run.id } });
        return runOut(run);
      },
    }),
    defineRoute({
      method: 'DELETE',
      url: '/api/v1/demo/scenarios/:name',
      summary: 'Stop a running scenario now (source time)',
      tags: ['demo'],
      auth: { permission: 'demo:control' },
      params: NameParamsSchema,
      response: RunSchema,
      errors: [404, 409],
      async handler({ params, audit }) {
        const at = clock.now();
        const run = simulated(() => cloud.scenarios.stop(params.name, at));
        audit({ action: 'demo.scenario.stop', target: params.name, details: { at: iso(at), run: run.id } });
        return runOut(run);
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/demo/remedies',
      summary: 'Apply a remedy to the simulated cloud now: scale out/in, kill sessions, restart a database, DNS or DR switchover',
      tags: ['demo'],
      auth: { permission: 'demo:control' },
      body: RemedyCommandSchema,
      response: ReceiptSchema,
      errors: [404, 409],
      async handler({ body, audit }) {
        const at = clock.now();
        const receipt = simulated(() => cloud.remedies.apply(body, at));
        audit({ action: `demo.remedy.${body.action}`, target: body.target, details: { ...body, at: iso(at), seq: receipt.seq } });
        return receiptOut(receipt);
      },
    }),
  ];
}
