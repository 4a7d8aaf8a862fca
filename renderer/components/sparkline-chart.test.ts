// @vitest-environment happy-dom
// The sparkline draws at most `capacity` points on its chart's zrender, re-traces only on a new
// array (never through setOption), follows its box on resize, and takes its paths away on unmount.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import { nextTick, reactive } from 'vue';
import type { EChartsType } from 'echarts/core';
import { echarts } from '../app/echarts';
import SparklineChart from './sparkline-chart.vue';
import { RecordingResizeObserver, stubChartGlobals, type ManualFrames } from './chart-test-doubles';
import type { SparkGeometry } from './sparkline-geometry';

const ramp = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

function chartOf(w: VueWrapper): { el: HTMLElement; chart: EChartsType } {
  const el = w.find('[role="img"]').element as HTMLElement;
  const chart = echarts.getInstanceByDom(el);
  if (!chart) throw new Error('no ECharts instance');
  return { el, chart };
}

type Drawn = { shape: SparkGeometry & { area: boolean }; style: { stroke?: string; fill?: string } };
/** The line and the area as zrender holds them: what is drawn, not what the component meant to send. */
function drawn(chart: EChartsType): { line: Drawn; area: Drawn } {
  const els = chart.getZr().storage.getRoots() as unknown as Drawn[];
  const line = els.find((e) => e.shape && 'runs' in e.shape && !e.shape.area);
  const area = els.find((e) => e.shape && 'runs' in e.shape && e.shape.area);
  if (!line || !area) throw new Error('sparkline paths not found');
  return { line, area };
}
const pointCount = (d: Drawn) => d.shape.runs.reduce((n, r) => n + r.length / 2, 0);

let frames: ManualFrames;
beforeEach(() => {
  frames = stubChartGlobals();
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

type SparklineProps = InstanceType<typeof SparklineChart>['$props'];
function mountSparkline(props: Omit<SparklineProps, 'label'>): VueWrapper {
  return mount(SparklineChart, { props: { label: 'Events per second', ...props }, attachTo: document.body });
}

describe('sparkline-chart', () => {
  it('draws at most the default 120 points, the newest ones, line and area alike', () => {
    const w = mountSparkline({ values: ramp(500) });
    const { line, area } = drawn(chartOf(w).chart);
    expect(pointCount(line)).toBe(120);
    expect(area.shape.runs).toBe(line.shape.runs);
    w.unmount();
  });

  it('re-traces on a new array without going through setOption, and caps every update', async () => {
    const w = mountSparkline({ values: [1, 2, 3], capacity: 10 });
    const { chart } = chartOf(w);
    expect(pointCount(drawn(chart).line)).toBe(3);
    const setOption = vi.spyOn(chart, 'setOption');
    await w.setProps({ values: ramp(1000) });
    expect(pointCount(drawn(chart).line)).toBe(10);
    expect(setOption).not.toHaveBeenCalled();
    w.unmount();
  });

  it('updates on a new array, not on mutation of the old one, and never animates', async () => {
    // Reactive, so a deep watcher would see the push below; the sparkline must not.
    const values = reactive([5, 6, 7]);
    const w = mountSparkline({ values });
    const { chart } = chartOf(w);
    values.push(8);
    await nextTick();
    expect(pointCount(drawn(chart).line)).toBe(3);
    await w.setProps({ values: [...values] });
    expect(pointCount(drawn(chart).line)).toBe(4);
    expect((chart.getOption() as { animation?: boolean }).animation).toBe(false);
    w.unmount();
  });

  it('recolours both paths when its colour changes', async () => {
    const w = mountSparkline({ values: ramp(5), color: '#111111' });
    const { chart } = chartOf(w);
    await w.setProps({ color: '#222222' });
    expect(drawn(chart).line.style.stroke).toBe('#222222');
    expect(drawn(chart).area.style.fill).toBe('#222222');
    w.unmount();
  });

  it('re-traces for the new box after its chart resizes', () => {
    const w = mountSparkline({ values: ramp(5) });
    const { chart } = chartOf(w);
    const before = drawn(chart).line.shape.runs;
    vi.spyOn(chart.getZr(), 'getWidth').mockReturnValue(400);
    for (const o of RecordingResizeObserver.created) o.fire();
    frames.flush();
    const after = drawn(chart).line.shape.runs;
    expect(after).not.toBe(before);
    expect(after[0]!.at(-2)).toBe(400);
    w.unmount();
  });

  it('labels its chart for screen readers, sizes its box, and draws with SVG by default', () => {
    const w = mountSparkline({ values: [1], height: 64 });
    expect(w.find('svg').exists()).toBe(true);
    expect(w.find('[role="img"]').attributes('aria-label')).toBe('Events per second');
    expect((w.element as HTMLElement).style.height).toBe('64px');
    w.unmount();
  });

  it('takes its paths away, disposes its instance and disconnects its observer on unmount', () => {
    const w = mountSparkline({ values: ramp(10) });
    const { el, chart } = chartOf(w);
    const zr = chart.getZr();
    const remove = vi.spyOn(zr, 'remove');
    w.unmount();
    expect(remove).toHaveBeenCalledTimes(2);
    expect(chart.isDisposed()).toBe(true);
    expect(echarts.getInstanceByDom(el)).toBeUndefined();
    expect(echarts.getInstanceById(chart.id)).toBeUndefined();
    expect(RecordingResizeObserver.created.every((o) => o.disconnected)).toBe(true);
  });
});
