// @vitest-environment happy-dom
// The wrapper's leak rules (architecture.md, convention 11), checked against the real ECharts
// registry. Charts render with SVG: ECharts' canvas path throws under happy-dom (toolchain.md).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import { defineComponent, h, isProxy, isReactive, isRef, nextTick, reactive, toRaw } from 'vue';
import type { EChartsCoreOption, EChartsType } from 'echarts/core';
import { echarts } from '../app/echarts';
import EChart from './EChart.vue';
import { RecordingResizeObserver, stubChartGlobals, type ManualFrames } from './chart-test-doubles';

const lineOption = (data: number[]): EChartsCoreOption => ({
  animation: false,
  xAxis: { type: 'category', data: data.map((_, i) => String(i)) },
  yAxis: { type: 'value' },
  series: [{ type: 'line', data }],
});

type Wrapper = VueWrapper<InstanceType<typeof EChart>>;

function mountChart(props: Record<string, unknown> = {}): Wrapper {
  return mount(EChart, { props: { renderer: 'svg', option: lineOption([1, 2, 3]), ...props }, attachTo: document.body }) as Wrapper;
}

function instanceOf(w: VueWrapper): EChartsType {
  const chart = echarts.getInstanceByDom(w.element as HTMLElement);
  if (!chart) throw new Error('no ECharts instance on the container');
  return chart;
}

