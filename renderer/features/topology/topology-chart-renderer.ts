import type { SkyfortChartOption } from '../../app/echarts';
import { isFiltering, type TopologyFilters } from './topology-filters';
import type { TopologyVersions } from './topology-model';
import { CATEGORIES, buildBaseOption, buildCategory, itemLookup, type ItemLookup, type SeriesCategory, type TopologyChartInput } from './topology-chart-option';
import { onLayer, type Built, type BuiltSeries, type LayerPart, type Primitive, type TopologyChartTexts, type TopologyChartView } from './topology-chart-types';

export interface RenderResult {
  /** For ECharts, or null when no series and no axis moved (a plain recolour touches only marks). */
  option: SkyfortChartOption | null;
  /** true: a whole option (apply with notMerge) and every set of marks; false: only what changed. */
  full: boolean;
  /** What the chart's own layer draws (marks, boxes, names) and changed (all of it when full). */
  marks: LayerPart[];
  /** Series and marks ids in the patch (for tests and the bench). */
  changed: string[];
}

interface Seen {
  versions: TopologyVersions;
  filters: TopologyFilters;
  focus: string | null;
  view: TopologyChartView;
  texts: TopologyChartTexts;
}

const sameView = (a: TopologyChartView, b: TopologyChartView) =>
  a.widthPx === b.widthPx && a.heightPx === b.heightPx && a.fontPx === b.fontPx && a.mode === b.mode;

function sameList(a: ArrayLike<Primitive> | undefined, b: ArrayLike<Primitive> | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The same look: signature, coordinates, ids and values alike. */
function same(a: Built | undefined, b: Built): boolean {
  return !!a && sameList(a.sig, b.sig) && sameList(a.coords, b.coords) && sameList(a.ids, b.ids) && sameList(a.values, b.values);
}

/**
 * Applies the topology one change at a time. It remembers each series' and each set of marks'
 * signature and hands on only what moved: a delta that recolours a few nodes becomes the two
 * status sets of marks involved (and the series around them whose looks moved, such as a box's
 * counts); a series is never sent for a change it does not show, since ECharts re-renders every
 * series whenever any is sent. Categories whose inputs did not move are not even rebuilt.
 *
 * A new screen size, font or language rebuilds everything (rare, and the fit changes anyway).
 */
export class TopologyChartRenderer {
  /** The last version of each series sent to ECharts: its signature, and the ids behind its data indices. */
  private readonly sent = new Map<string, Built>();
  private seen: Seen | null = null;
  /** What the item at a data index of a drawn series is (clicks, tooltips, the test hook). */
  readonly lookup: ItemLookup = itemLookup(this.sent);

  /** Forget what was applied: the next render is a whole option (a new chart instance, a new audience). */
  reset(): void {
    this.sent.clear();
    this.seen = null;
  }

  render(input: TopologyChartInput, view: TopologyChartView, texts: TopologyChartTexts): RenderResult | null {
    const prev = this.seen;
    const v = input.model.versions;
    this.seen = { versions: { ...v }, filters: input.filters, focus: input.focus, view, texts };
    if (!prev || !sameView(prev.view, view) || prev.texts !== texts) {
      this.sent.clear();
      const built = CATEGORIES.flatMap((c) => buildCategory(c, input, view, texts));
      for (const b of built) this.sent.set(b.id, b);
      const series = built.filter((b): b is BuiltSeries => !onLayer(b)).map((b) => b.option);
      const option = { ...buildBaseOption(input, view, texts, this.lookup), series } as SkyfortChartOption;
      return { option, full: true, marks: built.filter(onLayer), changed: built.map((b) => b.id) };
    }

    const p = prev.versions;
    const filters = prev.filters !== input.filters;
    // Under a filter, a status change can hide or show an element and the links at its ends.
    const filtered = isFiltering(input.filters) && (p.nodes !== v.nodes || p.clusters !== v.clusters);
    const dirty: Record<SeriesCategory, boolean> = {
      frame: p.frame !== v.frame,
      clusters: filters || p.clusters !== v.clusters,
      nodes: filters || p.nodes !== v.nodes || p.geometry !== v.geometry,
      lines: filters || filtered || p.links !== v.links || p.geometry !== v.geometry,
      badges: filters || filtered || p.badges !== v.badges || p.geometry !== v.geometry,
      highlight: filters || prev.focus !== input.focus || p.nodes !== v.nodes || p.geometry !== v.geometry,
    };
    const series: SkyfortChartOption['series'] & unknown[] = [];
    const marks: LayerPart[] = [];
    const changed: string[] = [];
    for (const cat of CATEGORIES) {
      if (!dirty[cat]) continue;
      for (const b of buildCategory(cat, input, view, texts)) {
        if (same(this.sent.get(b.id), b)) continue;
        this.sent.set(b.id, b);
        if (onLayer(b)) marks.push(b);
        else series.push(b.option);
        changed.push(b.id);
      }
    }
    const option: SkyfortChartOption = {};
    if (dirty.frame) {
      // A frame that grew (a new data center) is fitted again.
      const base = buildBaseOption(input, view, texts, this.lookup);
      option.xAxis = base.xAxis;
      option.yAxis = base.yAxis;
    }
    if (changed.length === 0 && !dirty.frame) return null;
    if (series.length > 0) option.series = series;
    return { option: series.length > 0 || dirty.frame ? option : null, full: false, marks, changed };
  }
}
