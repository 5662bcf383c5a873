// API tokens: create one (its secret is shown once, with a copy button), list them with last use, and
// revoke with a second confirming click.
import { api, copyText, dateTime, errorText, h, showStatus, t } from './core.js';

const status = () => document.getElementById('token-status');

async function load() {
  const body = document.getElementById('tokens-body');
  try {
    const tokens = (await api('GET', '/api/v1/tokens')).items;
    body.replaceChildren(...tokens.map((token) => {
      const revoke = h('button', { type: 'button', class: 'button-small button-ghost', 'data-action': 'revoke', text: t('revoke') });
      revoke.addEventListener('click', () => revokeToken(token, revoke));
      return h('tr', { 'data-token-id': token.id },
        h('td', { text: token.name }), h('td', {}, h('code', { text: token.hint })),
        h('td', { text: dateTime(token.created_at) }),
        h('td', { text: token.last_used_at ? dateTime(token.last_used_at) : t('never') }), h('td', {}, revoke));
    }));
    if (!tokens.length) body.append(h('tr', {}, h('td', { colspan: 5, class: 'muted', text: t('no_tokens') })));
  } catch (error) {
    showStatus(status(), errorText(error), 'error');
  }
}

async function revokeToken(token, button) {
  if (!button.dataset.armed) {
    button.dataset.armed = 'yes';
    button.textContent = t('revoke_confirm');
    button.classList.add('button-danger');
    return;
  }
  button.disabled = true;
  try {
    await api('DELETE', '/api/v1/tokens/' + encodeURIComponent(token.id));
    showStatus(status(), t('revoked', { name: token.name }), 'ok');
    await load();
  } catch (error) {
    button.disabled = false;
    showStatus(status(), errorText(error), 'error');
  }
}

export async function start() {
  const form = document.getElementById('token-form');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const name = document.getElementById('token-name').value.trim();
    try {
      const created = await api('POST', '/api/v1/tokens', { name });
      document.getElementById('token-value').textContent = created.token;
      document.getElementById('token-created').hidden = false;
      form.reset();
      showStatus(status(), t('token_created', { name: created.name }), 'ok');
      await load();
    } catch (error) {
      showStatus(status(), errorText(error), 'error');
    }
  });
  const copy = document.getElementById('token-copy');
  copy.addEventListener('click', () => copyText(document.getElementById('token-value').textContent, copy));
  await load();
}
