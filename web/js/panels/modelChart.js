// A model's spread month by month, drawn with uPlot (fetched the first time a chart is drawn).
import { t, formatDate, formatNumber } from '../i18n.js';
import { chartLibrary } from '../lazy.js';

export async function drawTimeline(container, timeline) {
  container.replaceChildren();
  if (!timeline.length) {
    return null;
  }
  await chartLibrary();
  const xs = timeline.map((m) => Date.parse(`${m.month_end}T00:00:00Z`) / 1000);
  const width = Math.max(240, container.clientWidth || 300);
  const month = (seconds) => (seconds == null ? '–' : formatDate(new Date(seconds * 1000).toISOString().slice(0, 10), 'month'));
  const count = (v) => (v == null ? '–' : formatNumber(v));
  return new uPlot({
    width, height: 200,
    series: [
      { label: t('model.series.month'), value: (u, v) => month(v) },
      { label: t('model.series.villages'), stroke: '#0b69a3', width: 2, value: (u, v) => count(v) },
      { label: t('model.series.communesFull'), stroke: '#006d2c', width: 2, scale: 'communes', value: (u, v) => count(v) },
    ],
    // room for the numbers and the labels on both sides, so that neither axis is cut
    axes: [
      { values: (u, splits) => splits.map((s) => new Date(s * 1000).getUTCFullYear()) },
      { label: t('model.series.villages'), size: 64, values: (u, splits) => splits.map(count) },
      { side: 1, scale: 'communes', grid: { show: false }, size: 56, label: t('model.series.communesFullShort'), values: (u, splits) => splits.map(count) },
    ],
    scales: { x: { time: true } },
  }, [xs, timeline.map((m) => m.villages), timeline.map((m) => m.communes_full)], container);
}
