// A household's card, in a popup on the map: where it is, who lives there (for those who may see its commune),
// what the newest evacuation plan says for it, and for its commune's officers the status form with the sites
// that have room — their own commune's first, then the nearest.
import { getJson } from '../api.js';
import { t, formatNumber } from '../i18n.js';
import { el, showError } from '../ui.js';
import { householdStatusForm } from './householdStatus.js';

function km(metres) {
  return formatNumber(metres / 1000, 1);
}

/** The line of the plan for this household: its site and how far, or why it has none. */
function planLine(card, impact) {
  const p = card.plan;
  if (p && p.site_id) {
    return el('div', { class: 'plan-line' }, t('card.planned', { site: p.site_name, km: km(p.distance_m || 0) }));
  }
  if (p && p.unassigned === 'no_dry_route') {
    return el('div', { class: 'warning' }, t('card.boat'));
  }
  if (p && p.unassigned === 'no_room') {
    return el('div', { class: 'warning' }, t('card.noRoom'));
  }
  // no plan yet: what the flood's analysis says
  return impact && impact.dry_route === false ? el('div', { class: 'warning' }, t('impact.noDryRoute')) : null;
}

function vulnerable(p) {
  const parts = [['elderly', p.elderly], ['young_children', p.young_children], ['disabled', p.disabled], ['pregnant', p.pregnant]]
    .filter(([, n]) => n > 0).map(([k, n]) => `${t(`vulnerable.${k}`)}: ${formatNumber(n)}`);
  return parts.length ? el('div', { class: 'vulnerable' }, `${t('card.vulnerable')} ${parts.join(' · ')}`) : null;
}

/**
 * Opens household cards on the map.
 *
 * @param onChanged called with (household id, the server's answer) after a status change was saved
 */
export function householdCards(map, onChanged) {
  function render(card, impact, popup, message = '') {
    const p = card.personal;
    const title = p && p.code ? `${t('card.household')} ${p.code}` : t('card.householdNumber', { id: card.id });
    const body = el('div', { class: 'popup household-card', dataset: { household: String(card.id) } },
      el('h3', {}, title),
      el('div', { class: 'where' }, `${t(`villageKind.${card.village_kind}`)} ${card.village_name} · ${card.commune_name}`),
      impact ? el('div', {}, t(`impact.kind.${impact.impact}`), impact.depth_m !== undefined
        ? ` · ${t('impact.depth', { depth: formatNumber(impact.depth_m, 2) })}` : '') : null,
      el('div', {}, `${t('popup.members')}: ${formatNumber(card.members)} · ${t('popup.status')}: `,
        el('strong', { class: 'status' }, t(`status.${card.status}`))),
      p ? el('div', { class: 'personal' }, `${t('card.head')}: ${p.head_name || '—'}`,
        p.phone ? [' · ', el('a', { href: `tel:${p.phone.replace(/\s/g, '')}` }, p.phone)] : null) : null,
      p ? vulnerable(p) : null,
      p && p.site_name ? el('div', {}, t('card.atSite', { site: p.site_name })) : null,
      planLine(card, impact));
    if (card.can_change) {
      // two sites of one name (two schools called after the same hero) are told apart by their codes
      const names = new Map();
      card.sites.forEach((s) => names.set(s.name, (names.get(s.name) || 0) + 1));
      const sites = card.sites.map((s) => ({ id: s.id, label: t('card.siteOption', {
        name: names.get(s.name) > 1 ? `${s.name} (${s.code})` : s.name, free: formatNumber(s.available), km: km(s.distance_m) }) }));
      const planned = card.plan && card.plan.site_id;
      // the plan's site first when it still has room
      sites.sort((a, b) => (a.id === planned ? -1 : b.id === planned ? 1 : 0));
      const form = householdStatusForm({ id: card.id, properties: { status: card.status } }, sites, (answer) => {
        card.status = answer.status;
        popup.setContent(render(card, impact, popup, t('household.saved')));
        onChanged(card.id, answer);
      }, () => popup.update(), message);
      body.append(form);
    }
    return body;
  }

  return {
    /** Opens the card of a household at a point; {@code impact} is the flood's analysis of it, when a flood is shown. */
    async open(id, latlng, impact = null) {
      const popup = L.popup({ maxWidth: 340, minWidth: 260, autoPanPadding: [16, 16], className: 'household-card-popup' })
        .setLatLng(latlng).setContent(el('div', { class: 'popup muted' }, t('status.loading'))).openOn(map);
      try {
        const card = await getJson(`/api/households/${id}`);
        popup.setContent(render(card, impact, popup));
        popup.update();
        return card;
      } catch (e) {
        map.closePopup(popup);
        showError(e);
        return null;
      }
    },
  };
}
