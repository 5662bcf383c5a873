// The account pages: log in, sign up, verify the email (token from the link's #fragment, which never
// reaches a server log), and reset the password (request a link, then set a new password with it).
import { api, base, errorText, nextPath, showStatus, t } from './core.js';

function form(name, handler) {
  const element = document.querySelector(`[data-form="${name}"]`);
  if (!element) return;
  element.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = element.querySelector('button[type=submit]');
    if (button) button.disabled = true;
    try {
      await handler(element);
    } finally {
      if (button) button.disabled = false;
    }
  });
}

const value = (id) => document.getElementById(id).value;

/** The token of a /verify#token=… or /reset#token=… link; removed from the address bar once read. */
function linkToken() {
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  if (token) history.replaceState(null, '', location.pathname + location.search);
  return token;
}

form('login', async () => {
  const status = document.getElementById('login-status');
  try {
    await api('POST', '/api/v1/auth/login', { email: value('login-email'), password: value('login-password') });
    showStatus(status, t('login_ok'), 'ok');
    location.assign(nextPath(base + '/dashboard'));
  } catch (error) {
    showStatus(status, errorText(error), 'error');
  }
});

form('register', async (element) => {
  const status = document.getElementById('register-status');
  try {
    await api('POST', '/api/v1/auth/register', {
      email: value('register-email'), password: value('register-password'),
      adult: document.getElementById('register-adult').checked, terms_version: element.dataset.termsVersion,
    });
    element.reset();
    showStatus(status, t('register_sent'), 'ok');
  } catch (error) {
    showStatus(status, errorText(error), 'error');
  }
});

const verifyStatus = document.querySelector('[data-form="verify"]');
if (verifyStatus) {
  const token = linkToken();
  if (!token) {
    showStatus(verifyStatus, t('verify_missing'), 'error');
  } else {
    api('POST', '/api/v1/auth/verify', { token })
      .then(() => showStatus(verifyStatus, t('verify_ok'), 'ok'))
      .catch((error) => showStatus(verifyStatus, errorText(error), 'error'));
  }
}

const resetStatus = document.getElementById('reset-status');
if (resetStatus) {
  const token = linkToken();
  if (token) {
    document.getElementById('reset-request-form').hidden = true;
    document.getElementById('reset-confirm-form').hidden = false;
  }
  form('reset-request', async (element) => {
    try {
      await api('POST', '/api/v1/auth/password-reset', { email: value('reset-email') });
      element.reset();
      showStatus(resetStatus, t('reset_sent'), 'ok');
    } catch (error) {
      showStatus(resetStatus, errorText(error), 'error');
    }
  });
  form('reset-confirm', async (element) => {
    try {
      await api('POST', '/api/v1/auth/password-reset/confirm', { token, password: value('reset-password') });
      element.hidden = true;
      showStatus(resetStatus, t('reset_ok'), 'ok');
    } catch (error) {
      showStatus(resetStatus, errorText(error), 'error');
    }
  });
}
