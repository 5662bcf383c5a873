// Deposits: gateway and method, amount presets, then how to pay (the gateway's page, a virtual account
// number or QRIS data) and the deposit's status, which turns to paid only when the gateway's callback
// reached the server. The history lists every deposit.
import { api, dateTime, errorText, h, newKey, rupiah, showStatus, sleep, t } from './core.js';

let session;
let cursor = null;
let key = newKey();
let watching = null;

const gateway = () => document.querySelector('input[name=gateway]:checked')?.value;

function syncMethod() {
  document.getElementById('method-row').hidden = gateway() !== 'duitku';
}

function statusBadge(deposit) {
  return h('span', { class: 'status status-' + deposit.status, text: t('dstatus_' + deposit.status) });
}

function payLink(deposit) {
  return deposit.status === 'pending' && deposit.payment?.url
    ? h('a', { href: deposit.payment.url, class: 'button button-small', 'data-action': 'pay', text: t('pay_now') }) : null;
}

function showResult(deposit) {
  const box = document.getElementById('deposit-result');
  const payment = deposit.payment || {};
  box.replaceChildren(
    h('p', {}, t('deposit_created', { id: deposit.id, amount: rupiah(deposit.amount) })),
    h('p', {}, statusBadge(deposit), ' ', deposit.status === 'pending' ? t('deposit_expires', { time: dateTime(deposit.expires_at) }) : ''),
    payment.va_number ? h('p', {}, t('va_number') + ': ', h('code', { id: 'deposit-va', text: payment.va_number })) : null,
    payment.qr_string ? h('p', {}, t('qr_string') + ': ', h('code', { id: 'deposit-qr', text: payment.qr_string })) : null,
    h('p', {}, payLink(deposit)));
  box.dataset.depositId = deposit.id;
  box.dataset.status = deposit.status;
}

async function loadHistory(more) {
  const body = document.getElementById('deposits-body');
  try {
    const page = await api('GET', '/api/v1/deposits?limit=20' + (more && cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
    const rows = page.items.map((deposit) => h('tr', { 'data-deposit-id': deposit.id },
      h('td', { text: dateTime(deposit.created_at) }), h('td', {}, h('code', { text: deposit.id })),
      h('td', { text: deposit.gateway + (deposit.method ? ' · ' + deposit.method : '') }),
      h('td', { class: 'num', text: rupiah(deposit.amount) }), h('td', {}, statusBadge(deposit)), h('td', {}, payLink(deposit))));
    if (more) body.append(...rows); else body.replaceChildren(...rows);
    if (!body.children.length) body.append(h('tr', {}, h('td', { colspan: 6, class: 'muted', text: t('no_deposits') })));
    cursor = page.next_cursor;
    document.getElementById('deposits-more').hidden = !cursor;
    const pending = page.items.find((deposit) => deposit.status === 'pending');
    if (!more && pending) watch(pending.id);
  } catch (error) {
    body.replaceChildren(h('tr', {}, h('td', { colspan: 6, text: errorText(error) })));
  }
}

/** Polls a pending deposit until the gateway has confirmed (or it expired); then refreshes the balance. */
async function watch(id) {
  if (watching === id) return;
  watching = id;
  while (watching === id) {
    await sleep(4000);
    let deposit;
    try { deposit = await api('GET', '/api/v1/deposits/' + encodeURIComponent(id)); } catch { continue; }
    if (deposit.status === 'pending') continue;
    if (document.getElementById('deposit-result').dataset.depositId === id) showResult(deposit);
    if (deposit.status === 'paid') {
      showStatus(document.getElementById('deposit-status'), t('deposit_paid', { id, amount: rupiah(deposit.amount) }), 'ok');
      await session.refresh();
    }
    watching = null;
    await loadHistory(false);
  }
  if (watching === id) watching = null;
}

export async function start(current) {
  session = current;
  const amount = document.getElementById('deposit-amount');
  const chips = Array.from(document.querySelectorAll('.chip[data-amount]'));
  for (const chip of chips) {
    chip.addEventListener('click', () => {
      amount.value = chip.dataset.amount;
      for (const other of chips) other.setAttribute('aria-pressed', String(other === chip));
    });
  }
  amount.addEventListener('input', () => chips.forEach((chip) => chip.setAttribute('aria-pressed', String(chip.dataset.amount === amount.value))));
  document.querySelectorAll('input[name=gateway]').forEach((radio) => radio.addEventListener('change', syncMethod));
  syncMethod();
  const form = document.getElementById('deposit-form');
  form.addEventListener('input', () => { key = newKey(); });
  form.addEventListener('click', (event) => { if (event.target.matches('.chip')) key = newKey(); });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const status = document.getElementById('deposit-status');
    const body = { amount: Number(amount.value), gateway: gateway() };
    if (body.gateway === 'duitku') body.method = document.getElementById('deposit-method').value;
    document.getElementById('deposit-submit').disabled = true;
    try {
      const deposit = await api('POST', '/api/v1/deposits', body, { headers: { 'Idempotency-Key': key } });
      showStatus(status, '');
      showResult(deposit);
      key = newKey();
      await loadHistory(false);
    } catch (error) {
      showStatus(status, errorText(error), 'error');
    } finally {
      document.getElementById('deposit-submit').disabled = false;
    }
  });
  document.getElementById('deposits-more').addEventListener('click', () => loadHistory(true));
  await loadHistory(false);
}
