// The dashboard's entry: session, layout, routing under /ui/, language. Views are modules loaded on first use; each
// gets what it needs from here through its context (never by importing this module, which would be a cycle).

import { SSO_PROVIDER_KEY, endSession, get, onUnauthorized, refreshSession, session } from './core/api.js';
import { clear, h } from './core/dom.js';
import { feed } from './core/feed.js';
import { i18n, t } from './core/i18n.js';
import { HOME, matchRoute, safeReturnPath } from './core/router.js';

const RETURN_KEY = 'cm.returnTo';
const NOTICE_KEY = 'cm.notice';
const VIEWS = {
  login: () => import('./views/login.js'),
  containers: () => import('./views/containers.js'),
  create: () => import('./views/create.js'),
  container: () => import('./views/container.js'),
  files: () => import('./views/files.js'),
  jobs: () => import('./views/jobs.js'),
  audit: () => import('./views/audit.js'),
  volumes: () => import('./views/volumes.js'),
  tokens: () => import('./views/tokens.js'),
  adminUsers: () => import('./views/admin-users.js'),
  adminContainers: () => import('./views/admin-containers.js'),
  adminAudit: () => import('./views/admin-audit.js'),
  adminGroups: () => import('./views/admin-groups.js'),
  adminCluster: () => import('./views/admin-cluster.js'),
  notFound: () => import('./views/notfound.js'),
};

const root = document.getElementById('app');
let current = null; // {name, view: {dispose?, update?}, params}
let renderSeq = 0;

function navigate(path, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  render();
}

/** Leaves for the login page, remembering where the user was so that a login brings them back. */
function toLogin(notice) {
  const here = location.pathname + location.search;
  if (matchRoute(location.pathname).name !== 'login') sessionStorage.setItem(RETURN_KEY, here);
  if (notice) sessionStorage.setItem(NOTICE_KEY, notice);
  session.clear();
  // A fresh page: nothing of the old session (lists, filters, selections) stays in memory.
  location.replace('/ui/login');
}

/** After a successful login: back to where the user was, else the containers. */
function loggedIn(body) {
  session.set(body);
  const back = safeReturnPath(sessionStorage.getItem(RETURN_KEY));
  sessionStorage.removeItem(RETURN_KEY);
  feed.start();
  loadRole();
  navigate(back, { replace: true });
}

/**
 * The caller's role, from GET /users/me: the admin pages are in the navigation only for an admin. It only shapes
 * the navigation; the service itself refuses /admin calls to anyone else (an admin page opened by address says so).
 * Asked beside the first render, not before it, so that no page waits for it: the link is added once it is known.
 */
let role = null;
async function loadRole() {
  try {
    role = (await get('/users/me'))?.role || null;
  } catch {
    role = null; // no admin links rather than a guess
  }
  const nav = root.querySelector('.topbar nav');
  if (!nav) return; // the next render draws the navigation with the role
  nav.dataset.role = role || 'unknown';
  if (role === 'admin' && !nav.querySelector('[data-testid=nav-admin]')) {
    nav.append(navLink('/ui/admin/users', 'admin', matchRoute(location.pathname).name.startsWith('admin')));
  }
}

async function logout() {
  sessionStorage.removeItem(RETURN_KEY);
  feed.stop();
  await endSession(); // every tab of this browser: their next token refresh fails
  const provider = sessionStorage.getItem(SSO_PROVIDER_KEY);
  sessionStorage.removeItem(SSO_PROVIDER_KEY);
  // Signed in through a provider: its session ends too, and it comes back to the login page. A fresh page either
  // way: the next user finds nothing of this one in memory.
  location.replace(provider ? `/auth/logout/${encodeURIComponent(provider)}` : '/ui/login');
}

function takeNotice() {
  const notice = sessionStorage.getItem(NOTICE_KEY);
  sessionStorage.removeItem(NOTICE_KEY);
  return notice;
}

function navLink(path, key, active) {
  return h(
    'a',
    {
      href: path,
      class: active ? 'active' : null,
      'aria-current': active ? 'page' : null,
      'data-testid': `nav-${key}`,
    },
    t(`nav.${key}`),
  );
}

function languageSwitch() {
  return h(
    'select',
    {
      'aria-label': t('nav.language'),
      'data-testid': 'language',
      onchange: async (e) => {
        await i18n.use(e.target.value);
        render({ force: true });
      },
    },
    ...i18n.languages.map(([code, name]) => h('option', { value: code, selected: code === i18n.language }, name)),
  );
}

