// A call for help, as the public makes it: one tap on the red SOS button over the map, whatever the map shows, with no
// account and no flood chosen. Where: the phone's own position (its accuracy said), a pin the caller sets on the map, or
// an address in words — never the middle of the map by default. After sending: the reference to quote on the phone, a
// page to follow the call, the hotlines, and what happens next.
import { postJson } from '../api.js';
import { t } from '../i18n.js';
import { el } from '../ui.js';

let sheet = null;

/** The SOS button and its form, made once per page; {@link openSos} opens the form from anywhere (the flood panel too). */
export function sosButton(map) {
  if (sheet) {
    return sheet;
  }
  // the flood chosen in the flood panel, when one is (the server files a call under the newest current flood otherwise)
  let flood = null;
  document.addEventListener('atlas:flood', (e) => { flood = e.detail ? e.detail.id : null; });
  const fab = el('button', { type: 'button', id: 'sos-fab', class: 'sos-fab', 'aria-haspopup': 'dialog' }, 'SOS');
  const form = el('form', { id: 'sos-form', class: 'sos-form' });
  const box = el('section', { id: 'sos-sheet', class: 'sos-sheet', hidden: true, role: 'dialog', 'aria-modal': 'false',
    'aria-labelledby': 'sos-title' });
  document.body.append(fab, box);
  box.append(form);
  let point = null;
  let pin = null;

  function where() {
    if (!point) {
      return t('sos.noPoint');
    }
    return point.accuracy ? t('sos.myPlace', { m: Math.round(point.accuracy) }) : t('sos.pinned');
  }

  function place(lat, lng, accuracy) {
    point = { lat, lng, accuracy };
    if (pin) {
      pin.setLatLng([lat, lng]);
    } else {
      pin = L.circleMarker([lat, lng], { radius: 10, color: '#d50000', weight: 3, fillOpacity: 0.3, className: 'sos-pin' }).addTo(map);
    }
    form.querySelector('#sos-where').textContent = where();
  }

  function draw() {
    const field = (name, attrs) => el('label', {}, t(`sos.field.${name}`), el('input', { name, ...attrs }));
    const locate = el('button', { type: 'button', class: 'text-button', id: 'sos-locate' }, t('sos.locate'));
    const pick = el('button', { type: 'button', class: 'text-button', id: 'sos-pick' }, t('sos.pick'));
    const close = el('button', { type: 'button', class: 'text-button sos-close', id: 'sos-close', 'aria-label': t('sos.close') }, '×');
    form.replaceChildren(close, el('h2', { id: 'sos-title' }, t('sos.title')),
      el('p', { class: 'sos-hotline' }, t('sos.hotline')),
      el('p', { id: 'sos-where', class: 'sos-where', role: 'status' }, where()), locate, pick,
      field('address', { maxlength: 500, autocomplete: 'street-address' }),
      field('phone', { type: 'tel', autocomplete: 'tel', required: true, maxlength: 40 }),
      field('name', { autocomplete: 'name', maxlength: 200 }),
      field('people', { type: 'number', min: 1, max: 1000, inputmode: 'numeric' }),
      field('needs', { maxlength: 500 }),
      el('button', { type: 'submit', id: 'sos-send', class: 'sos-button' }, t('sos.send')),
      el('div', { role: 'status', id: 'sos-status', class: 'sos-status' }));
    close.addEventListener('click', () => { box.hidden = true; });
    locate.addEventListener('click', () => {
      const status = form.querySelector('#sos-where');
      if (!navigator.geolocation) {
        status.textContent = t('sos.noGps');
        return;
      }
      status.textContent = t('sos.locating');
      navigator.geolocation.getCurrentPosition((p) => {
        place(p.coords.latitude, p.coords.longitude, p.coords.accuracy || 1);
        map.setView([p.coords.latitude, p.coords.longitude], Math.max(map.getZoom(), 16));
      }, () => { status.textContent = t('sos.noGps'); }, { enableHighAccuracy: true, timeout: 15000 });
    });
    pick.addEventListener('click', () => {
      box.hidden = true;
      map.getContainer().classList.add('picking');
      map.once('click', (e) => {
        map.getContainer().classList.remove('picking');
        place(e.latlng.lat, e.latlng.lng, null);
        box.hidden = false;
      });
    });
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = new FormData(form);
    const status = form.querySelector('#sos-status');
    const body = { phone: f.get('phone') };
    if (flood !== null && flood !== undefined) {
      body.flood = flood;
    }
    if (point) {
      body.lon = Number(point.lng.toFixed(6));
      body.lat = Number(point.lat.toFixed(6));
    }
    for (const k of ['address', 'name', 'needs']) {
      if (f.get(k)) {
        body[k] = f.get(k);
      }
    }
    if (f.get('people')) {
      body.people = Number(f.get('people'));
    }
    try {
      const sent = await postJson('/api/sos', body);
      status.replaceChildren(el('p', {}, t('sos.sent', { reference: sent.reference })),
        el('p', {}, el('a', { href: `/sos/${sent.reference}`, id: 'sos-follow', target: '_blank', rel: 'noopener' }, t('sos.follow'))),
        el('p', { class: 'muted' }, t('sos.next')));
      form.querySelectorAll('input').forEach((i) => { i.value = ''; });
      point = null;
      if (pin) {
        pin.remove();
        pin = null;
      }
      form.querySelector('#sos-where').textContent = where();
    } catch (err) {
      status.textContent = err.message || String(err);
    }
  });

  fab.addEventListener('click', () => open());

  function open() {
    if (box.hidden || !form.firstChild) {
      draw();
    }
    box.hidden = false;
    form.querySelector('#sos-locate').focus();
  }

  sheet = { open, fab, form };
  return sheet;
}

/** Opens the SOS form (made by {@link sosButton} when the map started). */
export function openSos() {
  if (sheet) {
    sheet.open();
  }
}
