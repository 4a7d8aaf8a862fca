import { SLA_DOWN_STATUSES, SLA_PERIODS, SLA_UNOBSERVED_STATUSES, slaTargetOf, type HealthStatus, type SlaPeriod } from '../../../shared/domain/health.js';
import type { SlaFigure } from '../../../shared/protocol/health.js';
import { MINUTE_MS, type MinuteState, type OutageHistory } from './outage-history.js';

/** How a business system's health status counts for its SLA. */
export function minuteStateOf(status: HealthStatus | undefined): MinuteState {
  if (status === undefined || SLA_UNOBSERVED_STATUSES.includes(status)) return 'unobserved';
  return SLA_DOWN_STATUSES.includes(status) ? 'down' : 'up';
}

/** The rolling window of a period ending with the minute of `now`: [from, to). */
export function slaWindow(period: SlaPeriod, now: number): { from: number; to: number } {
  const to = (Math.floor(now / MINUTE_MS) + 1) * MINUTE_MS;
  return { from: to - SLA_PERIODS[period] * MINUTE_MS, to };
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;
const round2 = (v: number) => Math.round(v * 100) / 100;

/** Availability of one system over a window against its target: observed minutes only. */
export function slaFigure(
  history: OutageHistory,
  node: { id: string; name: string; labels: Readonly<Record<string, string>> },
  window: { from: number; to: number },
): SlaFigure {
  const target = slaTargetOf(node);
  const { observed, down } = history.count(node.id, window.from, window.to);
  const allowed = observed * (1 - target / 100);
  const exact = observed > 0 ? (100 * (observed - down)) / observed : null;
  return {
    node: node.id,
    name: node.name,
    target,
    availability: exact === null ? null : round3(exact),
    observedMinutes: observed,
    downMinutes: down,
    allowedDownMinutes: round2(allowed),
    budgetLeftMinutes: round2(allowed - down),
    met: exact === null ? null : exact >= target,
  };
}
