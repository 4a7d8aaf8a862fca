import type { PanelChart, PanelThresholds } from '../../../shared/domain/dashboards';
import type { SkyfortChartOption } from '../../app/echarts';
import { SKYFORT_PALETTE } from '../../app/echarts';

/** The metrics REST's own limit on `points`, and a floor so a box not laid out yet still asks for something useful. */
export const MAX_POINTS = 2_000;
export const MIN_POINTS = 10;
/** Most points a series holds on the client: the REST budget plus live points appended after it. */
export const MAX_SERIES_POINTS = 2_400;
/** Series on one chart: the primary and up to three compared. */
export const MAX_SERIES = 4;

export interface PerfPoint {
  /** Epoch ms (source time). */
  t: number;
  min: number | null;
  max: number | null;
  avg: number | null;
}

export interface PerfSeries {
  key: string;
  label: string;
  points: readonly PerfPoint[];
}

export interface PerfTexts {
  min: string;
  max: string;
  avg: string;
  warning: string;
  critical: string;
}

/** About two buckets per pixel of the chart's width: as detailed as the screen can show, and no more. */
export function pointsBudget(widthPx: number): number {
  const w = Number.isFinite(widthPx) ? widthPx : 0;
  return Math.max(MIN_POINTS, Math.min(MAX_POINTS, Math.round(2 * w)));
}

/** REST buckets (`t` as ISO) into chart points. */
export function fromBuckets(points: ReadonlyArray<{ t: string; min: number | null; max: number | null; avg: number | null }>): PerfPoint[] {
  return points.slice(-MAX_SERIES_POINTS).map((p) => ({ t: Date.parse(p.t), min: p.min, max: p.max, avg: p.avg }));
}

/**
 * A live value from `metrics:<nodeId>` appended as a one-sample bucket: only when newer than the
 * last point, points older than the window dropped, and at most `cap` points kept. Returns the
 * same array when nothing changed, else a new one (never mutates: the caller's shallowRef is
 * replaced, convention 10).
 */
export function appendLive(points: readonly PerfPoint[], t: number, v: number, windowMs: number, cap = MAX_SERIES_POINTS): readonly PerfPoint[] {
  const last = points[points.length - 1];
  if (!Number.isFinite(t) || !Number.isFinite(v) || (last && t <= last.t)) return points;
  const from = t - windowMs;
  let start = 0;
  while (start < points.length && points[start]!.t < from) start++;
  start = Math.max(start, points.length + 1 - cap);
  const next = points.slice(start);
  next.push({ t, min: v, max: v, avg: v });
  return next;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '–' : v.toLocaleString(undefined, { maximumFractionDigits: 2 }));

export interface PerfOptionInput {
  series: readonly PerfSeries[];
  chart: Extract<PanelChart, 'line' | 'area' | 'bar'>;
  thresholds: PanelThresholds | null;
  texts: PerfTexts;
  fontPx: number;
  /** The x-axis window (source time), so a chart with few points still spans its range. */
  window: { from: number; to: number } | null;
}

/**
 * The performance curve: per series, its average as the line (or bars) and its min–max range as
 * a band under it, so a one-sample spike that downsampling averages away still shows. The band is
 * two stacked lines per series: an invisible one at `min`, and `max − min` filled on top of it.
 * Thresholds are dashed mark lines. No animation: charts on a wall update for weeks.
 */
