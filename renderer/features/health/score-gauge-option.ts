import { HEALTH_BANDS } from '../../../shared/domain/health';
import type { SkyfortChartOption } from '../../app/echarts';
import { STATUS_STYLE } from '../../app/status-style';

/**
 * A B/O/M domain's score as a gauge: the scale coloured by the health bands (down · critical ·
 * warning · ok), the needle at the score and the number in the middle. The status word and glyph
 * are drawn beside it by the view, so the status is never read from colour alone.
 */
export function buildScoreGaugeOption(score: number | null, fontPx: number): SkyfortChartOption {
  return {
    animation: false,
    series: [
      {
        type: 'gauge',
        min: 0,
        max: 100,
        startAngle: 210,
        endAngle: -30,
        radius: '95%',
        center: ['50%', '58%'],
        silent: true,
        axisLine: {
          lineStyle: {
            width: 12,
            color: [
              [HEALTH_BANDS.critical / 100, STATUS_STYLE.down.color],
              [HEALTH_BANDS.warning / 100, STATUS_STYLE.critical.color],
              [HEALTH_BANDS.ok / 100, STATUS_STYLE.warning.color],
              [1, STATUS_STYLE.ok.color],
            ],
          },
        },
        splitNumber: 5,
        axisTick: { show: false },
        splitLine: { length: 10, lineStyle: { width: 2 } },
        // The score is written large beside the gauge (with its status word): no scale numbers
        // or centre text to crowd a small dial read from across the room.
        axisLabel: { show: false },
        pointer: { width: 6, length: '62%' },
        anchor: { show: true, size: 10, itemStyle: { color: '#dbe4f0' } },
        title: { show: false },
        detail: { show: false, fontSize: fontPx },
        data: [{ value: score ?? 0 }],
      },
    ],
  };
}
