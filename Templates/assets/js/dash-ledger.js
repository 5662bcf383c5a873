// Balance history: every ledger row, newest first, more pages on demand.
import { api, dateTime, errorText, h, rupiah, t } from './core.js';

let cursor = null;

async function load(more) {
  const body = document.getElementById('ledger-body');
  try {
    const page = await api('GET', '/api/v1/ledger?limit=50' + (more && cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
    const rows = page.items.map((entry) => h('tr', {},
      h('td', { text: dateTime(entry.created_at) }),
      h('td', { text: t('kind_' + entry.kind) }),
      h('td', { class: 'num ' + (entry.amount < 0 ? 'amount-out' : 'amount-in'), text: (entry.amount > 0 ? '+' : '') + rupiah(entry.amount) }),
      h('td', { class: 'num', text: rupiah(entry.balance_after) }),
      h('td', {}, h('code', { text: entry.reference }), entry.memo ? ' ' + entry.memo : '')));
    if (more) body.append(...rows); else body.replaceChildren(...rows);
    if (!body.children.length) body.append(h('tr', {}, h('td', { colspan: 5, class: 'muted', text: t('no_entries') })));
    cursor = page.next_cursor;
    document.getElementById('ledger-more').hidden = !cursor;
  } catch (error) {
    body.replaceChildren(h('tr', {}, h('td', { colspan: 5, text: errorText(error) })));
  }
}

export async function start() {
  document.getElementById('ledger-more').addEventListener('click', () => load(true));
  await load(false);
}
