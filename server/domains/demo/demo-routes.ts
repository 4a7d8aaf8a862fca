import { z } from 'zod';
import type { SourceClock } from '../../core/clock.js';
import { defineRoute, type AnyRoute } from '../../core/http/route.js';
import type { SimulatedCloud } from '../../simulator/index.js';
import { scenarioRoutes } from './scenario-routes.js';

const ClockStateSchema = z.object({ now: z.string(), paused: z.boolean(), speed: z.number() });

export const ClockCommandSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('pause') }),
  z.strictObject({ action: z.literal('resume') }),
  /** Jump source time ahead; samples for the skipped span are produced on the next tick. */
  z.strictObject({ action: z.literal('advance'), seconds: z.number().positive().max(7 * 24 * 3600) }),
  z.strictObject({ action: z.literal('speed'), speed: z.number().positive().max(10_000) }),
]);

/**
 * Demo mode only (`--simulate`): tests and presenters move source time instead of waiting, and
 * drive the simulated cloud's scenarios and remedies. Not registered at all on a real
 * deployment, so it cannot be reached there.
 */
export function demoRoutes(clock: SourceClock, cloud?: SimulatedCloud): AnyRoute[] {
  return [
    ...(cloud ? scenarioRoutes(cloud, clock) : []),
    defineRoute({
      method: 'GET',
      url: '/api/v1/demo/clock',
      summary: 'Source time of the simulated cloud',
      tags: ['demo'],
      auth: { permission: 'demo:control' },
      response: ClockStateSchema,
      async handler() {
        return clock.state();
      },
    }),
    defineRoute({
      method: 'POST',
      url: '/api/v1/demo/clock',
      summary: 'Pause, resume, advance or speed up source time (demo mode only)',
      tags: ['demo'],
      auth: { permission: 'demo:control' },
      body: ClockCommandSchema,
      response: ClockStateSchema,
      async handler({ body, audit }) {
        const before = clock.state().now;
        switch (body.action) {
          case 'pause':
            clock.pause();
            break;
          case 'resume':
            clock.resume();
            break;
          case 'advance':
            clock.advance(body.seconds * 1000);
            break;
          case 'speed':
            clock.setSpeed(body.speed);
            break;
        }
        audit({ action: `demo.clock.${body.action}`, target: 'source-clock', details: { ...body, before } });
        return clock.state();
      },
    }),
  ];
}
