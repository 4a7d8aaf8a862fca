// @vitest-environment happy-dom
// The console's ECharts registration and theme: every part the views use is registered, and the
// theme stays readable on a wall (light text of at least 14 px, palette contrast on the background).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CONSOLE_BACKGROUND, SKYFORT_DARK_THEME, SKYFORT_PALETTE, echarts, skyfortDarkTheme } from './echarts';

/** WCAG 2 relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
function fontSizes(node: unknown, out: number[] = []): number[] {
  if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'fontSize' && typeof v === 'number') out.push(v);
      else fontSizes(v, out);
    }
  }
  return out;
}

afterEach(() => {
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

describe('echarts registration', () => {
  it('draws every registered series and component without a missing-part error', () => {
    const errors = vi.spyOn(console, 'error');
    const el = document.body.appendChild(document.createElement('div'));
    const chart = echarts.init(el, SKYFORT_DARK_THEME, { renderer: 'svg', width: 400, height: 300 });
    chart.setOption({
      animation: false,
      title: { text: 'Skyfort title' },
      tooltip: {},
      legend: {},
      grid: {},
      dataZoom: [{ type: 'inside' }, { type: 'slider' }],
      visualMap: { show: false, min: 0, max: 10 },
      xAxis: { type: 'category', data: ['a', 'b'] },
      yAxis: { type: 'value' },
      series: [
        { type: 'line', data: [1, 2], markLine: { data: [{ yAxis: 1.37 }] } },
        { type: 'bar', data: [2, 1] },
        { type: 'pie', data: [{ value: 1, name: 'a' }], center: ['80%', '20%'], radius: 20 },
        { type: 'gauge', data: [{ value: 50 }], center: ['20%', '20%'], radius: 20 },
      ],
    });
    // A missing series type or most components log an error; a missing MarkLine or Title is
    // silently not drawn, so look for their text in what was rendered.
    expect(errors).not.toHaveBeenCalled();
    expect((chart.getOption() as { series: unknown[] }).series).toHaveLength(4);
    expect(el.textContent).toContain('Skyfort title');
    expect(el.textContent).toContain('1.37');
    chart.dispose();
  });

  it('applies the skyfort-dark theme by name', () => {
    const el = document.body.appendChild(document.createElement('div'));
    const chart = echarts.init(el, SKYFORT_DARK_THEME, { renderer: 'svg', width: 100, height: 50 });
    chart.setOption({ series: [] });
    const option = chart.getOption() as { backgroundColor?: string; color?: string[] };
    expect(option.backgroundColor).toBe('transparent');
    expect(option.color).toEqual([...SKYFORT_PALETTE]);
    chart.dispose();
  });
});

describe('skyfort-dark theme', () => {
  it('sets no text below 14 px', () => {
    const sizes = fontSizes(skyfortDarkTheme);
    expect(skyfortDarkTheme.textStyle.fontSize).toBeGreaterThanOrEqual(14);
    expect(sizes.length).toBeGreaterThan(5);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(14);
  });

  it('keeps text at AAA contrast and every series colour at 4.5:1 on the console background', () => {
    expect(contrast(skyfortDarkTheme.textStyle.color, CONSOLE_BACKGROUND)).toBeGreaterThanOrEqual(7);
    for (const colour of SKYFORT_PALETTE) {
      expect(contrast(colour, CONSOLE_BACKGROUND), colour).toBeGreaterThanOrEqual(4.5);
    }
  });
});
