// Colours and symbols of every layer, in one place: the legend is drawn from these same tables.

export const STATUS_COLORS = {
  isolated: '#c62828', at_risk: '#f9a825', evacuated: '#1565c0', supplied: '#6a1b9a', safe: '#2e7d32',
};
/** Most urgent first: a cluster takes the colour of its most urgent household. */
export const STATUS_ORDER = ['isolated', 'at_risk', 'evacuated', 'supplied', 'safe'];

export const VILLAGE_CLASSES = [
  { min: 10, color: '#08519c', key: 'legend.villages.10' },
  { min: 6, color: '#3182bd', key: 'legend.villages.6' },
  { min: 3, color: '#6baed6', key: 'legend.villages.3' },
  { min: 1, color: '#c6dbef', key: 'legend.villages.1' },
  { min: 0, color: '#f7f7f7', key: 'legend.villages.0' },
];

export function villageColor(models) {
  return VILLAGE_CLASSES.find((c) => models >= c.min).color;
}

export const COVERAGE_CLASSES = [
  { test: (s) => s >= 1, color: 'url(#hatch-full)', swatch: 'full', key: 'legend.coverage.full' },
  // greens: adoption is good news, and red on this map means danger (the water, calls for help, families cut off)
  { test: (s) => s >= 0.75, color: '#31a354', key: 'legend.coverage.most' },
  { test: (s) => s >= 0.5, color: '#74c476', key: 'legend.coverage.high' },
  { test: (s) => s >= 0.25, color: '#bae4b3', key: 'legend.coverage.mid' },
  { test: (s) => s > 0, color: '#edf8e9', key: 'legend.coverage.low' },
  { test: () => true, color: '#f7f7f7', key: 'legend.coverage.none' },
];

/** A unit's style under the coverage choropleth: full adoption gets a hatch and a heavy black outline. */
export function coverageStyle(row, extraClass) {
  const share = row ? row.share : 0;
  const full = !!(row && row.full_adoption);
  const cls = COVERAGE_CLASSES.find((c) => c.test(share));
  return {
    fill: true, fillColor: cls.color, fillOpacity: full ? 0.85 : 0.7,
    color: full ? '#000000' : '#52606d', weight: full ? 3.5 : 0.8, dashArray: null,
    className: `unit-${row ? row.code : 'none'}${full ? ' full-adoption' : ''} ${extraClass || ''}`,
  };
}

export const ROAD_STYLES = {
  national: { color: '#c62828', weight: 4 },
  provincial: { color: '#ef6c00', weight: 3 },
  district: { color: '#f9a825', weight: 2 },
  commune: { color: '#9e9e9e', weight: 1.5 },
  village: { color: '#bdbdbd', weight: 1 },
};

export const EP_KINDS = {
  school: { glyph: 'T', color: '#1565c0' },
  commune_office: { glyph: 'U', color: '#6a1b9a' },
  cultural_house: { glyph: 'V', color: '#00838f' },
  health_station: { glyph: '+', color: '#c62828' },
  solid_house: { glyph: 'K', color: '#5d4037' },
  military: { glyph: 'Q', color: '#2e7d32' },
  college: { glyph: 'C', color: '#283593' },
  other: { glyph: '•', color: '#455a64' },
};

export const FLOOD_STYLE = { color: '#0277bd', weight: 1, fillColor: '#4fc3f7', fillOpacity: 0.45 };
export const FLOODED_ROAD_STYLE = { color: '#01579b', weight: 5, opacity: 0.9, dashArray: '6 4' };
/** A road closed by an officer, as a barrier is painted: black under yellow dashes, wider than any road. */
export const CLOSED_ROAD_CASING = { color: '#000000', weight: 10, opacity: 0.95, lineCap: 'butt' };
export const CLOSED_ROAD_STRIPES = { color: '#ffd600', weight: 6, opacity: 1, dashArray: '8 8', lineCap: 'butt' };

/** Households a flood concerns, by why they must move. */
export const IMPACT_COLORS = { flooded: '#0d47a1', isolated: '#c62828', weak_house: '#ef6c00' };
/** Calls for help as the Zalo SOS map showed them: open red, a team on its way orange, rescued green. */
export const SOS_COLORS = { new: '#d50000', received: '#d50000', verified: '#d50000', assigned: '#ff6d00', rescued: '#2e7d32', closed: '#2e7d32' };
/** Evacuation routes: the more people on a road, the wider the line. */
export const ROUTE_STYLE = (people) => ({ color: '#2e7d32', opacity: 0.85, weight: Math.min(9, 2 + Math.sqrt(people) / 2), lineCap: 'round' });