function layout(routeName) {
  const section =
    {
      containers: 'containers',
      create: 'containers',
      container: 'containers',
      files: 'files',
      volumes: 'volumes',
      jobs: 'jobs',
      audit: 'audit',
      tokens: 'tokens',
    }[routeName] || (routeName.startsWith('admin') ? 'admin' : undefined);
  const main = h('main', { id: 'view', tabindex: '-1' });
  const header = h(
    'header',
    { class: 'topbar' },
    h(
      'a',
      { class: 'brand', href: HOME, 'aria-label': 'Container Manager' },
      h('img', { src: '/assets/icon.svg', alt: '', width: 24, height: 24 }),
      h('span', null, 'Container Manager'),
    ),
    session.token
      ? h(
          'nav',
          { 'aria-label': t('nav.main'), 'data-testid': 'nav-main', 'data-role': role },
          navLink('/ui/containers', 'containers', section === 'containers'),
          navLink('/ui/files', 'files', section === 'files'),
          navLink('/ui/volumes', 'volumes', section === 'volumes'),
          navLink('/ui/jobs', 'jobs', section === 'jobs'),
          navLink('/ui/audit', 'audit', section === 'audit'),
          navLink('/ui/tokens', 'tokens', section === 'tokens'),
          role === 'admin' ? navLink('/ui/admin/users', 'admin', section === 'admin') : null,
        )
      : h('span', { class: 'spacer' }),
    h(
      'div',
      { class: 'topbar-end' },
      languageSwitch(),
      session.token ? h('span', { class: 'user', 'data-testid': 'current-user' }, session.username) : null,
      session.token
        ? h('button', { class: 'secondary', 'data-testid': 'logout', onclick: logout }, t('nav.logout'))
        : null,
    ),
  );
  const skip = h('a', { class: 'skip-link', href: '#view', 'data-testid': 'skip-link' }, t('nav.skip'));
  skip.addEventListener('click', (e) => {
    e.preventDefault();
    focusHeading(main);
  });
  return { shell: [skip, header, main], main };
}

/** After a navigation, focus goes to the new page's heading, so that a screen reader starts reading there. */
function focusHeading(main) {
  if (main.contains(document.activeElement) && document.activeElement !== main) return; // the view chose (a form)
  const heading = main.querySelector('h1');
  const target = heading || main;
  if (heading && !heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
  target.focus({ preventScroll: true });
}

function resolveRoute() {
  let route = matchRoute(location.pathname);
  if (route.name === 'home') {
    history.replaceState(null, '', session.token ? HOME : '/ui/login');
    route = matchRoute(location.pathname);
  }
  if (route.name !== 'login' && route.name !== 'notFound' && !session.token) {
    sessionStorage.setItem(RETURN_KEY, location.pathname + location.search);
    history.replaceState(null, '', '/ui/login');
    route = matchRoute('/ui/login');
  }
  if (route.name === 'login' && session.token) {
    history.replaceState(null, '', HOME);
    route = matchRoute(HOME);
  }
  return route;
}

async function render({ force = false } = {}) {
  const seq = ++renderSeq;
  const route = resolveRoute();
  // The same page with other parameters (a container's tabs): the view moves itself, keeping what it holds open.
  if (!force && current && current.name === route.name && current.view.update?.(route.params, current.params)) {
    current.params = route.params;
    return;
  }
  const module = await VIEWS[route.name]();
  if (seq !== renderSeq) return; // a later navigation won
  current?.view.dispose?.();
  current = null;
  document.documentElement.lang = i18n.language;
  document.title = `${t(`title.${route.name}`)} · Container Manager`;
  const { shell, main } = layout(route.name);
  clear(root).append(...shell);
  const context = { params: route.params, navigate, loggedIn, takeNotice, setTitle };
  const result = module.render(main, context);
  const view = typeof result === 'function' ? { dispose: result } : result || {};
  current = { name: route.name, view, params: route.params };
  if (!force) focusHeading(main);
}

/** A view names its page more precisely once it knows (a container's name). */
function setTitle(text) {
  document.title = `${text} · Container Manager`;
}

// Same-origin links under /ui/ navigate in place; everything else (Swagger, downloads) is left to the browser.
document.addEventListener('click', (e) => {
  const a = e.target.closest('a[href]');
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  if (a.target || a.hasAttribute('download')) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || !url.pathname.startsWith('/ui/')) return;
  e.preventDefault();
  if (url.pathname + url.search !== location.pathname + location.search) navigate(url.pathname + url.search);
});
window.addEventListener('popstate', () => render());
// Leaving the page ends its streams at once. A browser holds at most six connections to one server over HTTP/1.1;
// streams a leaving page kept open would hold up the next page's requests until the server gave up on them.
window.addEventListener('pagehide', () => {
  current?.view.dispose?.();
  current = null;
  feed.stop();
});
// Back from the browser's page cache, with the streams ended above: start afresh.
window.addEventListener('pageshow', (e) => {
  if (e.persisted) location.reload();
});

onUnauthorized(() => {
  if (session.token) toLogin('session.expired');
});

session.load();
// A new tab has no token of its own yet: the browser's session (a cookie this page cannot read) buys one.
Promise.all([i18n.start(), session.token ? true : refreshSession()]).then(() => {
  if (session.token) {
    feed.start();
    loadRole();
  }
  render();
});
