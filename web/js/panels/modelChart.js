// A model's spread month by month, drawn with uPlot.
import { t } from '../i18n.js';

export function drawTimeline(container, timeline) {
  container.replaceChildren();
  if (!timeline.length || typeof uPlot === 'undefined') {
    return null;
  }
  const xs = timeline.map((m) => Date.parse(`${m.month_end}T00:00:00Z`) / 1000);
  const width = Math.max(240, container.clientWidth || 300);
  return new uPlot({
    width, height: 180,
    series: [
      {},
      { label: t('model.series.villages'), stroke: '#0b69a3', width: 2 },
      { label: t('model.series.communesFull'), stroke: '#b30000', width: 2, scale: 'communes' },
    ],
    axes: [{}, { label: t('model.series.villages') }, { side: 1, scale: 'communes', grid: { show: false } }],
    scales: { x: { time: true } },
  }, [xs, timeline.map((m) => m.villages), timeline.map((m) => m.communes_full)], container);
}
