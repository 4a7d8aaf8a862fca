import type { TimelineEntry } from '../../../shared/domain/incidents';
import type { Tier } from '../../../shared/domain/roles';
import type { Locale } from '../../app/i18n';

/**
 * An incident's timeline in the reader's locale: each entry kind has a message
 * (`alarms.timeline.<kind>`) whose parameters come from the entry's `details`, with node ids
 * turned into names and tiers into their team (云平台总控 / 一线应急 / 二线专家 / 资深专家).
 */
export type Translate = (key: string, params?: Record<string, unknown>) => string;

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' ? String(v) : null);

export function isTier(v: unknown): v is Tier {
  return v === 1 || v === 2 || v === 3 || v === 4;
}

export function tierLabel(t: Translate, tier: Tier): string {
  return t(`tier.t${tier}`);
}

/** Who did it, as a person reads it: `system` and `escalation` are the console's words, not usernames. */
export function actorLabel(t: Translate, by: string): string {
  if (by === 'system') return t('alarms.by.system');
  if (by === 'escalation') return t('alarms.by.escalation');
  return by;
}

export function timelineText(t: Translate, entry: Pick<TimelineEntry, 'kind' | 'by' | 'details'>, nameOf: (nodeId: string) => string): string {
  const d = entry.details ?? {};
  const to = d['to'];
  const resourceId = str(d['resource']) ?? (to && typeof to === 'object' ? str((to as Record<string, unknown>)['resource']) : null);
  const tier = isTier(to) ? to : isTier(d['tier']) ? d['tier'] : null;
  const people = Array.isArray(d['people']) ? (d['people'] as unknown[]).filter((p) => typeof p === 'string').join(', ') : '';
  const params = {
    by: actorLabel(t, entry.by),
    resource: resourceId ? nameOf(resourceId) : '–',
    tier: tier ? tierLabel(t, tier) : '–',
    assignee: str(d['assignee']) ?? t('alarms.unassigned'),
    target: str(d['into']) ?? str(d['from']) ?? '–',
    people: people || '–',
    count: str(d['alarms']) ?? '–',
  };
  if (entry.kind === 'merged' && !str(d['into'])) return t('alarms.timeline.mergedFrom', params);
  return t(`alarms.timeline.${entry.kind}`, params);
}

/** Date and time in the reader's locale (Asia/Shanghai for zh-CN, product.md). */
export function formatDateTime(iso: string, locale: Locale): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Intl.DateTimeFormat(locale, {
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
    ...(locale === 'zh-CN' ? { timeZone: 'Asia/Shanghai' } : {}),
  }).format(ms);
}

/** "12 min" style age between two source-time instants, for rows and the wall. */
export function ageMinutes(fromIso: string, nowIso: string | null): number | null {
  if (!nowIso) return null;
  const d = Date.parse(nowIso) - Date.parse(fromIso);
  return Number.isFinite(d) ? Math.max(0, Math.floor(d / 60_000)) : null;
}
