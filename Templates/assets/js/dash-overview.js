// Overview: buy a number (the price is shown before confirming, and max_price makes sure it is never
// more), and the active orders with a live countdown and the code appearing as soon as it arrives
// (long-poll GET /api/v1/orders/{id}?wait=25), copy buttons, cancel / finish / another SMS.
import { api, catalog, clock, copyText, errorText, h, newKey, rupiah, showStatus, sleep, t } from './core.js';

const FINAL = new Set(['finished', 'canceled', 'expired', 'failed']);
const WATCH_SLOTS = 2;            // long-polls at once: browsers allow ~6 connections per host
let session;
let names;
let cancelHold = 120;
const cards = new Map();          // order id → { order, element, parts }
let freeSlots = WATCH_SLOTS;
const slotWaiters = [];

export async function start(current) {
  session = current;
  cancelHold = Number(session.root.dataset.cancelHold || 120);
  names = await catalog();
  setUpBuying();
  const [pending, received] = await Promise.all([
    api('GET', '/api/v1/orders?status=pending&limit=50'), api('GET', '/api/v1/orders?status=received&limit=50')]);
  for (const order of [...received.items, ...pending.items].sort((a, b) => a.created_at.localeCompare(b.created_at))) show(order);
  setInterval(tick, 1000);
}

// --- buying --------------------------------------------------------------------------------------

function fillSelect(select, filter, items, label) {
  const placeholder = select.options[0];
  select.replaceChildren(placeholder, ...items.map((item) => h('option', { value: item.code, text: label(item) })));
  filter.addEventListener('input', () => {
    const words = filter.value.trim().toLowerCase();
    let first = null;
    for (const option of Array.from(select.options).slice(1)) {
      option.hidden = words !== '' && !option.textContent.toLowerCase().includes(words) && option.value.toLowerCase() !== words;
      if (!option.hidden && !first) first = option;
    }
    if (first && (select.selectedOptions[0]?.hidden || !select.value)) {
      select.value = first.value;
      select.dispatchEvent(new Event('change'));
    }
  });
}

function setUpBuying() {
  const service = document.getElementById('service-select');
  const country = document.getElementById('country-select');
  const quote = document.getElementById('quote');
  const button = document.getElementById('buy-button');
  const status = document.getElementById('buy-status');
  const defaultLabel = button.textContent;
  let offer = null;
  fillSelect(service, document.getElementById('service-filter'), names.services, (s) => s.name);
  fillSelect(country, document.getElementById('country-filter'), names.countries, (c) => `${c.name} (+${c.dial_code})`);

  async function requote() {
    offer = null;
    button.disabled = true;
    button.textContent = defaultLabel;
    if (!service.value || !country.value) return;
    try {
      const prices = await api('GET', `/api/v1/prices?country=${country.value}&service=${service.value}`);
      const item = prices.items.filter((p) => p.stock > 0).sort((a, b) => a.price - b.price)[0] || prices.items[0];
      if (!item) {
        quote.textContent = t('no_price');
        return;
      }
      const band = item.stock <= 0 ? 'none' : item.stock < 100 ? 'few' : 'plenty';
      const [before, after = ''] = t('quote', { stock: t('stock_' + band) }).split('{price}');
      quote.replaceChildren(before, h('strong', { id: 'quote-price', text: rupiah(item.price) }), after);
      offer = { ...item, key: newKey() };
      button.textContent = t('buy_for', { price: rupiah(item.price) });
      button.disabled = item.stock <= 0;
    } catch (error) {
      quote.textContent = errorText(error);
    }
  }
  service.addEventListener('change', requote);
  country.addEventListener('change', requote);

  document.getElementById('buy-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!offer) return;
    button.disabled = true;
    const body = { service: offer.service, country: offer.country, max_price: offer.price };
    if (offer.operator && offer.operator !== 'any') body.operator = offer.operator;
    try {
      const order = await api('POST', '/api/v1/orders', body, { headers: { 'Idempotency-Key': offer.key } });
      showStatus(status, t('bought', { phone: order.phone }), 'ok');
      show(order);
      await session.refresh();
      offer.key = newKey();          // the next purchase is a new one, not a replay of this one
    } catch (error) {
      showStatus(status, errorText(error), 'error');
      if (error.code === 'price_above_max') await requote();
    } finally {
      button.disabled = !offer;
    }
  });
}

// --- active orders -------------------------------------------------------------------------------

