import { api, ApiError, onUnauthorized } from './lib/api.js';
import { h, fill } from './lib/dom.js';
import { startLive } from './lib/live.js';
import * as overview from './views/overview.js';
import * as series from './views/series.js';
import * as incidents from './views/incidents.js';
import * as alerts from './views/alerts.js';
import * as ask from './views/ask.js';
import * as goals from './views/goals.js';

const VIEWS = { overview, series, incidents, alerts, goals, ask };
const root = document.getElementById('view');
/** What this browser may do: from `GET /api/v1/session`. */
const session = { auth: 'none', scopes: [], get canEdit() { return this.scopes.includes('admin'); } };
let unmount = () => {};

// ---- theme: the system's by default, a choice is remembered ----
const savedTheme = localStorage.getItem('homelab-theme');
if (savedTheme) document.documentElement.dataset.theme = savedTheme;
document.getElementById('theme').addEventListener('click', () => {
  const dark = document.documentElement.dataset.theme ? document.documentElement.dataset.theme === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
  document.documentElement.dataset.theme = dark ? 'light' : 'dark';
  localStorage.setItem('homelab-theme', document.documentElement.dataset.theme);
  route(); // charts read their colours when they are built
});

// ---- sign-in: a token once, kept by the server in an httpOnly cookie ----
let signingIn;
function signIn() {
  signingIn ??= new Promise((resolve) => {
    const dialog = document.getElementById('login');
    const form = document.getElementById('login-form');
    const error = document.getElementById('login-error');
    const submit = async (e) => {
      e.preventDefault();
      error.textContent = '';
      try {
        const s = await api('/api/v1/session', { method: 'POST', body: { token: document.getElementById('login-token').value }, retried: true });
        Object.assign(session, s);
        form.removeEventListener('submit', submit);
        dialog.close();
        showRole();
        signingIn = undefined;
        resolve();
      } catch (err) {
        error.textContent = err instanceof ApiError && err.status === 401 ? 'Unknown token.' : err.message;
      }
    };
    form.addEventListener('submit', submit);
    dialog.addEventListener('cancel', (e) => e.preventDefault()); // nothing to see without a token
    dialog.showModal();
  });
  return signingIn;
}
onUnauthorized(signIn);

function showRole() {
  const role = document.getElementById('role');
  const logout = document.getElementById('logout');
  document.body.dataset.role = session.canEdit ? 'admin' : 'read';
  role.hidden = session.auth === 'none';
  logout.hidden = session.auth === 'none';
  role.textContent = session.canEdit ? 'admin' : 'read-only';
  role.title = session.canEdit ? 'this token may edit' : 'a read token: editing needs an admin token';
}
document.getElementById('logout').addEventListener('click', async () => {
  await api('/api/v1/session', { method: 'DELETE' }).catch(() => undefined);
  location.reload();
});

// ---- routing: #/view/arg?query ----
function parseHash() {
  const [path, query] = location.hash.replace(/^#\/?/, '').split('?');
  const [name, ...rest] = (path || 'overview').split('/');
  return { name: VIEWS[name] ? name : 'overview', arg: rest.map(decodeURIComponent).join('/'), params: Object.fromEntries(new URLSearchParams(query ?? '')) };
}

async function route() {
  const { name, arg, params } = parseHash();
  unmount();
  unmount = () => {};
  for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('active', a.dataset.view === name);
  const target = h('div', { class: `view view-${name}` });
  fill(root, target);
  try {
    unmount = (await VIEWS[name].mount(target, { arg, params, session })) ?? (() => {});
  } catch (err) {
    console.error(err);
    fill(target, h('p', { class: 'notice error', role: 'alert' }, `Could not load this view: ${err.message}`));
  }
}
window.addEventListener('hashchange', route);

async function start() {
  Object.assign(session, await api('/api/v1/session'));
  if (!session.authenticated) await signIn();
  showRole();
  startLive(document.getElementById('live'));
  await route();
}
start().catch((err) => fill(root, h('p', { class: 'notice error', role: 'alert' }, `The studio did not answer: ${err.message}`)));
