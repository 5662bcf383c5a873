// Shared helpers of the account pages and the dashboard: words, money and time formats, the JSON API
// client (session cookie + X-CSRF-Token), and small DOM utilities. No framework, nothing from a CDN.

const stringsElement = document.getElementById('strings');
const strings = stringsElement ? JSON.parse(stringsElement.textContent) : {};

export const lang = document.documentElement.lang || 'id';
export const base = lang === 'id' ? '' : '/' + lang;

/** A word of the page's language (Templates/i18n/*.strings, js_ keys), with {name} filled in. */
export function t(key, vars = {}) {
  let text = strings[key] ?? key;
  for (const [name, value] of Object.entries(vars)) text = text.replaceAll('{' + name + '}', String(value));
  return text;
}

/** Rupiah as Indonesians write it: Rp 15.000 (the same format as the static pages). */
export function rupiah(amount) {
  const digits = Math.abs(amount).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return (amount < 0 ? '-Rp ' : 'Rp ') + digits;
}

const dateFormat = new Intl.DateTimeFormat(lang === 'id' ? 'id-ID' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
export function dateTime(iso) {
  return iso ? dateFormat.format(new Date(iso)) : '';
}

/** 125 → "2:05". */
export function clock(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
}

let csrfToken = null;
export function setCSRF(token) { csrfToken = token; }

export class APIError extends Error {
  constructor(status, code, message, retryAfter) {
    super(message || code);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter ? Number(retryAfter) : null;
  }
}

/** One JSON API call. Unsafe methods carry the CSRF token from login or GET /api/v1/me. */
export async function api(method, path, body, { headers = {}, signal } = {}) {
  const all = { Accept: 'application/json', ...headers };
  if (body !== undefined) all['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) all['X-CSRF-Token'] = csrfToken;
  let response;
  try {
    response = await fetch(path, { method, headers: all, credentials: 'same-origin', signal,
      body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new APIError(0, 'network', t('error_network'));
  }
  if (response.status === 204) return null;
  let data = null;
  try { data = await response.json(); } catch { /* an empty or non-JSON answer */ }
  if (!response.ok) {
    throw new APIError(response.status, data?.error?.code || 'http_' + response.status, data?.error?.message,
      response.headers.get('Retry-After'));
  }
  return data;
}

/** Every item of a list endpoint, following next_cursor (for CSV export). */
export async function allPages(path, limit = 200) {
  const items = [];
  let cursor = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page = await api('GET', path + separator + 'limit=' + limit + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return items;
}

/** The words for an error: ours for codes we know, else the server's message. */
export function errorText(error) {
  if (error?.code && strings['error_' + error.code]) return t('error_' + error.code);
  return error?.message || t('error_generic');
}

export function showStatus(element, text, kind = '') {
  element.textContent = text;
  element.className = 'form-status' + (kind ? ' ' + kind : '');
}

/** h('p', {class: 'x'}, 'text', child) → an element; attributes starting with "on" become listeners. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'text') element.textContent = value;
    else element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) element.append(child);
  }
  return element;
}

/** A fresh Idempotency-Key (crypto.randomUUID needs a secure context; getRandomValues does not). */
export function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function copyText(text, button) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = h('textarea', { readonly: true, class: 'visually-hidden' }, text);
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
  if (button) {
    const label = button.textContent;
    button.textContent = t('copied');
    setTimeout(() => { button.textContent = label; }, 1500);
  }
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A same-site path from ?next=, never another origin (no open redirect). */
export function nextPath(fallback) {
  const next = new URLSearchParams(location.search).get('next');
  return next && /^\/(?![/\\])/.test(next) ? next : fallback;
}

/** Names of countries and services for the page's language, loaded once. */
let catalogPromise = null;
export function catalog() {
  catalogPromise ??= Promise.all([api('GET', '/api/v1/countries?lang=' + lang), api('GET', '/api/v1/services')])
    .then(([countries, services]) => ({
      countries: countries.items,
      services: services.items,
      country: Object.fromEntries(countries.items.map((c) => [c.code, c.name])),
      service: Object.fromEntries(services.items.map((s) => [s.code, s.name])),
    }));
  return catalogPromise;
}