export function buildPerformanceOption(input: PerfOptionInput): SkyfortChartOption {
  const { texts, fontPx } = input;
  const series: NonNullable<SkyfortChartOption['series']> = [];
  const shown = input.series.slice(0, MAX_SERIES);
  shown.forEach((s, i) => {
    const color = SKYFORT_PALETTE[i % SKYFORT_PALETTE.length]!;
    const lower: Array<[number, number | null]> = [];
    const span: Array<[number, number | null]> = [];
    const avg: Array<[number, number | null]> = [];
    for (const p of s.points.slice(-MAX_SERIES_POINTS)) {
      lower.push([p.t, p.min]);
      span.push([p.t, p.min !== null && p.max !== null ? p.max - p.min : null]);
      avg.push([p.t, p.avg]);
    }
    const stack = `band-${i}`;
    series.push(
      { type: 'line', id: `${s.key}:min`, name: `${s.label} ${texts.min}`, stack, symbol: 'none', lineStyle: { opacity: 0 }, data: lower, silent: true, tooltip: { show: false } },
      {
        type: 'line',
        id: `${s.key}:band`,
        name: `${s.label} ${texts.min}–${texts.max}`,
        stack,
        symbol: 'none',
        lineStyle: { opacity: 0 },
        areaStyle: { color, opacity: 0.22 },
        itemStyle: { color },
        data: span,
        silent: true,
        tooltip: { show: false },
      },
    );
    const marks =
      i === 0 && input.thresholds
        ? {
            markLine: {
              silent: true,
              symbol: 'none',
              label: { fontSize: fontPx, position: 'insideEndTop' as const },
              data: [
                ...(input.thresholds.warning !== null ? [{ yAxis: input.thresholds.warning, name: texts.warning, lineStyle: { color: '#f2c94c', type: 'dashed' as const }, label: { formatter: `${texts.warning} {c}` } }] : []),
                ...(input.thresholds.critical !== null ? [{ yAxis: input.thresholds.critical, name: texts.critical, lineStyle: { color: '#ff4d5e', type: 'dashed' as const }, label: { formatter: `${texts.critical} {c}` } }] : []),
              ],
            },
          }
        : {};
    if (input.chart === 'bar') {
      series.push({ type: 'bar', id: `${s.key}:avg`, name: s.label, itemStyle: { color }, data: avg, barMaxWidth: 8, large: true, ...marks });
    } else {
      series.push({
        type: 'line',
        id: `${s.key}:avg`,
        name: s.label,
        symbol: 'none',
        lineStyle: { width: 2, color },
        itemStyle: { color },
        ...(input.chart === 'area' ? { areaStyle: { color, opacity: 0.12 } } : {}),
        data: avg,
        ...marks,
      });
    }
  });
  const labels = shown.map((s) => s.label);
  const byKey = new Map(shown.map((s) => [s.label, s]));
  return {
    animation: false,
    grid: { left: 56, right: 20, top: 32, bottom: 28 },
    legend: { top: 0, data: labels, textStyle: { fontSize: fontPx } },
    xAxis: { type: 'time', ...(input.window ? { min: input.window.from, max: input.window.to } : {}), axisLabel: { fontSize: fontPx, hideOverlap: true } },
    yAxis: { type: 'value', scale: true, axisLabel: { fontSize: fontPx } },
    tooltip: {
      trigger: 'axis',
      confine: true,
      // The band's own value is max − min: the tooltip shows each series' bucket as it came.
      formatter: (params: unknown) => {
        const list = (Array.isArray(params) ? params : [params]) as Array<{ seriesName?: string; dataIndex?: number; axisValue?: number }>;
        const rows: string[] = [];
        const t = list[0]?.axisValue;
        if (typeof t === 'number') rows.push(escapeHtml(new Date(t).toLocaleString()));
        for (const p of list) {
          const s = p.seriesName ? byKey.get(p.seriesName) : undefined;
          const b = s?.points[p.dataIndex ?? -1];
          if (!s || !b) continue;
          rows.push(`${escapeHtml(s.label)}: ${escapeHtml(texts.avg)} ${fmt(b.avg)} · ${escapeHtml(texts.min)} ${fmt(b.min)} · ${escapeHtml(texts.max)} ${fmt(b.max)}`);
        }
        return rows.join('<br/>');
      },
    },
    series,
  };
}

/** A gauge panel: the latest value against its thresholds (0–100 unless the thresholds say more). */
export function buildGaugeOption(value: number | null, label: string, thresholds: PanelThresholds | null, fontPx: number): SkyfortChartOption {
  const top = Math.max(100, thresholds?.critical ?? 0, thresholds?.warning ?? 0, value ?? 0);
  const max = Math.ceil(top / 10) * 10;
  const stops: Array<[number, string]> = [];
  if (thresholds && thresholds.direction === 'above') {
    if (thresholds.warning !== null) stops.push([thresholds.warning / max, '#2fbf71']);
    if (thresholds.critical !== null) stops.push([thresholds.critical / max, '#f2c94c']);
    stops.push([1, thresholds.critical !== null ? '#ff4d5e' : '#f2c94c']);
  } else if (thresholds && thresholds.direction === 'below') {
    if (thresholds.critical !== null) stops.push([thresholds.critical / max, '#ff4d5e']);
    if (thresholds.warning !== null) stops.push([thresholds.warning / max, '#f2c94c']);
    stops.push([1, '#2fbf71']);
  } else {
    stops.push([1, SKYFORT_PALETTE[0]!]);
  }
  return {
    animation: false,
    series: [
      {
        type: 'gauge',
        min: 0,
        max,
        radius: '90%',
        progress: { show: false },
        axisLine: { lineStyle: { width: 10, color: stops } },
        axisLabel: { fontSize: Math.max(10, fontPx - 2), distance: 14 },
        splitLine: { length: 8 },
        pointer: { width: 4 },
        title: { show: true, offsetCenter: [0, '75%'], fontSize: fontPx },
        detail: { valueAnimation: false, fontSize: fontPx * 1.6, offsetCenter: [0, '40%'], formatter: (v: number) => fmt(v) },
        data: [{ value: value ?? 0, name: label }],
      },
    ],
  };
}
