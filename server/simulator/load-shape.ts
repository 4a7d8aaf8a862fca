import type { BusinessDomain } from '../../shared/domain/topology.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** China Standard Time: UTC+8, no daylight saving. The operator's day runs on it. */
const CST_OFFSET = 8 * HOUR;

/**
 * Consumer traffic over the day in CST: 0 at 04:00, 1 at 16:00. The control room's "normal"
 * curve for B-domain systems (billing, channels), which scenarios then bend.
 */
export function dailyShape(t: number): number {
  const hour = ((((t + CST_OFFSET) / HOUR) % 24) + 24) % 24;
  return 0.5 - 0.5 * Math.cos((2 * Math.PI * (hour - 4)) / 24);
}

/** Office hours in CST (M domain): near 0 at night, a plateau from 09:00 to 18:00. */
function officeShape(t: number): number {
  const hour = ((((t + CST_OFFSET) / HOUR) % 24) + 24) % 24;
  const up = 1 / (1 + Math.exp(-(hour - 8.5) * 2));
  const down = 1 / (1 + Math.exp((hour - 18.5) * 2));
  return up * down;
}

/** Monday = 0 … Sunday = 6, in CST. 2026-01-01 is a Thursday. */
function weekday(t: number): number {
  const days = Math.floor((t + CST_OFFSET) / DAY);
  return (((days + 3) % 7) + 7) % 7;
}

/**
 * Day-of-week factor, blended across midnight over two hours so curves have no step.
 * Consumers recharge a little more on Fridays and less at weekends; offices close at weekends.
 */
const WEEK: Readonly<Record<BusinessDomain, readonly number[]>> = {
  B: [1.02, 1, 1, 1, 1.05, 0.93, 0.9],
  O: [1, 1, 1, 1, 1, 1, 1],
  M: [1, 1, 1, 1, 0.95, 0.3, 0.25],
};

function weeklyFactor(domain: BusinessDomain, t: number): number {
  const table = WEEK[domain];
  const d = weekday(t);
  const intoDay = (((t + CST_OFFSET) % DAY) + DAY) % DAY;
  const today = table[d]!;
  if (intoDay >= HOUR) return today;
  const yesterday = table[(d + 6) % 7]!;
  const w = (intoDay + HOUR) / (2 * HOUR);
  return yesterday + (today - yesterday) * w;
}

/**
 * Relative demand on a business system of `domain` at time t, averaging about 1 over a week:
 * B follows consumers (×0.55 at 04:00, ×1.45 at 16:00), O (monitoring) is nearly flat, M follows
 * office hours. Everything under the business layer inherits its load from these curves.
 */
export function loadShape(domain: BusinessDomain, t: number): number {
  switch (domain) {
    case 'B':
      return (0.55 + 0.9 * dailyShape(t)) * weeklyFactor('B', t);
    case 'O':
      return 0.92 + 0.16 * dailyShape(t);
    case 'M':
      return (0.25 + 1.35 * officeShape(t)) * weeklyFactor('M', t);
  }
}
