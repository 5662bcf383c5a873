// Account settings: details, password change, sessions (end the others), the Terms of Service version
// accepted, and account deletion: GET /api/v1/account/deletion shows what would be forfeited and what
// blocks it before the user confirms with the password (DELETE /api/v1/account). A server without the
// deletion endpoints answers 404; the page then says how to ask for deletion instead.
import { api, base, dateTime, errorText, h, rupiah, showStatus, t } from './core.js';

let session;

function details() {
  const me = session.me;
  document.getElementById('acc-email').textContent = me.email;
  document.getElementById('acc-state').textContent = t('state_' + me.state);
  document.getElementById('acc-created').textContent = dateTime(me.created_at);
  const current = me.terms.accepted === me.terms.current;
  document.getElementById('terms-state').textContent = current
    ? t('terms_current', { version: me.terms.accepted })
    : t('terms_outdated', { accepted: me.terms.accepted, current: me.terms.current });
  document.getElementById('terms-accept').hidden = current;
}

async function sessions() {
  const body = document.getElementById('sessions-body');
  try {
    const items = (await api('GET', '/api/v1/sessions')).items;
    body.replaceChildren(...items.map((item) => {
      let action = h('span', { class: 'muted', text: t('session_current') });
      if (!item.current) {
        action = h('button', { type: 'button', class: 'button-small button-ghost', text: t('session_end') });
        action.addEventListener('click', async () => {
          action.disabled = true;
          try { await api('DELETE', '/api/v1/sessions/' + encodeURIComponent(item.id)); await sessions(); } catch (error) { action.after(' ' + errorText(error)); }
        });
      }
      return h('tr', {}, h('td', { text: item.user_agent || '—' }), h('td', { text: item.ip_address || '—' }),
        h('td', { text: dateTime(item.created_at) }), h('td', { text: dateTime(item.last_seen_at) }), h('td', {}, action));
    }));
  } catch (error) {
    body.replaceChildren(h('tr', {}, h('td', { colspan: 5, text: errorText(error) })));
  }
}

async function deletion() {
  const info = document.getElementById('deletion-info');
  const form = document.getElementById('deletion-form');
  let facts;
  try {
    facts = await api('GET', '/api/v1/account/deletion');
  } catch (error) {
    info.replaceChildren(h('p', { text: error.status === 404 || error.status === 405 ? t('deletion_unavailable') : errorText(error) }));
    return;
  }
  const blocking = facts.blocking || {};
  const blocked = (blocking.active_orders || 0) + (blocking.pending_deposits || 0) > 0;
  info.replaceChildren(
    h('p', {}, h('strong', { id: 'deletion-forfeit', text: t('deletion_forfeit', { amount: rupiah(facts.forfeit_amount) }) })),
    h('p', { text: t('deletion_cooldown', { days: facts.cooldown_days ?? 30, date: dateTime(facts.purge_at) }) }),
    blocked ? h('p', { class: 'form-status error', text: t('deletion_blocked', { orders: blocking.active_orders || 0, deposits: blocking.pending_deposits || 0 }) }) : null);
  document.getElementById('deletion-confirm-label').textContent = t('deletion_confirm', { amount: rupiah(facts.forfeit_amount) });
  form.hidden = blocked;
  form.onsubmit = async (event) => {
    event.preventDefault();
    const status = document.getElementById('deletion-status');
    try {
      await api('DELETE', '/api/v1/account', {
        password: document.getElementById('deletion-password').value, confirm_forfeit_amount: facts.forfeit_amount });
      form.hidden = true;
      showStatus(status, t('deletion_done'), 'ok');
      setTimeout(() => location.assign(base + '/'), 2500);
    } catch (error) {
      showStatus(status, errorText(error), 'error');
      if (error.code === 'deletion_blocked' || error.status === 409 || error.status === 422) await deletion();
    }
  };
}

export async function start(current) {
  session = current;
  details();
  document.addEventListener('smscode:terms', details);
  document.getElementById('terms-accept').addEventListener('click', (event) => session.acceptTerms(event.currentTarget));
  document.getElementById('password-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const status = document.getElementById('password-status');
    try {
      await api('POST', '/api/v1/me/password', {
        current_password: document.getElementById('current-password').value,
        new_password: document.getElementById('new-password').value });
      event.target.reset();
      showStatus(status, t('password_changed'), 'ok');
      await sessions();
    } catch (error) {
      showStatus(status, errorText(error), 'error');
    }
  });
  await Promise.all([sessions(), deletion()]);
}