let frames: ManualFrames;
beforeEach(() => {
  frames = stubChartGlobals();
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

describe('EChart', () => {
  it('creates its instance at mount even in a zero-size container', () => {
    const w = mountChart({ ariaLabel: 'Events per second' });
    const el = w.element as HTMLElement;
    expect(el.clientWidth).toBe(0);
    expect(echarts.getInstanceByDom(el)).toBeDefined();
    expect(el.getAttribute('role')).toBe('img');
    expect(el.getAttribute('aria-label')).toBe('Events per second');
    w.unmount();
  });

  it('disposes its instance on unmount and leaves nothing in ECharts’ registry', () => {
    const w = mountChart();
    const chart = instanceOf(w);
    const el = w.element as HTMLElement;
    const dispose = vi.spyOn(chart, 'dispose');
    w.unmount();
    expect(dispose).toHaveBeenCalledTimes(1);
    expect(chart.isDisposed()).toBe(true);
    expect(echarts.getInstanceByDom(el)).toBeUndefined();
    expect(echarts.getInstanceById(chart.id)).toBeUndefined();
  });

  it('resizes once per animation frame on observer callbacks, then says so, and disconnects the observer on unmount', () => {
    const w = mountChart();
    const chart = instanceOf(w);
    const resize = vi.spyOn(chart, 'resize');
    expect(RecordingResizeObserver.created).toHaveLength(1);
    const observer = RecordingResizeObserver.created[0]!;
    expect(observer.observed).toEqual([w.element]);

    observer.fire();
    observer.fire();
    observer.fire();
    expect(resize).not.toHaveBeenCalled();
    expect(frames.pending()).toBe(1);
    frames.flush();
    expect(resize).toHaveBeenCalledTimes(1);
    // Drawings on the instance's zrender (the sparkline's paths) follow the new box.
    expect(w.emitted('resized')).toHaveLength(1);

    // A resize still pending at unmount is cancelled, so a disposed instance is never resized.
    observer.fire();
    expect(frames.pending()).toBe(1);
    w.unmount();
    expect(observer.disconnected).toBe(true);
    expect(frames.pending()).toBe(0);
    expect(resize).toHaveBeenCalledTimes(1);
  });

  it('never lets Vue wrap the instance in a proxy, and holds it in no ref or reactive state', () => {
    const w = mountChart();
    const chart = instanceOf(w);
    expect(isProxy(chart)).toBe(false);
    // ECharts marks its instance `__v_skip` itself: Vue hands back the raw object even from
    // reactive state. If an ECharts upgrade dropped that, this fails and the wrapper's plain
    // variable is the only guard left.
    expect(reactive(chart)).toBe(chart);
    expect(isReactive(reactive({ chart }).chart)).toBe(false);

    // The component's own bindings, before Vue unwraps refs (dev builds keep them for devtools):
    // the instance must be reachable only as the raw object, never through a ref or a proxy.
    const internal = w.vm.$ as unknown as { devtoolsRawSetupState?: object; setupState: object };
    const raw = internal.devtoolsRawSetupState;
    expect(raw).toBeDefined();
    const bindings = Object.keys(raw!).map((k) => (raw as Record<string, unknown>)[k]);
    // Booleans, not objects, in the assertions: a diff of an ECharts instance cannot be serialised.
    expect(bindings.includes(chart), 'a binding holds the raw instance').toBe(true);
    const wrapped = bindings.filter(
      (v) => (isRef(v) && toRaw(v.value) === chart) || (isProxy(v) && Object.values(toRaw(v) as object).includes(chart)),
    );
    expect(wrapped.length, 'bindings wrapping the instance in a ref or proxy').toBe(0);
    // What templates and `vm` see is the same raw object.
    const seen = Object.keys(internal.setupState).map((k) => (internal.setupState as Record<string, unknown>)[k]);
    expect(seen.filter((v) => v === chart).length).toBe(1);
    // Nothing but setOption, attach and a read-back of the option is exposed: the one route to
    // the instance is attach's callback, whose detach runs before dispose (tested below).
    const exposed = (w.vm.$ as unknown as { exposed: Record<string, unknown> }).exposed;
    expect(Object.keys(exposed)).toEqual(['setOption', 'attach', 'getOption']);
    const readBack = w.vm.getOption() as { series: Array<{ data: number[] }> };
    expect(readBack.series[0]!.data).toEqual([1, 2, 3]);
    expect(readBack).not.toBe(chart);
    w.unmount();
  });

  it('hands the instance to attach, runs its detach before dispose, and is a no-op after unmount', async () => {
    const w = mount(EChart, { props: { option: lineOption([1, 2, 3]), renderer: 'svg' } });
    await nextTick();
    const events: string[] = [];
    let seen: unknown = null;
    w.vm.attach((instance) => {
      seen = instance;
      return () => events.push(instance.isDisposed() ? 'detached after dispose' : 'detached before dispose');
    });
    expect(seen).not.toBeNull();
    w.unmount();
    expect(events).toEqual(['detached before dispose']);
    let late = false;
    w.vm.attach(() => {
      late = true;
      return () => undefined;
    });
    expect(late).toBe(false);
  });

  it('applies the option when its identity changes, once, and ignores deep mutation of the same object', async () => {
    const state = reactive({ option: lineOption([1, 2, 3]) as { series: { data: number[] }[] } });
    const Parent = defineComponent({
      setup: () => () => h(EChart, { renderer: 'svg', option: state.option as EChartsCoreOption }),
    });
    const w = mount(Parent, { attachTo: document.body });
    const chart = instanceOf(w);
    const setOption = vi.spyOn(chart, 'setOption');

    // A deep watcher would fire here: the option is reactive and its data array changes.
    state.option.series[0]!.data.push(4);
    await nextTick();
    expect(setOption).not.toHaveBeenCalled();

    state.option = lineOption([5, 6]) as typeof state.option;
    await nextTick();
    expect(setOption).toHaveBeenCalledTimes(1);
    // ECharts receives the raw object even though the caller's option is reactive.
    const [applied, opts] = setOption.mock.calls[0]!;
    expect(isProxy(applied)).toBe(false);
    expect(applied).toBe(toRaw(state.option));
    expect(opts).toEqual({ notMerge: false, lazyUpdate: false });
    w.unmount();
  });

  it('passes notMerge and lazyUpdate through, and switches theme in place', async () => {
    const w = mountChart({ notMerge: true, lazyUpdate: true });
    const chart = instanceOf(w);
    const setOption = vi.spyOn(chart, 'setOption');
    const setTheme = vi.spyOn(chart, 'setTheme');
    const next = lineOption([9]);
    await w.setProps({ option: next });
    expect(setOption).toHaveBeenCalledWith(next, { notMerge: true, lazyUpdate: true });
    await w.setProps({ option: next });
    expect(setOption).toHaveBeenCalledTimes(1);

    const theme = { color: ['#ffffff'] };
    await w.setProps({ theme });
    expect(setTheme).toHaveBeenCalledWith(theme);
    expect(instanceOf(w)).toBe(chart);
    w.unmount();
  });

  it('exposes setOption for live pushes, and it is a no-op after unmount', () => {
    const w = mountChart();
    const chart = instanceOf(w);
    const setOption = vi.spyOn(chart, 'setOption');
    const push = { series: [{ data: [7, 8, 9] }] };
    w.vm.setOption(push, { lazyUpdate: true });
    expect(setOption).toHaveBeenCalledWith(push, { lazyUpdate: true });
    const exposedSetOption = w.vm.setOption;
    w.unmount();
    expect(() => exposedSetOption(push)).not.toThrow();
    expect(setOption).toHaveBeenCalledTimes(1);
  });

  it('emits chart-click with ECharts’ params, and stops on unmount', () => {
    const w = mountChart();
    const chart = instanceOf(w);
    // What ECharts' own handler receives on a click on an item (the zrender side is not
    // exercised under happy-dom; the wiring to the emit is what is checked here).
    const params = { componentType: 'series', seriesId: 's', dataIndex: 2, data: 3 };
    (chart as unknown as { trigger(name: string, p: unknown): void }).trigger('click', params);
    expect(w.emitted('chart-click')).toEqual([[params]]);
    w.unmount();
    expect(w.vm.getOption()).toBeUndefined();
  });

  it('leaves no instance alive after 200 mount/unmount cycles', () => {
    const seen: { el: HTMLElement; chart: EChartsType }[] = [];
    for (let i = 0; i < 200; i++) {
      const w = mountChart({ option: lineOption([i, i + 1, i + 2]) });
      seen.push({ el: w.element as HTMLElement, chart: instanceOf(w) });
      w.unmount();
    }
    expect(new Set(seen.map((s) => s.chart.id)).size).toBe(200);
    for (const { el, chart } of seen) {
      expect(chart.isDisposed()).toBe(true);
      expect(echarts.getInstanceByDom(el)).toBeUndefined();
      expect(echarts.getInstanceById(chart.id)).toBeUndefined();
    }
    expect(RecordingResizeObserver.created).toHaveLength(200);
    expect(RecordingResizeObserver.created.every((o) => o.disconnected)).toBe(true);
    expect(frames.pending()).toBe(0);
    expect(document.body.children).toHaveLength(0);
  });
});
