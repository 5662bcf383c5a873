// The dashboard's frame: who is logged in (GET /api/v1/me, which also returns the CSRF token after a
// reload), the balance, notices (unverified email, newer Terms of Service to accept), logout, and then
// the module of this page's section (dash-<section>.js).
import { api, base, errorText, h, rupiah, setCSRF, t } from './core.js';

const root = document.getElementById('dashboard');

const session = {
  me: null,
  root,
  /** Reloads the account (after anything that moves money) and redraws the balance and notices. */
  async refresh() {
    session.me = await api('GET', '/api/v1/me');
    if (session.me.csrf_token) setCSRF(session.me.csrf_token);
    document.getElementById('balance').textContent = rupiah(session.me.balance);
    document.getElementById('account-email').textContent = session.me.email;
    notices();
    return session.me;
  },
  acceptTerms: (button) => acceptTerms(button),
};

function notice(text, ...actions) {
  return h('div', { class: 'notice', role: 'status' }, h('p', { text }), ...actions);
}

function notices() {
  const box = document.getElementById('notices');
  const me = session.me;
  box.replaceChildren();
  if (!me.email_verified) {
    const button = h('button', { type: 'button', class: 'button-small', text: t('resend_verification') });
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await api('POST', '/api/v1/auth/verify/resend');
        button.replaceWith(h('span', { text: t('resend_sent') }));
      } catch (error) {
        button.disabled = false;
        button.after(h('span', { text: ' ' + errorText(error) }));
      }
    });
    box.append(notice(t('notice_unverified'), button));
  }
  if (me.terms.accepted !== me.terms.current) {
    const accept = h('button', { type: 'button', class: 'button-small', id: 'notice-accept-terms', text: t('accept_terms') });
    accept.addEventListener('click', () => acceptTerms(accept));
    box.append(notice(t('notice_terms', { version: me.terms.current }),
      h('a', { href: base + '/terms', text: t('read_terms') }), accept));
  }
}

/** POST /api/v1/me/terms with the current version; used by the notice and the account page. */
async function acceptTerms(button) {
  button.disabled = true;
  try {
    await api('POST', '/api/v1/me/terms', { version: session.me.terms.current });
    await session.refresh();
    document.dispatchEvent(new CustomEvent('smscode:terms'));
  } catch (error) {
    button.disabled = false;
    button.after(h('span', { text: ' ' + errorText(error) }));
  }
}

async function start() {
  try {
    await session.refresh();
  } catch (error) {
    if (error.status === 401) {
      location.replace(base + '/login?next=' + encodeURIComponent(location.pathname));
      return;
    }
    document.getElementById('notices').append(notice(errorText(error)));
    return;
  }
  document.getElementById('logout').addEventListener('click', async () => {
    try { await api('POST', '/api/v1/auth/logout'); } catch { /* the session may be gone already */ }
    location.assign(base + '/login');
  });
  const section = await import(`./dash-${root.dataset.section}.js`);
  await section.start(session);
}

start();
