// ECharts for the console: only the parts the wall uses (architecture.md, convention 11), so the
// bundle carries no chart type nobody draws, plus the one dark theme every chart shares.
// Add a chart type here (e.g. ScatterChart + LinesChart for the topology, HeatmapChart) when a
// view first needs it; a view that imports from 'echarts' directly would pull in everything.
import * as echarts from 'echarts/core';
import { BarChart, CustomChart, GaugeChart, LineChart, LinesChart, PieChart, ScatterChart } from 'echarts/charts';
import type {
  BarSeriesOption,
  CustomSeriesOption,
  GaugeSeriesOption,
  LineSeriesOption,
  LinesSeriesOption,
  PieSeriesOption,
  ScatterSeriesOption,
} from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import type {
  DataZoomComponentOption,
  GridComponentOption,
  LegendComponentOption,
  MarkLineComponentOption,
  TitleComponentOption,
  TooltipComponentOption,
  VisualMapComponentOption,
} from 'echarts/components';
import { LabelLayout } from 'echarts/features';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';

echarts.use([
  LineChart,
  BarChart,
  PieChart,
  GaugeChart,
  // The topology wall: custom (cluster boxes, layer bands, names, badges) + scatter (search
  // rings); its nodes and links are drawn by its own mark layer (topology-mark-layer.ts). The
  // path view: scatter + lines. No graph series: it reprocesses every item per setOption (architecture.md).
  ScatterChart,
  LinesChart,
  CustomChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  TitleComponent,
  DataZoomComponent,
  VisualMapComponent,
  MarkLineComponent,
  // `labelLayout: { hideOverlap }`: the topology's node names drop where they would collide.
  LabelLayout,
  // Canvas for the wall; SVG where a chart must render without a canvas (component tests under
  // happy-dom, see toolchain.md) or stay crisp when scaled.
  CanvasRenderer,
  SVGRenderer,
]);

/** The option type of exactly the registered parts, so a view cannot type-check an unregistered series. */
export type SkyfortChartOption = echarts.ComposeOption<
  | LineSeriesOption
  | BarSeriesOption
  | PieSeriesOption
  | GaugeSeriesOption
  | ScatterSeriesOption
  | LinesSeriesOption
  | CustomSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | TitleComponentOption
  | DataZoomComponentOption
  | VisualMapComponentOption
  | MarkLineComponentOption
>;

export const SKYFORT_DARK_THEME = 'skyfort-dark';

/** The console background the palette is chosen against (live-overview.vue's body). */
export const CONSOLE_BACKGROUND = '#0b1220';

// Text: light on dark, at least 14 px, because the wall is read from across a room.
const TEXT = '#dbe4f0';
const TEXT_MUTED = '#9fb3d1';
const TITLE = '#f1f5fb';
const AXIS_LINE = '#3a4a66';
const SPLIT_LINE = '#1c2a42';
/** The console's font stack (the topology layer writes its own canvas text in it too). */
export const FONT_FAMILY = "v-sans, system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif";
const BASE_FONT_SIZE = 14;

// Series colours. The first five stay off the status hues (ok green, warning yellow, critical
// orange, down red) so a plain metric line is never mistaken for an alarm; all keep at least
// 4.5:1 contrast on CONSOLE_BACKGROUND (checked in echarts.test.ts).
export const SKYFORT_PALETTE: readonly string[] = [
  '#38bdf8', // sky
  '#a78bfa', // violet
  '#2dd4bf', // teal
  '#f472b6', // pink
  '#818cf8', // indigo
  '#cbd5e1', // slate
  '#a3e635', // lime
  '#fbbf24', // amber
];

const axis = () => ({
  axisLine: { lineStyle: { color: AXIS_LINE } },
  axisTick: { lineStyle: { color: AXIS_LINE } },
  axisLabel: { color: TEXT_MUTED, fontSize: BASE_FONT_SIZE },
  nameTextStyle: { color: TEXT_MUTED, fontSize: BASE_FONT_SIZE },
  splitLine: { lineStyle: { color: SPLIT_LINE } },
  splitArea: { areaStyle: { color: ['rgba(255,255,255,0.02)', 'rgba(255,255,255,0.04)'] } },
});

export const skyfortDarkTheme = {
  darkMode: true,
  // Transparent: the Naive UI card or wall tile behind the chart provides the surface.
  backgroundColor: 'transparent',
  color: [...SKYFORT_PALETTE],
  textStyle: { color: TEXT, fontFamily: FONT_FAMILY, fontSize: BASE_FONT_SIZE },
  title: {
    textStyle: { color: TITLE, fontSize: 18, fontWeight: 600 },
    subtextStyle: { color: TEXT_MUTED, fontSize: BASE_FONT_SIZE },
  },
  legend: {
    textStyle: { color: TEXT, fontSize: BASE_FONT_SIZE },
    inactiveColor: '#4b5b78',
    pageTextStyle: { color: TEXT_MUTED },
  },
  tooltip: {
    backgroundColor: '#172236',
    borderColor: '#2c3b55',
    textStyle: { color: TEXT, fontSize: BASE_FONT_SIZE },
    axisPointer: { lineStyle: { color: '#6f84a6' }, crossStyle: { color: '#6f84a6' } },
  },
  axisPointer: {
    lineStyle: { color: '#6f84a6' },
    crossStyle: { color: '#6f84a6' },
    label: { color: TITLE, backgroundColor: '#2c3b55', fontSize: BASE_FONT_SIZE },
  },
  categoryAxis: { ...axis(), splitLine: { show: false } },
  valueAxis: axis(),
  logAxis: axis(),
  timeAxis: axis(),
  dataZoom: {
    borderColor: AXIS_LINE,
    textStyle: { color: TEXT_MUTED, fontSize: BASE_FONT_SIZE },
    fillerColor: 'rgba(56,189,248,0.15)',
    handleStyle: { color: '#2c3b55', borderColor: '#9fb3d1' },
    dataBackground: { lineStyle: { color: AXIS_LINE }, areaStyle: { color: AXIS_LINE } },
  },
  visualMap: { textStyle: { color: TEXT, fontSize: BASE_FONT_SIZE } },
  markLine: { label: { color: TEXT, fontSize: BASE_FONT_SIZE } },
  line: { symbol: 'circle', symbolSize: 6 },
  bar: { itemStyle: { borderRadius: 2 } },
  pie: { itemStyle: { borderColor: CONSOLE_BACKGROUND, borderWidth: 2 }, label: { color: TEXT, fontSize: BASE_FONT_SIZE } },
  gauge: {
    title: { color: TEXT_MUTED, fontSize: BASE_FONT_SIZE },
    detail: { color: TITLE, fontSize: 24 },
    axisLabel: { color: TEXT_MUTED, fontSize: BASE_FONT_SIZE },
    axisLine: { lineStyle: { color: [[1, SPLIT_LINE]] } },
  },
};

echarts.registerTheme(SKYFORT_DARK_THEME, skyfortDarkTheme);

/** The `echarts/core` namespace with the parts above registered; import charts only from here. */
export { echarts };
