// @vitest-environment happy-dom
// The sparkline hands ECharts at most `capacity` points however long the caller's array grows,
// updates by pushing (one setOption per new array), and disposes with its EChart.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import { nextTick, reactive } from 'vue';
import type { EChartsType } from 'echarts/core';
import { echarts } from '../app/echarts';
import SparklineChart from './sparkline-chart.vue';
import { RecordingResizeObserver, stubChartGlobals } from './chart-test-doubles';

const ramp = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

function chartOf(w: VueWrapper): { el: HTMLElement; chart: EChartsType } {
  const el = w.find('[role="img"]').element as HTMLElement;
  const chart = echarts.getInstanceByDom(el);
  if (!chart) throw new Error('no ECharts instance');
  return { el, chart };
}

/** What ECharts itself holds for the line: the model's data, not what the component meant to send. */
function heldPoints(chart: EChartsType): [number, number][] {
  const option = chart.getOption() as { series: { data: [number, number][] }[] };
  return option.series[0]!.data;
}

beforeEach(() => {
  stubChartGlobals();
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
  it('keeps at most the default 120 points, the newest ones', () => {
    const w = mountSparkline({ values: ramp(500) });
    const points = heldPoints(chartOf(w).chart);
    expect(points).toHaveLength(120);
    expect(points[0]).toEqual([0, 380]);
    expect(points[119]).toEqual([119, 499]);
    w.unmount();
  });

  it('caps every update to its capacity and right-aligns a buffer that is still filling', async () => {
    const w = mountSparkline({ values: [1, 2, 3], capacity: 10 });
    const { chart } = chartOf(w);
    expect(heldPoints(chart)).toEqual([
      [7, 1],
      [8, 2],
      [9, 3],
    ]);
    const setOption = vi.spyOn(chart, 'setOption');
    await w.setProps({ values: ramp(1000) });
    expect(setOption).toHaveBeenCalledTimes(1);
    const pushed = setOption.mock.calls[0]![0] as { series: { data: unknown[] }[] };
    expect(pushed.series[0]!.data).toHaveLength(10);
    expect(heldPoints(chart)).toHaveLength(10);
    expect(heldPoints(chart)[9]).toEqual([9, 999]);
    w.unmount();
  });

  it('updates on a new array, not on mutation of the old one, and never animates', async () => {
    // Reactive, so a deep watcher would see the push below; the sparkline must not.
    const values = reactive([5, 6, 7]);
    const w = mountSparkline({ values });
    const { chart } = chartOf(w);
    const setOption = vi.spyOn(chart, 'setOption');
    values.push(8);
    await nextTick();
    expect(setOption).not.toHaveBeenCalled();
    await w.setProps({ values: [...values] });
    expect(setOption).toHaveBeenCalledTimes(1);
    expect((chart.getOption() as { animation?: boolean }).animation).toBe(false);
    w.unmount();
  });

  it('labels its chart for screen readers, sizes its box, and draws with SVG by default', () => {
    const w = mountSparkline({ values: [1], height: 64 });
    expect(w.find('svg').exists()).toBe(true);
    expect(w.find('[role="img"]').attributes('aria-label')).toBe('Events per second');
    expect((w.element as HTMLElement).style.height).toBe('64px');
    w.unmount();
  });

  it('disposes its instance and disconnects its observer on unmount', () => {
    const w = mountSparkline({ values: ramp(10) });
    const { el, chart } = chartOf(w);
    w.unmount();
    expect(chart.isDisposed()).toBe(true);
    expect(echarts.getInstanceByDom(el)).toBeUndefined();
    expect(echarts.getInstanceById(chart.id)).toBeUndefined();
    expect(RecordingResizeObserver.created.every((o) => o.disconnected)).toBe(true);
  });
});
