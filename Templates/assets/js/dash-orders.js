// Order history: a status filter (server side), a text filter over service, country and number
// (client side), more pages on demand, and a CSV export of every matching order (all pages, built here).
import { allPages, api, catalog, dateTime, errorText, h, rupiah, showStatus, t } from './core.js';

let names;
let rows = [];
let cursor = null;

const statusFilter = () => document.getElementById('filter-status').value;
const textFilter = () => document.getElementById('filter-text').value.trim().toLowerCase();

function matches(order) {
  const words = textFilter();
  if (!words) return true;
  return [names.service[order.service], order.service, names.country[order.country], order.country, order.phone, order.id]
    .some((value) => String(value || '').toLowerCase().includes(words));
}

function draw() {
  const body = document.getElementById('orders-body');
  const visible = rows.filter(matches);
  body.replaceChildren(...visible.map((order) => h('tr', { 'data-order-id': order.id },
    h('td', { text: dateTime(order.created_at) }),
    h('td', { text: names.service[order.service] || order.service }),
    h('td', { text: names.country[order.country] || order.country }),
    h('td', { text: order.phone || '—' }),
    h('td', { class: 'num', text: rupiah(order.price) }),
    h('td', {}, h('span', { class: 'status status-' + order.status, text: t('status_' + order.status) }),
      order.refunded ? h('span', { class: 'muted', text: ' · ' + t('refunded') }) : null),
    h('td', {}, order.code ? h('code', { text: order.code }) : '—'))));
  if (!visible.length) body.append(h('tr', {}, h('td', { colspan: 7, class: 'muted', text: t('no_orders') })));
  document.getElementById('orders-more').hidden = !cursor;
}

async function load(more = false) {
  const status = statusFilter();
  const query = '/api/v1/orders?limit=50' + (status ? '&status=' + status : '') + (more && cursor ? '&cursor=' + encodeURIComponent(cursor) : '');
  try {
    const page = await api('GET', query);
    rows = more ? rows.concat(page.items) : page.items;
    cursor = page.next_cursor;
    draw();
  } catch (error) {
    showStatus(document.getElementById('orders-status'), errorText(error), 'error');
  }
}

/** RFC 4180: quote every field, double the quotes inside. */
const csvField = (value) => '"' + String(value ?? '').replaceAll('"', '""') + '"';

export function toCSV(orders) {
  const columns = ['id', 'created_at', 'expires_at', 'service', 'country', 'operator', 'phone', 'price', 'status', 'code', 'refunded'];
  return [columns.join(','), ...orders.map((order) => columns.map((column) => csvField(order[column])).join(','))].join('\r\n') + '\r\n';
}

async function exportCSV() {
  const status = document.getElementById('orders-status');
  showStatus(status, t('exporting'));
  try {
    const filter = statusFilter();
    const orders = (await allPages('/api/v1/orders' + (filter ? '?status=' + filter : ''))).filter(matches);
    const url = URL.createObjectURL(new Blob([toCSV(orders)], { type: 'text/csv;charset=utf-8' }));
    const link = h('a', { href: url, download: `smscode-orders-${new Date().toISOString().slice(0, 10)}.csv`, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    showStatus(status, t('exported', { count: orders.length }), 'ok');
  } catch (error) {
    showStatus(status, errorText(error), 'error');
  }
}

export async function start() {
  names = await catalog();
  document.getElementById('filter-status').addEventListener('change', () => load());
  document.getElementById('filter-text').addEventListener('input', draw);
  document.getElementById('orders-more').addEventListener('click', () => load(true));
  document.getElementById('export-csv').addEventListener('click', exportCSV);
  document.getElementById('orders-filter').addEventListener('submit', (event) => event.preventDefault());
  await load();
}
