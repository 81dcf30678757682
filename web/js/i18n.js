// Strings from web/i18n/{vi,en}.json, Vietnamese by default; numbers and dates formatted for the language.

import { boot } from './boot.js';

const LOCALES = { vi: 'vi-VN', en: 'en-GB' };
let lang = 'vi';
let strings = {};
const listeners = [];

export function language() {
  return lang;
}

export async function load(wanted) {
  lang = wanted === 'en' ? 'en' : 'vi';
  const written = boot.words && boot.words[lang];
  strings = written || await (await fetch(`/i18n/${lang}.json`)).json();
  document.documentElement.lang = lang;
  try {
    localStorage.setItem('atlas.lang', lang);
  } catch (e) {
    // private browsing: the choice lasts for this page only
  }
  apply(document);
  listeners.forEach((fn) => fn(lang));
}

export function preferred() {
  try {
    return localStorage.getItem('atlas.lang') || 'vi';
  } catch (e) {
    return 'vi';
  }
}

/** Calls fn after every language change. */
export function onChange(fn) {
  listeners.push(fn);
}

/** The string for a key, with {name} placeholders filled in. */
export function t(key, params = {}) {
  const s = strings[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (m, name) => (params[name] !== undefined ? params[name] : m));
}

/** Fills every element marked with data-i18n, data-i18n-placeholder, -title or -aria-label. */
export function apply(root) {
  root.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  root.querySelectorAll('[data-i18n-placeholder]').forEach((el) => { el.placeholder = t(el.dataset.i18nPlaceholder); });
  root.querySelectorAll('[data-i18n-title]').forEach((el) => { el.title = t(el.dataset.i18nTitle); });
  root.querySelectorAll('[data-i18n-aria-label]').forEach((el) => { el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel)); });
}

export function formatNumber(value, digits = 0) {
  return new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value);
}

export function formatPercent(share, digits = 0) {
  return new Intl.NumberFormat(LOCALES[lang], { style: 'percent', maximumFractionDigits: digits, minimumFractionDigits: digits }).format(share);
}

/** A date and time in Vietnam's time zone, written the language's way (never the US order). */
export function formatDateTime(iso) {
  if (!iso) {
    return '';
  }
  return new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'short', timeStyle: 'short', timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date(iso));
}

/** A date (YYYY-MM-DD) for people; with precision 'month' or 'year' only what is known. */
export function formatDate(iso, precision = 'day') {
  if (!iso) {
    return '';
  }
  const d = new Date(`${iso}T00:00:00`);
  const opts = precision === 'year' ? { year: 'numeric' }
    : precision === 'month' ? { year: 'numeric', month: 'long' } : { year: 'numeric', month: 'short', day: 'numeric' };
  return new Intl.DateTimeFormat(LOCALES[lang], opts).format(d);
}
