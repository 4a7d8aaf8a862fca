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

/** Runs of consecutive points that have both min and max: one band polygon each (a gap splits the band). */
export function bandRuns(points: readonly PerfPoint[]): (readonly PerfPoint[])[] {
  // Most series have no gap: the points are the one run, not copied on each live update.
  if (points.length > 0 && points.every((p) => p.min !== null && p.max !== null)) return [points];
  const runs: PerfPoint[][] = [];
  let run: PerfPoint[] = [];
  for (const p of points) {
    if (p.min !== null && p.max !== null) run.push(p);
    else if (run.length > 0) {
      runs.push(run);
      run = [];
    }
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

type Coord = (value: [number, number]) => number[];

/**
 * A band run as a closed outline: along the maxima, back along the minima, in pixels, with the
 * points that fall in one pixel column merged (min of minima, max of maxima: a spike stays), so
 * the polygon has at most two vertices per column however many points the run has. Both axes are
 * linear (time and value), so three `coord` calls fix the mapping and the rest is arithmetic.
 */
function outline(run: readonly PerfPoint[], coord: Coord): number[][] {
  const t0 = run[0]!.t;
  const t1 = run[run.length - 1]!.t === t0 ? t0 + 1 : run[run.length - 1]!.t;
  const o = coord([t0, 0]);
  const dx = (coord([t1, 0])[0]! - o[0]!) / (t1 - t0);
  const dy = coord([t0, 1])[1]! - o[1]!;
  // The maxima as vertices, the minima kept as numbers and appended in reverse at the end: one
  // array of [x, y] pairs (ECharts copies them again), no second list, reverse or concat.
  const out: number[][] = [];
  const bottomX: number[] = [];
  const bottomY: number[] = [];
  let col = NaN;
  let lo = 0;
  let hi = 0;
  let x = 0;
  const flush = () => {
    out.push([x, o[1]! + hi * dy]);
    bottomX.push(x);
    bottomY.push(o[1]! + lo * dy);
  };
  for (const p of run) {
    const px = o[0]! + (p.t - t0) * dx;
    const c = Math.round(px);
    if (c === col) {
      if (p.min! < lo) lo = p.min!;
      if (p.max! > hi) hi = p.max!;
      continue;
    }
    if (col === col) flush();
    col = c;
    x = px;
    lo = p.min!;
    hi = p.max!;
  }
  flush();
  for (let k = bottomX.length - 1; k >= 0; k--) out.push([bottomX[k]!, bottomY[k]!]);
  return out;
}

/**
 * A series' min–max band as ONE custom series: a single data item carrying the band's extent (so
 * the y axis makes room for every spike) whose renderItem draws one polygon per run of points.
 * One element per run instead of two stacked area series of every point: the stacking, the
 * second series' data and its area path were most of a chart update.
 */
function bandData(s: PerfSeries, points: readonly PerfPoint[], color: string) {
  const runs = bandRuns(points);
  let lo = Infinity;
  let hi = -Infinity;
  for (const run of runs) {
    for (const p of run) {
      if (p.min! < lo) lo = p.min!;
      if (p.max! > hi) hi = p.max!;
    }
  }
  return {
    id: `${s.key}:band`,
    data: runs.length > 0 ? [[runs[0]![0]!.t, lo, hi]] : [],
    renderItem: (_params: unknown, api: { coord: Coord }) => ({
      type: 'group' as const,
      children: runs.map((run) => ({ type: 'polygon' as const, shape: { points: outline(run, api.coord) }, style: { fill: color, opacity: 0.22 } })),
    }),
  };
}

function bandSeries(s: PerfSeries, points: readonly PerfPoint[], color: string, texts: PerfTexts) {
  return {
    type: 'custom' as const,
    name: `${s.label} ${texts.min}–${texts.max}`,
    silent: true,
    tooltip: { show: false },
    clip: true,
    encode: { x: 0, y: [1, 2] },
    ...bandData(s, points, color),
  };
}

/**
 * The average line's data as one flat typed array, `t, avg` per point (NaN for a bucket without
 * data: a gap, as null would be). ECharts deep-clones every option it is given except typed
 * arrays: an array of [t, avg] pairs cost two thousand small arrays built here and two thousand
 * more cloned by ECharts on each live update, and the garbage collections they caused.
 */
function avgData(points: readonly PerfPoint[]): number[] {
  const avg = new Float64Array(points.length * 2);
  for (let k = 0; k < points.length; k++) {
    const p = points[k]!;
    avg[2 * k] = p.t;
    avg[2 * k + 1] = p.avg ?? NaN;
  }
  // ECharts reads a typed array as flat rows of its coordinate dimensions (x, y); its typings
  // list plain arrays only.
  return avg as unknown as number[];
}

const capped = (points: readonly PerfPoint[]) => (points.length > MAX_SERIES_POINTS ? points.slice(-MAX_SERIES_POINTS) : points);

/** The axis tooltip: each series' bucket as it came (avg, min, max), read from the points it was built with. */
function tooltipFormatter(shown: readonly PerfSeries[], texts: PerfTexts) {
  // The points as drawn (capped), so a data index finds its bucket.
  const byKey = new Map(shown.map((s) => [s.label, { label: s.label, points: capped(s.points) }]));
  return (params: unknown) => {
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
  };
}

/**
 * What decides the chart's shape (its series, their kind, labels, thresholds, texts): while it
 * stays the same, a live update only needs `buildPerformanceData`, merged into what is drawn.
 */
export function performanceShape(input: PerfOptionInput): string {
  return JSON.stringify([input.series.slice(0, MAX_SERIES).map((s) => [s.key, s.label]), input.chart, input.thresholds, input.texts, input.fontPx, input.window === null]);
}

/**
 * Only what a live update changes, to merge into a chart drawn from `buildPerformanceOption` of
 * the same shape: each series' data (by id) and the x-axis window. Rebuilding and re-applying the
 * whole option (axes, legend, tooltip, mark lines) each time was most of the cost of an update.
 */
export function buildPerformanceData(input: PerfOptionInput): SkyfortChartOption {
  const series: NonNullable<SkyfortChartOption['series']> = [];
  input.series.slice(0, MAX_SERIES).forEach((s, i) => {
    const color = SKYFORT_PALETTE[i % SKYFORT_PALETTE.length]!;
    const points = capped(s.points);
    series.push(bandData(s, points, color) as never, { id: `${s.key}:avg`, data: avgData(points) });
  });
  // The tooltip reads the points it was built with: it comes along with them.
  const tooltip = { formatter: tooltipFormatter(input.series.slice(0, MAX_SERIES), input.texts) };
  return { ...(input.window ? { xAxis: { min: input.window.from, max: input.window.to } } : {}), tooltip, series };
}

/**
 * The performance curve: per series, its average as the line (or bars) and its min–max range as
 * a band under it, so a one-sample spike that downsampling averages away still shows. The band is
 * one custom series (bandSeries). Thresholds are dashed mark lines. No animation: charts on a wall
 * update for weeks. Series keep their ids from one call to the next, so the chart can merge an
 * update into what it draws instead of rebuilding every component (performance-chart.vue).
 */
export function buildPerformanceOption(input: PerfOptionInput): SkyfortChartOption {
  const { texts, fontPx } = input;
  const series: NonNullable<SkyfortChartOption['series']> = [];
  const shown = input.series.slice(0, MAX_SERIES);
  shown.forEach((s, i) => {
    const color = SKYFORT_PALETTE[i % SKYFORT_PALETTE.length]!;
    const points = capped(s.points);
    const avg = avgData(points);
    series.push(bandSeries(s, points, color, texts));
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
        // showSymbol false, not only symbol 'none': the line then skips diffing a symbol per point on every update.
        symbol: 'none',
        showSymbol: false,
        // Two points a pixel come from the points budget: drawn at one a pixel (largest-triangle
        // sampling keeps the shape; the band under the line keeps every spike).
        sampling: 'lttb',
        lineStyle: { width: 2, color },
        itemStyle: { color },
        ...(input.chart === 'area' ? { areaStyle: { color, opacity: 0.12 } } : {}),
        data: avg,
        ...marks,
      });
    }
  });
  const labels = shown.map((s) => s.label);
  return {
    animation: false,
    // Fixed margins: no outer-bounds pass measuring every axis label again on each update.
    grid: { left: 56, right: 20, top: 32, bottom: 28, outerBoundsMode: 'none' },
    legend: { top: 0, data: labels, textStyle: { fontSize: fontPx } },
    xAxis: { type: 'time', ...(input.window ? { min: input.window.from, max: input.window.to } : {}), axisLabel: { fontSize: fontPx, hideOverlap: true } },
    yAxis: { type: 'value', scale: true, axisLabel: { fontSize: fontPx } },
    tooltip: {
      trigger: 'axis',
      confine: true,
      formatter: tooltipFormatter(shown, texts),
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
