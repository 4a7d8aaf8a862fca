import type { SkyfortChartOption } from '../../app/echarts';
import { SKYFORT_PALETTE } from '../../app/echarts';
import type { MetricHistory } from './topology-drill';
import { MAX_METRIC_POINTS } from './topology-drill';

export interface MetricTexts {
  min: string;
  max: string;
  avg: string;
  band: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const fmt = (v: number | null) => (v === null ? '–' : v.toLocaleString(undefined, { maximumFractionDigits: 2 }));

/**
 * One metric's history from `{t, min, max, avg}` buckets: the min–max range as a band (so a
 * spike that downsampling would average away still shows) and the average as a line. The band
 * is two stacked lines: an invisible one at `min`, and `max − min` filled on top of it.
 */
export function buildMetricOption(h: MetricHistory, texts: MetricTexts, fontPx: number): SkyfortChartOption {
  const points = h.points.slice(-MAX_METRIC_POINTS);
  const color = SKYFORT_PALETTE[0]!;
  const lower: Array<[number, number | null]> = [];
  const span: Array<[number, number | null]> = [];
  const avg: Array<[number, number | null]> = [];
  for (const p of points) {
    const t = Date.parse(p.t);
    lower.push([t, p.min]);
    span.push([t, p.min !== null && p.max !== null ? p.max - p.min : null]);
    avg.push([t, p.avg]);
  }
  return {
    animation: false,
    grid: { left: 56, right: 16, top: 28, bottom: 28 },
    legend: { top: 0, data: [texts.avg, texts.band], textStyle: { fontSize: fontPx } },
    xAxis: { type: 'time', axisLabel: { fontSize: fontPx, hideOverlap: true } },
    yAxis: { type: 'value', scale: true, axisLabel: { fontSize: fontPx } },
    tooltip: {
      trigger: 'axis',
      confine: true,
      // The band's own value is max − min; the tooltip shows the bucket as it came.
      formatter: (params: unknown) => {
        const first = (Array.isArray(params) ? params[0] : params) as { dataIndex?: number } | undefined;
        const p = points[first?.dataIndex ?? -1];
        if (!p) return '';
        const time = new Date(p.t).toLocaleString();
        return [escapeHtml(time), `${escapeHtml(texts.max)} ${fmt(p.max)}`, `${escapeHtml(texts.avg)} ${fmt(p.avg)}`, `${escapeHtml(texts.min)} ${fmt(p.min)}`].join('<br/>');
      },
    },
    series: [
      { type: 'line', id: 'min', name: texts.min, stack: 'band', symbol: 'none', lineStyle: { opacity: 0 }, data: lower, silent: true },
      { type: 'line', id: 'band', name: texts.band, stack: 'band', symbol: 'none', lineStyle: { opacity: 0 }, areaStyle: { color, opacity: 0.25 }, itemStyle: { color }, data: span, silent: true },
      { type: 'line', id: 'avg', name: texts.avg, symbol: 'none', lineStyle: { width: 2, color }, itemStyle: { color }, data: avg },
    ],
  };
}