function show(order) {
  if (cards.has(order.id)) return update(order);
  const parts = {
    status: h('span', { class: 'status' }),
    countdown: h('span', { class: 'countdown' }),
    codeBox: h('div', { class: 'order-code-box', hidden: true }),
    code: h('output', { class: 'order-code', 'aria-live': 'polite' }),
    waiting: h('p', { class: 'order-waiting', text: t('waiting_sms') }),
    note: h('p', { class: 'order-meta', 'aria-live': 'polite' }),
    cancel: h('button', { type: 'button', class: 'button-small button-ghost', 'data-action': 'cancel', text: t('cancel') }),
    finish: h('button', { type: 'button', class: 'button-small', 'data-action': 'finish', text: t('finish') }),
    resend: h('button', { type: 'button', class: 'button-small button-ghost', 'data-action': 'resend', text: t('resend') }),
  };
  const copyCode = h('button', { type: 'button', class: 'button-small button-ghost', text: t('copy_code') });
  copyCode.addEventListener('click', () => copyText(cards.get(order.id).order.code || '', copyCode));
  parts.codeBox.append(h('span', { text: t('code') }), parts.code, copyCode);
  const copyPhone = h('button', { type: 'button', class: 'button-small button-ghost', text: t('copy_phone') });
  copyPhone.addEventListener('click', () => copyText(order.phone, copyPhone));
  const element = h('article', { class: 'order', id: 'order-' + order.id, 'data-order-id': order.id, 'aria-label': order.phone },
    h('div', { class: 'order-head' }, h('div', {}, h('span', { class: 'order-phone', text: order.phone }), ' ', copyPhone), parts.status),
    h('p', { class: 'order-meta' }, `${names.service[order.service] || order.service} · ${names.country[order.country] || order.country} · ${rupiah(order.price)} · `, parts.countdown),
    parts.codeBox, parts.waiting,
    h('div', { class: 'order-actions' }, parts.cancel, parts.finish, parts.resend),
    parts.note);
  for (const action of ['cancel', 'finish', 'resend']) parts[action].addEventListener('click', () => act(order.id, action));
  document.getElementById('active-orders').prepend(element);
  document.getElementById('active-empty').hidden = true;
  cards.set(order.id, { order, element, parts });
  update(order);
  if (!FINAL.has(order.status)) watch(order.id);
}

function update(order) {
  const card = cards.get(order.id);
  if (!card) return;
  const before = card.order;
  card.order = order;
  const { parts } = card;
  parts.status.textContent = t('status_' + order.status);
  parts.status.className = 'status status-' + order.status;
  card.element.dataset.status = order.status;
  parts.codeBox.hidden = !order.code;
  parts.code.textContent = order.code || '';
  parts.waiting.hidden = !!order.code || FINAL.has(order.status);
  parts.finish.hidden = order.status !== 'received';
  parts.resend.hidden = order.status !== 'received';
  parts.cancel.hidden = order.status !== 'pending';
  if (FINAL.has(order.status)) {
    parts.countdown.textContent = '';
    parts.note.textContent = order.refunded ? t('refunded') + ' (' + rupiah(order.price) + ')' : '';
    if (before !== order && !FINAL.has(before.status)) session.refresh().catch(() => {});
  }
  tickCard(card);
}

function tickCard(card) {
  const { order, parts } = card;
  if (FINAL.has(order.status)) return;
  const now = Date.now();
  const left = (Date.parse(order.expires_at) - now) / 1000;
  parts.countdown.textContent = t('expires_in', { time: clock(left) });
  if (order.status === 'pending') {
    // The server's Retry-After (after an early attempt) wins over the hold the page was built with.
    const wait = ((card.cancelAt ?? Date.parse(order.created_at) + cancelHold * 1000) - now) / 1000;
    parts.cancel.disabled = wait > 0;
    parts.cancel.textContent = wait > 0 ? t('cancel_in', { time: clock(wait) }) : t('cancel');
  }
  if (left <= 0 && !card.settling) {
    card.settling = true;        // reading an order past its window settles it (refund for no SMS)
    api('GET', `/api/v1/orders/${order.id}`).then(update).catch(() => {}).finally(() => { card.settling = false; });
  }
}

function tick() {
  for (const card of cards.values()) tickCard(card);
}

async function act(id, action) {
  const card = cards.get(id);
  const button = card.parts[action];
  button.disabled = true;
  try {
    update(await api('POST', `/api/v1/orders/${id}/${action}`));
  } catch (error) {
    card.parts.note.textContent = errorText(error);
    if (error.code === 'early_cancel_denied' && error.retryAfter) card.cancelAt = Date.now() + error.retryAfter * 1000;
  } finally {
    button.disabled = false;
    tickCard(card);
  }
}

// --- long-poll -----------------------------------------------------------------------------------

async function slot() {
  if (freeSlots > 0) { freeSlots -= 1; return; }
  await new Promise((resolve) => slotWaiters.push(resolve));
}

function release() {
  const next = slotWaiters.shift();
  if (next) next(); else freeSlots += 1;
}

async function watch(id) {
  while (cards.has(id) && !FINAL.has(cards.get(id).order.status)) {
    const before = cards.get(id).order;
    const started = Date.now();
    await slot();
    let order = null;
    try {
      order = await api('GET', `/api/v1/orders/${id}?wait=25`);
    } catch (error) {
      if (error.status === 401 || error.status === 404) return;
    } finally {
      release();
    }
    if (order) update(order);
    const unchanged = !order || (order.status === before.status && order.code === before.code);
    // The server answers at once when its long-poll slots are busy: do not spin.
    if (unchanged && Date.now() - started < 2000) await sleep(3000);
  }
}
